import { describe, expect, it } from 'vitest';
import { checkRow, isBlock, moveCell, parseTsv, parseWanCell, planPaste, sumYuan } from './figuresGrid';

describe('parseTsv', () => {
  it('splits rows and tab-separated cells', () => {
    expect(parseTsv('1\t2\t3\n4\t5\t6')).toEqual([
      ['1', '2', '3'],
      ['4', '5', '6'],
    ]);
  });
  it('takes Windows line endings and drops the trailing line break Excel adds', () => {
    expect(parseTsv('1\t2\r\n3\t4\r\n')).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(parseTsv('7\n')).toEqual([['7']]);
    expect(parseTsv('7\r')).toEqual([['7']]);
  });
  it('keeps empty cells and empty trailing cells', () => {
    expect(parseTsv('1\t\t3\r\n\t5\t\r\n')).toEqual([
      ['1', '', '3'],
      ['', '5', ''],
    ]);
  });
  it('keeps an empty line in the middle as a row of one empty cell', () => {
    expect(parseTsv('1\n\n3\n')).toEqual([['1'], [''], ['3']]);
  });
  it('unquotes cells Excel quoted, with doubled quotes and embedded breaks', () => {
    expect(parseTsv('"1,234.5"\t"a""b"\t"x\ny"\r\n2\t3\t4\r\n')).toEqual([
      ['1,234.5', 'a"b', 'x\ny'],
      ['2', '3', '4'],
    ]);
    // a quote that does not close a cell is text
    expect(parseTsv('"12\t3')).toEqual([['"12', '3']]);
  });
  it('answers no rows for empty text', () => {
    expect(parseTsv('')).toEqual([]);
  });
});

describe('isBlock', () => {
  it('tells a single value from a block', () => {
    expect(isBlock('12.5')).toBe(false);
    expect(isBlock('12.5\r\n')).toBe(false);
    expect(isBlock('12.5\t3')).toBe(true);
    expect(isBlock('1\n2')).toBe(true);
  });
});

describe('parseWanCell', () => {
  it('converts 万元 to integer yuan exactly', () => {
    expect(parseWanCell('12345.6789')).toEqual({ yuan: 123456789, error: null });
    expect(parseWanCell('0.0001')).toEqual({ yuan: 1, error: null });
    expect(parseWanCell(' 4.35 ')).toEqual({ yuan: 43500, error: null });
    expect(parseWanCell('\u00a01.1\u3000')).toEqual({ yuan: 11000, error: null });
  });
  it('treats a blank cell as nothing entered', () => {
    expect(parseWanCell('')).toEqual({ yuan: null, error: null });
    expect(parseWanCell('   ')).toEqual({ yuan: null, error: null });
  });
  it('accepts well-formed thousands separators and refuses malformed ones', () => {
    expect(parseWanCell('1,234.5')).toEqual({ yuan: 12345000, error: null });
    expect(parseWanCell('12,345,678')).toEqual({ yuan: 123456780000, error: null });
    expect(parseWanCell('1,23').error).toBe('format');
    expect(parseWanCell('1234,567').error).toBe('format');
    expect(parseWanCell('1.234,5').error).toBe('format');
    expect(parseWanCell(',123').error).toBe('format');
  });
  it('names why a cell is refused', () => {
    expect(parseWanCell('-1').error).toBe('negative');
    expect(parseWanCell('1.23456').error).toBe('decimals');
    expect(parseWanCell('abc').error).toBe('format');
    expect(parseWanCell('1e5').error).toBe('format');
    expect(parseWanCell('100000000000.0001').error).toBe('too_large');
  });
});

describe('planPaste', () => {
  it('fills the block from the start cell with per-cell values and errors', () => {
    const block = parseTsv('1\t2,000.5\r\nx\t-3\r\n');
    const plan = planPaste(block, { row: 1, col: 2 }, { rows: 5, cols: 5 });
    expect(plan.clipped).toBe(false);
    expect(plan.cells).toEqual([
      { row: 1, col: 2, text: '1', yuan: 10000, error: null },
      { row: 1, col: 3, text: '2,000.5', yuan: 20005000, error: null },
      { row: 2, col: 2, text: 'x', yuan: null, error: 'format' },
      { row: 2, col: 3, text: '-3', yuan: null, error: 'negative' },
    ]);
  });
  it('drops cells that fall outside the grid and says so', () => {
    const plan = planPaste(parseTsv('1\t2\t3\n4\t5\t6\n'), { row: 1, col: 3 }, { rows: 2, cols: 5 });
    expect(plan.clipped).toBe(true);
    expect(plan.cells.map((c) => [c.row, c.col, c.yuan])).toEqual([
      [1, 3, 10000],
      [1, 4, 20000],
    ]);
  });
});

describe('checkRow', () => {
  it('refuses an out-of-province part larger than the total', () => {
    const v = checkRow(['100', '100.0001', '', '0', '1']);
    expect(v[1]).toEqual({ yuan: 1000001, error: 'exceeds_total' });
    expect(v[0]).toEqual({ yuan: 1000000, error: null });
    expect(v[2]).toEqual({ yuan: null, error: null });
  });
  it('takes a part equal to the total and a part with an empty total as exceeding', () => {
    expect(checkRow(['5', '5', '', '', ''])[1].error).toBeNull();
    expect(checkRow(['', '5', '', '', ''])[1].error).toBe('exceeds_total');
    expect(checkRow(['', '0', '', '', ''])[1].error).toBeNull();
  });
  it('keeps the format error of the total and does not compare against it', () => {
    const v = checkRow(['abc', '5', '', '', '']);
    expect(v[0].error).toBe('format');
    expect(v[1].error).toBeNull();
  });
});

describe('moveCell', () => {
  const size = { rows: 3, cols: 5 };
  it('moves down and up with Enter', () => {
    expect(moveCell({ row: 0, col: 2 }, 'Enter', false, size)).toEqual({ row: 1, col: 2 });
    expect(moveCell({ row: 1, col: 2 }, 'Enter', true, size)).toEqual({ row: 0, col: 2 });
    expect(moveCell({ row: 2, col: 2 }, 'Enter', false, size)).toBeNull();
  });
  it('wraps Tab to the next row and Shift+Tab back, leaving the grid at its ends', () => {
    expect(moveCell({ row: 0, col: 4 }, 'Tab', false, size)).toEqual({ row: 1, col: 0 });
    expect(moveCell({ row: 1, col: 0 }, 'Tab', true, size)).toEqual({ row: 0, col: 4 });
    expect(moveCell({ row: 2, col: 4 }, 'Tab', false, size)).toBeNull();
    expect(moveCell({ row: 0, col: 0 }, 'Tab', true, size)).toBeNull();
  });
  it('moves one cell with arrows and stops at the edges', () => {
    expect(moveCell({ row: 1, col: 1 }, 'ArrowRight', false, size)).toEqual({ row: 1, col: 2 });
    expect(moveCell({ row: 1, col: 1 }, 'ArrowLeft', false, size)).toEqual({ row: 1, col: 0 });
    expect(moveCell({ row: 1, col: 1 }, 'ArrowUp', false, size)).toEqual({ row: 0, col: 1 });
    expect(moveCell({ row: 1, col: 1 }, 'ArrowDown', false, size)).toEqual({ row: 2, col: 1 });
    expect(moveCell({ row: 1, col: 0 }, 'ArrowLeft', false, size)).toBeNull();
    expect(moveCell({ row: 1, col: 4 }, 'ArrowRight', false, size)).toBeNull();
    expect(moveCell({ row: 0, col: 0 }, 'ArrowUp', false, size)).toBeNull();
  });
  it('does nothing in an empty grid', () => {
    expect(moveCell({ row: 0, col: 0 }, 'Enter', false, { rows: 0, cols: 5 })).toBeNull();
  });
});

describe('sumYuan', () => {
  it('adds exactly beyond 2^53', () => {
    expect(sumYuan([1e15, 1e15, 1e15, 1e15, 1e15, 1e15, 1e15, 1e15, 1e15, 1, null])).toBe(9000000000000001n);
  });
});

describe('parseCountCell', () => {
  it('takes whole numbers and refuses the rest', async () => {
    const { parseCountCell } = await import('./figuresGrid');
    expect(parseCountCell(' 60 ')).toEqual({ value: 60, error: null });
    expect(parseCountCell('1,200')).toEqual({ value: 1200, error: null });
    expect(parseCountCell('')).toEqual({ value: null, error: null });
    for (const bad of ['1.5', '-1', 'x', '1e3', '12,34', '1000000001']) expect(parseCountCell(bad).error, bad).toBe('count');
  });
});
