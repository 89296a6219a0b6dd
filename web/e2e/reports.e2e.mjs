// Browser test of the reports path: the dispatcher generates the half-year work summary (工作总结,
// month 6), rewrites paragraph s2.1 in the preview, saves the edit, publishes, downloads the
// published .docx and reads it back with an independent reader (python-docx, tests/tools/read_docx.py):
// the edited text and the computed first paragraph of section 一, as the preview showed it, are in it.
// Then the ledger's preview, paged in the sizes the server offers.
//
// Env: ZS_BASE_URL, ZS_DISPATCHER_USER / ZS_DISPATCHER_PASS (scripts/e2e sets them).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiGet, ARTIFACTS, dt, launch, openSession, screenshot, selectOption } from './helpers.mjs';

const DISPATCHER = process.env.ZS_DISPATCHER_USER;
const DISPATCHER_PASS = process.env.ZS_DISPATCHER_PASS;
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The half-year summary of this year once June has begun, else last year's.
const now = new Date();
const YEAR = now.getMonth() + 1 >= 6 ? now.getFullYear() : now.getFullYear() - 1;

let browser;
let page;
let tmp;
const problems = [];

/** The text of the independent .docx reader: every body paragraph, in order. */
function docxParagraphs(file) {
  // Run from the repository root with relative paths, as the tool's other callers do.
  const out = execFileSync('/usr/bin/python3', [join('tests', 'tools', 'read_docx.py'), relative(repo, file)], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const doc = JSON.parse(out);
  return doc.body.filter((b) => b.type === 'p').map((b) => b.text);
}

describe('reports: edit, publish and download the half-year summary', { timeout: 240_000 }, () => {
  const edited = `e2e改写的集中开工段落-${Date.now().toString(36)}:全年计划开工项目若干个。`;
  let firstFigureParagraph = '';
  let title = '';

  before(async () => {
    assert.ok(DISPATCHER && DISPATCHER_PASS, 'ZS_DISPATCHER_USER and ZS_DISPATCHER_PASS must be set');
    browser = await launch();
    // The tool reads files by a path relative to the repository: keep the downloads inside it.
    mkdirSync(ARTIFACTS, { recursive: true });
    tmp = mkdtempSync(join(ARTIFACTS, 'reports-'));
    ({ page } = await openSession(browser, DISPATCHER, DISPATCHER_PASS, {
      problems,
      viewport: { width: 1440, height: 900 },
      timeout: 20_000,
      acceptDownloads: true,
    }));
  });

  after(async () => {
    await browser?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('generate the draft and edit paragraph s2.1', async () => {
    await page.locator(dt('menu-reports')).click();
    await page.locator(dt('report-compose')).waitFor();
    await page.locator(dt('report-type-summary')).click();
    await selectOption(page, dt('report-year'), `${YEAR}年`);
    await selectOption(page, dt('report-month'), '上半年');
    await page.locator(dt('report-generate')).click();

    const preview = page.locator(dt('doc-preview'));
    await preview.waitFor();
    title = (await preview.locator(dt('doc-title')).textContent()).trim();
    assert.match(title, new RegExp(`${YEAR}年上半年招商引资工作总结`));

    // Section 一's first paragraph: composed from the indicators, not editable.
    firstFigureParagraph = await preview.evaluate((root) => {
      const blocks = [...root.querySelectorAll('[data-block-id]')];
      const h1 = blocks.findIndex((b) => b.getAttribute('data-kind') === 'h1' && b.textContent.trim().startsWith('一、'));
      const p = blocks.slice(h1 + 1).find((b) => b.getAttribute('data-kind') === 'p');
      return p ? p.textContent.trim() : '';
    });
    assert.match(firstFigureParagraph, /实际利用省外资金[\d.]+亿元/, `section 一 starts with: ${firstFigureParagraph}`);
    assert.ok(!(await preview.locator(`[data-block-id="s1.1"].editable`).count()), 'a figure paragraph is editable');

    const para = preview.locator('[data-block-id="s2.1"]');
    assert.equal(await para.getAttribute('data-kind'), 'p');
    await para.click();
    const area = preview.locator(dt('doc-edit-text'));
    await area.waitFor();
    await area.fill(edited);
    await preview.locator(dt('doc-edit-ok')).click();
    await preview.locator('[data-block-id="s2.1"].modified').waitFor();
    assert.equal((await preview.locator('[data-block-id="s2.1"]').textContent()).trim(), edited);

    await page.locator(dt('report-save')).click();
    await page.locator(dt('report-dirty')).waitFor({ state: 'detached' });
    // Saved on the server: a fresh draft carries the edit.
    const draft = await apiGet(page, `/api/reports/draft?type=summary&year=${YEAR}&month=6`);
    assert.equal(draft.edits['s2.1'], edited);
    assert.ok(draft.version >= 1, `draft version ${draft.version}`);
    await screenshot(page, 'report-draft-edited');
  });

  test('publish and download the stored .docx', async () => {
    await page.locator(dt('report-publish')).click();
    const dialog = page.locator(`${dt('publish-dialog')}:visible`);
    await dialog.waitFor();
    // A fresh demo city has never published this report; a rerun on the same data is a correction.
    if (await dialog.locator(dt('publish-note')).count()) await dialog.locator(dt('publish-note')).fill('e2e 重新发布');
    await dialog.locator(dt('publish-confirm')).click();

    await page.locator(dt('report-published')).waitFor();
    await page.waitForFunction(
      ([sel, text]) => document.querySelector(sel)?.textContent?.trim() === text,
      [dt('published-title'), title],
    );
    // Just published: the stored figures are today's.
    await page.locator(dt('published-unchanged')).waitFor();
    const stored = page.locator(dt('doc-preview'));
    assert.equal((await stored.locator('[data-block-id="s2.1"]').textContent()).trim(), edited);
    assert.equal(await stored.locator(dt('doc-edit-text')).count(), 0);
    await screenshot(page, 'report-published');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(dt('published-download-docx')).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.docx$/);
    const file = join(tmp, 'summary.docx');
    await download.saveAs(file);
    assert.equal(readFileSync(file).subarray(0, 2).toString('latin1'), 'PK', 'not a zip file');

    const paragraphs = docxParagraphs(file);
    assert.ok(paragraphs.includes(title), `title "${title}" not in the .docx`);
    assert.ok(paragraphs.includes(edited), 'the edited paragraph is not in the .docx');
    assert.ok(
      paragraphs.includes(firstFigureParagraph),
      `section 一's first paragraph as previewed is not in the .docx:\n${firstFigureParagraph}\n--- .docx:\n${paragraphs.join('\n')}`,
    );
  });

  test('the published list shows it', async () => {
    await page.locator(dt('back')).click();
    const list = page.locator(dt('report-published-list'));
    await list.waitFor();
    await list.locator(dt('published-open')).filter({ hasText: title }).first().waitFor();
  });

  test('the ledger preview: pages of the server\'s size, another size from its choices, the next page', async () => {
    await page.locator(`${dt('report-tabs')} #tab-compose`).click();  // from the published list
    await page.locator(dt('report-compose')).waitFor();
    await page.locator(dt('report-type-ledger')).click();
    await page.locator(dt('report-generate')).click();
    const pager = page.locator(dt('ledger-pagination'));
    await pager.waitFor();
    const { total, page_size: size } = (await apiGet(page, '/api/reports/draft?type=ledger')).page;
    assert.ok(total > 100, `the demo city's ledger has ${total} projects`);
    const line = `${dt('doc-preview')} [data-block-id="ledger.page"]`;
    const lineIs = (text) =>
      page.waitForFunction(([sel, t]) => document.querySelector(sel)?.textContent?.trim() === t, [line, text]);
    await lineIs(`第1/${Math.ceil(total / size)}页，共${total}个项目（每页${size}个）`);
    assert.match(await pager.locator('.el-pagination__sizes').textContent(), new RegExp(`${size}条/页`));

    await selectOption(page, `${dt('ledger-pagination')} .el-pagination__sizes .el-select`, '100条/页');
    const pages = Math.ceil(total / 100);
    await lineIs(`第1/${pages}页，共${total}个项目（每页100个）`);
    await pager.locator('.btn-next').click();
    await lineIs(`第2/${pages}页，共${total}个项目（每页100个）`);
    const rows = await page.locator(`${dt('doc-preview')} table tbody tr`).count();
    assert.equal(rows, 100);
    await screenshot(page, 'report-ledger-page-2');
  });

  test('no console errors or CSP violations', () => {
    assert.deepEqual(problems, []);
  });
});
