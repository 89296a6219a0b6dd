// The preview prints every block kind of a Document with its text, and an editable paragraph
// becomes a textarea whose confirmed text is emitted as an edit.
import { describe, expect, it } from 'vitest';
import type { ReportDocument } from '@/api/reports';
import { mount, type TestNode } from '@/test/renderer';
import DocumentPreview from './DocumentPreview.vue';

const doc: ReportDocument = {
  type: 'summary',
  title: '桐城市招商中心2026年上半年招商引资工作总结',
  subtitle: '(2026年1-6月)',
  issuer: '桐城市招商中心',
  date_line: '2026年7月5日',
  landscape: false,
  blocks: [
    { kind: 'p', id: 'preamble', text: '现将有关情况总结如下:', editable: true },
    { kind: 'h1', id: 's1', text: '一、上半年招商实绩完成情况', editable: false },
    { kind: 'h2', id: 's1.h1', text: '1、实际利用省外资金情况', editable: false },
    { kind: 'p', id: 's1.1', text: '1-6月,我市实际利用省外资金23.5亿元,同比增长12.3%。', editable: false },
    { kind: 'caption', id: 't1.caption', text: '表1 实际利用省外资金', editable: false },
    {
      kind: 'table',
      id: 't1',
      text: '',
      editable: false,
      table: {
        columns: [
          { title: '单位', kind: 'text', width: 12 },
          { title: '完成(亿元)', kind: 'yi', width: 8 },
          { title: '完成率', kind: 'percent', width: 8 },
        ],
        rows: [
          [{ text: '全市' }, { text: '23.50', number: 2350000000 }, { text: '66.7%', ratio: [2, 3] }],
          [{ text: '经开区' }, { text: '10.00', number: 1000000000 }, { text: '—' }],
        ],
      },
    },
    { kind: 'h1', id: 's2', text: '二、工作重点和特色', editable: false },
    { kind: 'p', id: 's2.1', text: '今年第2季度集中开工项目3个。', editable: true },
  ],
  facts: [],
};

const byBlock = (root: TestNode, id: string) => root.find((n) => n.props['data-block-id'] === id);

describe('DocumentPreview', () => {
  it('renders every block kind with its text', () => {
    const { root } = mount(DocumentPreview, { document: doc });
    expect(root.byTest('doc-title')[0].textContent).toBe(doc.title);
    expect(root.byTest('doc-subtitle')[0].textContent).toBe('(2026年1-6月)');
    expect(byBlock(root, 's1')?.tag).toBe('h2');
    expect(byBlock(root, 's1')?.textContent).toBe('一、上半年招商实绩完成情况');
    expect(byBlock(root, 's1.h1')?.tag).toBe('h3');
    expect(byBlock(root, 's1.1')?.tag).toBe('p');
    expect(byBlock(root, 's1.1')?.textContent).toBe(doc.blocks[3].text);
    expect(byBlock(root, 't1.caption')?.classes).toEqual(['doc-caption']);

    const table = byBlock(root, 't1')!;
    const heads = table.findAll((n) => n.tag === 'th').map((n) => n.textContent);
    expect(heads).toEqual(['单位', '完成(亿元)', '完成率']);
    const rows = table.findAll((n) => n.tag === 'tr').slice(1);
    expect(rows.map((r) => r.findAll((n) => n.tag === 'td').map((c) => c.textContent))).toEqual([
      ['全市', '23.50', '66.7%'],
      ['经开区', '10.00', '—'],
    ]);
    // At least as wide as its columns' characters (0.6 em each: 28 → 16.8 em), so a table wider
    // than the page (the ledger) scrolls instead of wrapping each cell to one character.
    expect(table.findAll((n) => n.tag === 'table')[0].props.style).toEqual({ minWidth: '16.8em' });
    // Numbers are right-aligned, text is not.
    const cells = rows[0].findAll((n) => n.tag === 'td');
    expect(cells.map((c) => c.classes.includes('num'))).toEqual([false, true, true]);

    expect(root.byTest('doc-issuer')[0].textContent).toBe('桐城市招商中心');
    expect(root.byTest('doc-date-line')[0].textContent).toBe('2026年7月5日');
    // The page prints in document order.
    const order = root.findAll((n) => typeof n.props['data-block-id'] === 'string').map((n) => n.props['data-block-id']);
    expect(order).toEqual(doc.blocks.map((b) => b.id));
  });

  it('does not edit when read-only, nor fixed paragraphs when editable', async () => {
    const ro = mount(DocumentPreview, { document: doc });
    await byBlock(ro.root, 's2.1')!.trigger('click');
    expect(ro.root.byTest('doc-edit-text')).toHaveLength(0);

    const ed = mount(DocumentPreview, { document: doc, editable: true });
    await byBlock(ed.root, 's1.1')!.trigger('click');
    expect(ed.root.byTest('doc-edit-text')).toHaveLength(0);
    expect(byBlock(ed.root, 's1.1')?.props.tabindex).toBeUndefined();
    expect(byBlock(ed.root, 's2.1')?.props.tabindex).toBe(0);
  });

  it('turns an editable paragraph into a textarea and emits the confirmed text', async () => {
    const { root, emitted } = mount(DocumentPreview, { document: doc, editable: true });
    await byBlock(root, 's2.1')!.trigger('click');
    const area = root.byTest('doc-edit-text')[0];
    expect(area.tag).toBe('textarea');
    expect(area.value).toBe('今年第2季度集中开工项目3个。');

    await area.trigger('input', { target: { value: '上半年集中开工项目12个,总投资45.6亿元。' } });
    await root.byTest('doc-edit-ok')[0].trigger('click');
    expect(emitted).toEqual([['edit', 's2.1', '上半年集中开工项目12个,总投资45.6亿元。']]);
    expect(root.byTest('doc-edit-text')).toHaveLength(0);
  });

  it('emits nothing on cancel or when the text did not change', async () => {
    const { root, emitted } = mount(DocumentPreview, { document: doc, editable: true });
    await byBlock(root, 'preamble')!.trigger('click');
    await root.byTest('doc-edit-text')[0].trigger('input', { target: { value: '别的开头' } });
    await root.byTest('doc-edit-cancel')[0].trigger('click');
    await byBlock(root, 'preamble')!.trigger('click');
    expect(root.byTest('doc-edit-text')[0].value).toBe('现将有关情况总结如下:');
    await root.byTest('doc-edit-ok')[0].trigger('click');
    expect(emitted).toEqual([]);
  });

  it('shows pending edits instead of the saved text, marked as modified', async () => {
    const { root } = mount(DocumentPreview, { document: doc, editable: true, pending: { 's2.1': '待保存的文字' } });
    const p = byBlock(root, 's2.1')!;
    expect(p.textContent).toBe('待保存的文字');
    expect(p.classes).toContain('modified');
    await p.trigger('click');
    expect(root.byTest('doc-edit-text')[0].value).toBe('待保存的文字');
  });

  it('confirms with Ctrl+Enter and cancels with Escape', async () => {
    const { root, emitted } = mount(DocumentPreview, { document: doc, editable: true });
    await byBlock(root, 's2.1')!.trigger('click');
    const area = root.byTest('doc-edit-text')[0];
    await area.trigger('input', { target: { value: 'A' } });
    await area.trigger('keydown', { key: 'Escape' });
    expect(root.byTest('doc-edit-text')).toHaveLength(0);
    await byBlock(root, 's2.1')!.trigger('click');
    await root.byTest('doc-edit-text')[0].trigger('input', { target: { value: 'B' } });
    await root.byTest('doc-edit-text')[0].trigger('keydown', { key: 'Enter', ctrlKey: true });
    expect(emitted).toEqual([['edit', 's2.1', 'B']]);
  });
});
