// The pure parts of the monthly figures grid: reading a block pasted from Excel (tab-separated
// text), turning each cell's 万元 text into integer yuan with a per-cell error, checking a row,
// and moving between cells with Enter, Tab and the arrow keys.
import { tryWanToYuan, type MoneyErrorReason } from '@/utils/money';

/** Why a cell is refused: a money reason, or the out-of-province part exceeding the total. */
export type CellError = MoneyErrorReason | 'exceeds_total';

export interface CellValue {
  /** Integer yuan; null for an empty cell (nothing entered). */
  yuan: number | null;
  error: CellError | null;
}

/**
 * Tab-separated text as copied from Excel or WPS → rows of cells. Accepts \r\n, \n or \r line
 * endings, drops the one line ending Excel puts after the last row, and unquotes cells Excel
 * wrapped in double quotes (those holding a tab, a line break or a quote).
 */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  const n = text.length;
  let atCellStart = true;
  while (i < n) {
    const ch = text[i];
    if (atCellStart && ch === '"') {
      // A quoted cell: up to the closing quote; "" inside is one quote.
      let j = i + 1;
      let value = '';
      let closed = false;
      while (j < n) {
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          closed = true;
          j++;
          break;
        }
        value += text[j++];
      }
      if (closed && (j >= n || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) {
        cell = value;
        i = j;
        atCellStart = false;
        continue;
      }
      // Not a well-formed quoted cell: take the quote literally.
    }
    atCellStart = false;
    if (ch === '\t') {
      row.push(cell);
      cell = '';
      atCellStart = true;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      cell += ch;
      i++;
    }
  }
  // The last row, unless the text ended with a line break (Excel always adds one).
  if (!atCellStart || cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** True when pasted text is more than one cell (a tab or a line break inside, ignoring one trailing line break). */
export function isBlock(text: string): boolean {
  return /[\t\r\n]/.test(text.replace(/(\r\n|\n|\r)$/, ''));
}

/**
 * One cell's 万元 text → integer yuan. Blank → null. Spaces (also non-breaking and full-width)
 * around the number are ignored; thousands separators are accepted only where they group
 * exactly three digits ("1,234.5", "12,345,678"), as Excel copies formatted numbers; "1,23" and
 * "1.234,5" are refused. At most 4 decimals (1 元); no sign, no exponent.
 */
export function parseWanCell(text: string): CellValue {
  const s = (text ?? '').replace(/^[\s\u00a0\u3000]+|[\s\u00a0\u3000]+$/g, '');
  if (s === '') return { yuan: null, error: null };
  let plain = s;
  if (s.includes(',')) {
    if (!/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return { yuan: null, error: 'format' };
    plain = s.replace(/,/g, '');
  }
  const r = tryWanToYuan(plain);
  return r.ok ? { yuan: r.yuan, error: null } : { yuan: null, error: r.reason };
}

export interface CellPos {
  row: number;
  col: number;
}

export interface GridSize {
  rows: number;
  cols: number;
}

export interface PastedCell extends CellPos, CellValue {
  text: string;
}

export interface PastePlan {
  cells: PastedCell[];
  /** Some pasted cells fell outside the grid and were dropped. */
  clipped: boolean;
}

/** Where each cell of a pasted block lands when its top-left cell is `start`, with its parsed value. */
export function planPaste(block: string[][], start: CellPos, size: GridSize): PastePlan {
  const cells: PastedCell[] = [];
  let clipped = false;
  block.forEach((line, dr) => {
    line.forEach((text, dc) => {
      const row = start.row + dr;
      const col = start.col + dc;
      if (row >= size.rows || col >= size.cols) {
        clipped = true;
        return;
      }
      const trimmed = text.replace(/^[\s\u00a0\u3000]+|[\s\u00a0\u3000]+$/g, '');
      cells.push({ row, col, text: trimmed, ...parseWanCell(trimmed) });
    });
  });
  return { cells, clipped };
}

/**
 * The values and errors of one row of the grid, in column order. `exceedsPair` is
 * [total column, part column]: the part may not be larger than the total (省外资金 ≤ 实际到位资金).
 */
export function checkRow(texts: string[], exceedsPair: [number, number] = [0, 1]): CellValue[] {
  const values = texts.map(parseWanCell);
  const [t, p] = exceedsPair;
  const total = values[t];
  const part = values[p];
  if (part && !part.error && part.yuan !== null && total && !total.error) {
    if (part.yuan > (total.yuan ?? 0)) values[p] = { yuan: part.yuan, error: 'exceeds_total' };
  }
  return values;
}

export type NavKey = 'Enter' | 'Tab' | 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight';

/**
 * The cell a key moves to, or null when it does not move (an edge, or Tab past the last cell,
 * which lets the focus leave the grid). Enter goes down (Shift+Enter up); Tab goes right and
 * wraps to the next row (Shift+Tab left, wrapping back); arrows move one cell and stop at edges.
 */
export function moveCell(pos: CellPos, key: NavKey, shift: boolean, size: GridSize): CellPos | null {
  const { rows, cols } = size;
  if (rows <= 0 || cols <= 0) return null;
  const at = (row: number, col: number): CellPos | null =>
    row >= 0 && row < rows && col >= 0 && col < cols ? { row, col } : null;
  switch (key) {
    case 'Enter':
      return at(pos.row + (shift ? -1 : 1), pos.col);
    case 'ArrowDown':
      return at(pos.row + 1, pos.col);
    case 'ArrowUp':
      return at(pos.row - 1, pos.col);
    case 'ArrowLeft':
      return at(pos.row, pos.col - 1);
    case 'ArrowRight':
      return at(pos.row, pos.col + 1);
    case 'Tab': {
      const index = pos.row * cols + pos.col + (shift ? -1 : 1);
      if (index < 0 || index >= rows * cols) return null;
      return { row: Math.floor(index / cols), col: index % cols };
    }
  }
  return null;
}

/** Exact sum of integer yuan amounts (nulls count as nothing), for the totals row. */
export function sumYuan(values: (number | null)[]): bigint {
  return values.reduce<bigint>((s, v) => (v === null ? s : s + BigInt(v)), 0n);
}

/** Largest count a target takes. */
export const MAX_COUNT = 1_000_000_000;

/** A count cell (targets of 个 indicators): blank → null; a whole number 0..MAX_COUNT, "1,234" accepted. */
export function parseCountCell(text: string): { value: number | null; error: 'count' | null } {
  const s = (text ?? '').replace(/^[\s\u00a0\u3000]+|[\s\u00a0\u3000]+$/g, '');
  if (s === '') return { value: null, error: null };
  if (!/^(\d+|\d{1,3}(,\d{3})+)$/.test(s)) return { value: null, error: 'count' };
  const n = Number(s.replace(/,/g, ''));
  return n <= MAX_COUNT ? { value: n, error: null } : { value: null, error: 'count' };
}
