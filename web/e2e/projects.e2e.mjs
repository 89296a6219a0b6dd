// Browser test of the main path for a unit reporter: create a project, meet the 签约 gate, fix it,
// pass it, see only the own unit's projects, switch language. Needs a running server (ZS_BASE_URL)
// with a reporter login (ZS_REPORTER_USER / ZS_REPORTER_PASS) and a project of another unit
// (ZS_OTHER_PROJECT_NAME). Run by `npm run e2e`; scripts/e2e in the repository root wires it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { confirmBox, dt, fillDate, launch, minimalPdf, openSession, randomUscc, screenshot, selectOption, today } from './helpers.mjs';

const USER = process.env.ZS_REPORTER_USER;
const PASS = process.env.ZS_REPORTER_PASS;
const OTHER = process.env.ZS_OTHER_PROJECT_NAME;

let browser;
let page;
const problems = []; // console errors and CSP violations seen during the run
const shot = (name) => screenshot(page, name);

async function login() {
  // The dashboard (驾驶舱) is the first page after login; the projects are one menu away.
  ({ page } = await openSession(browser, USER, PASS, { problems, ready: dt('dashboard-page') }));
  await page.locator(`${dt('menu-projects')}:visible`).click();
  await page.locator(dt('projects-page')).waitFor();
}

/** Opens a node's dialog, sets its actual date and saves; answers the gate errors shown, if any. */
async function trySetActual(node, date) {
  await page.locator(dt(`node-edit-${node}`)).click();
  const dialog = page.locator(`${dt('node-dialog')}:visible`);
  await dialog.waitFor();
  await fillDate(page, `${dt('node-dialog')}:visible ${dt('node-actual')}`, date);
  await dialog.locator(dt('node-save')).click();
  const errors = dialog.locator(dt('gate-errors'));
  const result = await Promise.race([
    errors.waitFor({ state: 'visible' }).then(() => 'gate', () => 'timeout'),
    dialog.waitFor({ state: 'hidden' }).then(() => 'saved', () => 'timeout'),
  ]);
  assert.notEqual(result, 'timeout', `saving node ${node} neither closed the dialog nor showed gate errors`);
  if (result === 'saved') return [];
  const items = await dialog.locator(dt('gate-error')).evaluateAll((els) =>
    els.map((e) => ({ kind: e.getAttribute('data-kind'), name: e.getAttribute('data-name'), text: e.textContent.trim() })),
  );
  await dialog.locator(dt('node-cancel')).click();
  await dialog.waitFor({ state: 'hidden' });
  return items;
}

/** Uploads 合同.pdf as the 签约 node's contract in the open files panel, and waits for it in the list. */
async function uploadContract(panel) {
  await selectOption(page, dt('file-node'), '签约');
  await page.locator(dt('file-kind')).click();
  await page.locator(`${dt('file-kind-contract')}:visible`).click();
  await page.locator(dt('file-input')).setInputFiles({ name: '合同.pdf', mimeType: 'application/pdf', buffer: minimalPdf() });
  await page.locator(dt('file-upload-submit')).click();
  await panel.locator(dt('file-download')).filter({ hasText: '合同.pdf' }).waitFor();
}

/** Sets a node's actual date, first setting the nodes the gate says must come before it. */
async function setActual(node, date, depth = 0) {
  assert.ok(depth < 12, `node order too deep at ${node}`);
  let errors = await trySetActual(node, date);
  if (!errors.length) return;
  const before = errors.filter((e) => e.kind === 'order' && e.name !== node && /^[a-z_]+$/.test(e.name));
  assert.equal(errors.length, before.length, `unexpected gate errors for ${node}: ${JSON.stringify(errors)}`);
  for (const e of before) await setActual(e.name, date, depth + 1);
  errors = await trySetActual(node, date);
  assert.deepEqual(errors, [], `gate still fails for ${node}`);
}

describe('reporter: project lifecycle', { timeout: 180_000 }, () => {
  before(async () => {
    assert.ok(USER && PASS, 'ZS_REPORTER_USER and ZS_REPORTER_PASS must be set');
    assert.ok(OTHER, 'ZS_OTHER_PROJECT_NAME must be set');
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  const name = `E2E测试项目${Date.now().toString(36)}`;
  const investorName = `E2E投资方${Date.now().toString(36)}`;
  const date = today();

  test('logs in and sees the projects page', async () => {
    await login();
    await page.locator(dt('user-name')).waitFor();
    assert.match(await page.locator(dt('user-role')).textContent(), /单位填报员/);
  });

  test('creates an industry project and opens it', async () => {
    await page.locator(dt('project-new')).click();
    const dialog = page.locator(`${dt('project-dialog')}:visible`);
    await dialog.waitFor();
    await dialog.locator(dt('project-name')).fill(name);
    await selectOption(page, `${dt('project-dialog')}:visible ${dt('project-category')}`, '工业');
    await dialog.locator(dt('project-save')).click();
    await page.waitForURL(/\/projects\/\d+$/);
    await page.locator(dt('project-title')).filter({ hasText: name }).waitFor();
    // Every one of the 11 nodes is on the timeline.
    assert.equal(await page.locator(`${dt('node-timeline')} .el-timeline-item`).count(), 11);
  });

  test('setting 签约 without its required items lists the gate errors', async () => {
    const errors = await trySetActual('signed', date);
    await shot('gate-errors');
    const has = (kind, n) => errors.some((e) => e.kind === kind && e.name === n);
    assert.ok(has('field', 'total_investment'), JSON.stringify(errors));
    assert.ok(has('field', 'investor_id'), JSON.stringify(errors));
    assert.ok(has('evidence', 'contract'), JSON.stringify(errors));
    // The items are named in words, not keys.
    const text = errors.map((e) => e.text).join(' ');
    assert.match(text, /总投资/);
    assert.match(text, /投资方/);
    assert.equal(await page.locator(dt('node-actual-signed')).textContent(), '—');
  });

  test('fixes the project: investor, total investment, industry', async () => {
    await page.locator(dt('project-edit')).click();
    const dialog = page.locator(`${dt('project-dialog')}:visible`);
    await dialog.waitFor();

    await dialog.locator(dt('project-investor-new')).click();
    const inv = page.locator(`${dt('investor-dialog')}:visible`);
    await inv.waitFor();
    await inv.locator(dt('investor-name')).fill(investorName);
    await inv.locator(dt('investor-uscc')).fill(randomUscc());
    await selectOption(page, `${dt('investor-dialog')}:visible ${dt('investor-province')}`, '安徽省');
    await selectOption(page, `${dt('investor-dialog')}:visible ${dt('investor-city')}`, '合肥市');
    await inv.locator(dt('investor-save')).click();
    await inv.waitFor({ state: 'hidden' });

    await dialog.locator(dt('project-total-investment')).fill('12345.6789');
    // 预审 (which 签约 must follow) asks for the industry: pick C3011 through the cascader's search.
    const industry = dialog.locator(`${dt('project-industry')} input`);
    await industry.click();
    await industry.fill('C3011');
    const suggestion = page.locator('.el-cascader__suggestion-item:visible').filter({ hasText: 'C3011' }).first();
    await suggestion.click();
    await dialog.locator(dt('project-save')).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator(dt('fact-investor')).filter({ hasText: investorName }).waitFor();
    assert.match(await page.locator(dt('fact-total-investment')).textContent(), /12,345\.68/);
  });

  test('uploads the contract as evidence for 签约', async () => {
    await page.locator('#tab-files').click();
    const panel = page.locator(dt('files-panel'));
    await panel.waitFor();
    await uploadContract(panel);
  });

  test('sets the 签约 actual date and the timeline shows it', async () => {
    await setActual('signed', date);
    await page.locator(dt('node-actual-signed')).filter({ hasText: date }).waitFor();
    assert.equal(await page.locator(dt('node-signed')).getAttribute('data-state'), 'done');
    assert.match(await page.locator(dt('project-stage')).textContent(), /签约/);
    await page.locator('#tab-audit').click();
    await page.locator(dt('audit-entry')).first().waitFor();
    await shot('detail-signed');
  });

  test('deleting the reached 签约 node\'s contract flags the node until it is uploaded again', async () => {
    await page.locator('#tab-files').click();
    const panel = page.locator(dt('files-panel'));
    await panel.locator(dt('file-delete')).first().click();
    await confirmBox(page);
    const flag = page.locator(dt('node-missing-signed'));
    await flag.waitFor();
    assert.match(await flag.textContent(), /缺佐证材料/);
    await flag.hover();
    await page.locator('.el-popper:visible').filter({ hasText: '签约合同扫描件' }).waitFor();
    await shot('detail-missing-evidence');
    await uploadContract(panel);
    await flag.waitFor({ state: 'detached' });
  });

  test("the list shows the own project and not another unit's", async () => {
    await page.locator(`${dt('menu-projects')}:visible`).click();
    await page.locator(dt('projects-page')).waitFor();
    await page.locator(`${dt('project-table')} .el-table__row`).first().waitFor();
    const names = await page.locator(dt('project-row-name')).allTextContents();
    assert.ok(names.includes(name), `own project missing from ${JSON.stringify(names)}`);
    assert.ok(!names.includes(OTHER), 'another unit’s project is listed');
    // Searching for it by name finds nothing either.
    await page.locator(dt('search-q')).fill(OTHER);
    await page.locator(dt('search-submit')).click();
    await page.locator(`${dt('project-table')} .el-table__empty-text`).waitFor();
    assert.equal(await page.locator(dt('project-row-name')).filter({ hasText: OTHER }).count(), 0);
    await page.locator(dt('search-reset')).click();
  });

  test('switches to English and back', async () => {
    await page.locator(dt('locale-button')).click();
    await page.locator(`${dt('locale-en-US')}:visible`).click();
    await page.locator(dt('menu-projects')).filter({ hasText: 'Projects' }).waitFor();
    await page.locator(dt('menu-rules')).filter({ hasText: 'Lifecycle rules' }).waitFor();
    // The choice survives a reload.
    await page.reload();
    await page.locator(dt('menu-projects')).filter({ hasText: 'Projects' }).waitFor();
    await shot('english');
    await page.locator(dt('locale-button')).click();
    await page.locator(`${dt('locale-zh-CN')}:visible`).click();
    await page.locator(dt('menu-projects')).filter({ hasText: '项目' }).waitFor();
  });

  test('no script errors or CSP violations', () => {
    assert.deepEqual(problems, []);
  });
});

describe('narrow screen (375 px)', { timeout: 60_000 }, () => {
  let b;
  before(async () => {
    b = await launch();
  });
  after(async () => {
    await b?.close();
  });

  test('the menu collapses into a drawer', async () => {
    const { page: p } = await openSession(b, USER, PASS, {
      viewport: { width: 375, height: 740 },
      isMobile: true,
      hasTouch: true,
      ready: dt('dashboard-page'),
    });
    assert.equal(await p.locator(dt('sidebar')).count(), 0);
    await p.locator(dt('menu-toggle')).click();
    await p.locator(`${dt('menu-investors')}:visible`).click();
    await p.locator(dt('investors-page')).waitFor();
    // Nothing is wider than the screen except inside scrolling tables.
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `page scrolls sideways by ${overflow}px`);
    await screenshot(p, 'mobile');
  });
});
