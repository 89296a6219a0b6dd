// Browser test of importing a project ledger as a unit reporter: download the template, upload a
// ledger of five projects built from its headers, two of them bad (an amount that is not a number,
// a 责任单位 that does not exist); see both errors with their spreadsheet row numbers and the commit
// refused; fix the file, upload it again, see no errors, commit; find the five projects in the list;
// export the list (filtered to them) and read the .xlsx back.
//
// Env: ZS_BASE_URL, ZS_REPORTER_USER / ZS_REPORTER_PASS (scripts/e2e sets them).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { apiGet, ARTIFACTS, confirmBox, dt, launch, openSession, screenshot } from './helpers.mjs';

const REPORTER = process.env.ZS_REPORTER_USER;
const REPORTER_PASS = process.env.ZS_REPORTER_PASS;

let browser;
let page;
let tmp;
const problems = [];

/** The text of every non-empty cell of a worksheet row, by column number. */
function rowTexts(row) {
  const out = new Map();
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    const text = String(cell.text ?? '').trim();
    if (text) out.set(col, text);
  });
  return out;
}

/** Reads an .xlsx: the first sheet's rows as arrays of cell texts. */
async function readXlsx(file) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(file));
  const ws = wb.worksheets[0];
  const rows = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const texts = rowTexts(row);
    const width = Math.max(0, ...texts.keys());
    rows.push(Array.from({ length: width }, (_, i) => texts.get(i + 1) ?? ''));
  });
  return rows;
}

/** A ledger with the template's headers and one row per entry (values by header; others empty). */
async function ledger(headers, entries) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('项目台账');
  ws.addRow(headers);
  for (const e of entries) ws.addRow(headers.map((h) => (h in e ? e[h] : null)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Drops the file on the import page and waits for its preview to settle (validation may poll). */
async function upload(name, buffer, previousId) {
  await page.locator(`${dt('import-drop')} input[type=file]`).setInputFiles({
    name,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer,
  });
  const fresh = previousId ? `:not([data-id="${previousId}"])` : '';
  const preview = page.locator(`${dt('import-preview')}[data-state="ready"]${fresh}`);
  await preview.waitFor({ timeout: 60_000 });
  return Number(await preview.getAttribute('data-id'));
}

const count = async (key) => Number((await page.locator(dt(`import-count-${key}`)).textContent()).trim());

describe('imports: a project ledger with errors, fixed and committed; the export', { timeout: 300_000 }, () => {
  const stamp = `E2E导入${Date.now().toString(36)}`;
  const names = [1, 2, 3, 4, 5].map((i) => `${stamp}-${i}号项目`);
  let me;
  let headers = [];
  let firstId = 0;
  let header; // canonical header names of the columns the test fills

  before(async () => {
    assert.ok(REPORTER && REPORTER_PASS, 'ZS_REPORTER_USER and ZS_REPORTER_PASS must be set');
    browser = await launch();
    mkdirSync(ARTIFACTS, { recursive: true });
    tmp = mkdtempSync(join(ARTIFACTS, 'imports-'));
    ({ page } = await openSession(browser, REPORTER, REPORTER_PASS, {
      problems,
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    }));
    me = await apiGet(page, '/api/auth/me');
    assert.equal(me.role, 'reporter');
    assert.ok(me.permissions.includes('import.write'), 'the reporter may not import');
  });

  after(async () => {
    await browser?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('the reporter downloads the project ledger template', async () => {
    await page.locator(dt('menu-imports')).click();
    await page.locator(dt('imports-page')).waitFor();
    // Targets are the centre's: a reporter is not offered them.
    assert.equal(await page.locator(dt('import-kind-targets')).count(), 0);
    await page.locator(dt('import-kind-projects')).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(dt('import-template')).click()]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    const file = join(tmp, 'template.xlsx');
    await download.saveAs(file);
    assert.equal(readFileSync(file).subarray(0, 2).toString('latin1'), 'PK', 'the template is not an .xlsx');

    const rows = await readXlsx(file);
    const headerRow = rows.find((r) => r.includes('项目名称'));
    assert.ok(headerRow, `no header row with 项目名称 in ${JSON.stringify(rows.slice(0, 3))}`);
    headers = headerRow.filter(Boolean);
    const find = (re) => {
      const h = headers.find((x) => re.test(x));
      assert.ok(h, `the template has no header like ${re}: ${headers.join(', ')}`);
      return h;
    };
    header = {
      name: find(/^项目名称$/),
      category: find(/^项目类别$/),
      unit: find(/^责任单位$/),
      total: find(/^总投资/),
    };
  });

  test('a ledger with two bad rows: both errors are listed with their row numbers, the commit is refused', async () => {
    const good = (i, total) => ({ [header.name]: names[i], [header.category]: '工业', [header.unit]: me.unit_name, [header.total]: total });
    // Spreadsheet rows 2..6; row 3 has an amount that is not a number, row 5 a unit that does not exist.
    const entries = [
      good(0, 1200.5),
      { ...good(1, 0), [header.total]: '一千二百万' },
      { ...good(2, 800), [header.category]: '服务业' },
      { ...good(3, 300), [header.unit]: `${stamp}不存在的单位` },
      good(4, 50),
    ];
    firstId = await upload(`${stamp}-台账.xlsx`, await ledger(headers, entries));
    assert.equal(await count('rows'), 5);

    await page.locator('#tab-errors').click();
    const errorRows = await page.locator(dt('import-error-row')).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-row'))));
    assert.deepEqual([...new Set(errorRows)].sort((a, b) => a - b), [3, 5]);
    assert.equal(await count('errors'), errorRows.length);
    const table = page.locator(dt('import-errors'));
    const rowOf = (n) => table.locator('.el-table__row').filter({ has: page.locator(`${dt('import-error-row')}[data-row="${n}"]`) });
    assert.match(await rowOf(3).textContent(), new RegExp(header.total.replace(/[()（）]/g, '.')));
    assert.match(await rowOf(5).textContent(), new RegExp(header.unit));

    // Errors block the commit until the user chooses to skip them.
    assert.ok(await page.locator(dt('import-commit')).isDisabled(), 'commit is possible with errors');
    await page.locator(dt('import-blocked')).waitFor();
    await page.locator(dt('import-download-rejected')).waitFor();
    await page.locator(dt('import-skip-errors')).click();
    assert.ok(!(await page.locator(dt('import-commit')).isDisabled()), 'skipping the errors does not allow the commit');
    await page.locator(dt('import-skip-errors')).click();
    await screenshot(page, 'import-errors');
  });

  test('the fixed ledger has no errors and commits the five projects', async () => {
    const fixed = names.map((n, i) => ({
      [header.name]: n,
      [header.category]: i === 2 ? '服务业' : '工业',
      [header.unit]: me.unit_name,
      [header.total]: [1200.5, 1200, 800, 300, 50][i],
    }));
    const id = await upload(`${stamp}-台账（已修正）.xlsx`, await ledger(headers, fixed), firstId);
    assert.notEqual(id, firstId);
    assert.equal(await count('rows'), 5);
    assert.equal(await count('errors'), 0);
    assert.equal(await count('inserts'), 5);
    assert.ok(!(await page.locator(dt('import-commit')).isDisabled()), 'commit is refused without errors');

    await page.locator(dt('import-commit')).click();
    await confirmBox(page);
    await page.locator(dt('import-result')).waitFor({ timeout: 60_000 });
    assert.equal((await page.locator(dt('import-result-inserted')).textContent()).trim(), '5');
    assert.equal((await page.locator(dt('import-result-skipped')).textContent()).trim(), '0');
    await screenshot(page, 'import-committed');

    // The server agrees, and the history has both uploads: the committed one and the first, never committed.
    const imp = await apiGet(page, `/api/imports/${id}`);
    assert.equal(imp.state, 'committed');
    assert.deepEqual(imp.result, { inserted: 5, updated: 0, unchanged: 0, skipped: 0 });
    const history = page.locator(dt('import-history'));
    await history.locator(`${dt('import-history-open')}[data-id="${id}"]`).waitFor();
    await history.locator(`${dt('import-history-open')}[data-id="${firstId}"]`).waitFor();
  });

  test('the new projects are in the project list', async () => {
    await page.locator(dt('import-go-list')).click();
    await page.locator(dt('projects-page')).waitFor();
    await page.locator(dt('search-q')).fill(stamp);
    await page.locator(dt('search-submit')).click();
    await page.waitForFunction(
      ([sel, n]) => document.querySelectorAll(sel).length === n,
      [dt('project-row-name'), names.length],
    );
    const listed = (await page.locator(dt('project-row-name')).allTextContents()).map((s) => s.trim()).sort();
    assert.deepEqual(listed, [...names].sort());
  });

  test('the export button downloads the filtered list as .xlsx', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(dt('project-export')).click()]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    const file = join(tmp, 'export.xlsx');
    await download.saveAs(file);
    assert.equal(readFileSync(file).subarray(0, 2).toString('latin1'), 'PK', 'the export is not an .xlsx');
    const rows = await readXlsx(file);
    const headerAt = rows.findIndex((r) => r.includes('项目名称'));
    assert.ok(headerAt >= 0, 'the export has no 项目名称 column');
    const col = rows[headerAt].indexOf('项目名称');
    const exported = rows.slice(headerAt + 1).map((r) => r[col]).filter(Boolean).sort();
    // Exactly the list's rows for the same filter: the five imported projects.
    assert.deepEqual(exported, [...names].sort());
  });

  test('no console errors or CSP violations', () => {
    assert.deepEqual(problems, []);
  });
});
