// Browser test of issue 3's path: a unit reporter fills a month of figures (typing and pasting a
// block as from Excel), saves and submits it; the dispatcher approves it; the dashboard card of
// the reporter's unit shows the new figure, and its drill-down lists the project.
//
// Env: ZS_BASE_URL, ZS_REPORTER_USER / ZS_REPORTER_PASS, ZS_DISPATCHER_USER / ZS_DISPATCHER_PASS;
// optional ZS_FIGURES_MONTH (YYYY-MM, default the current month: it must be a draft for the
// reporter's unit) and ZS_FIGURES_INDICATOR (default provincial_funds: Σ out-of-province funds
// in place of projects ≥ 1亿 whose investor is outside the province; the test picks such a project).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiGet, confirmBox, dt, launch, openSession, screenshot, selectOption } from './helpers.mjs';

const REPORTER = process.env.ZS_REPORTER_USER;
const REPORTER_PASS = process.env.ZS_REPORTER_PASS;
const DISPATCHER = process.env.ZS_DISPATCHER_USER;
const DISPATCHER_PASS = process.env.ZS_DISPATCHER_PASS;
const INDICATOR = process.env.ZS_FIGURES_INDICATOR || 'provincial_funds';
const now = new Date();
const MONTH = process.env.ZS_FIGURES_MONTH || `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
const [YEAR, MON] = MONTH.split('-').map(Number);

let browser;
const problems = [];
const open = (user, pass) => openSession(browser, user, pass, { problems });

/** Sets the month picker inside `selector` to MONTH. */
async function setMonth(page, selector) {
  const input = page.locator(`${selector} input`).first();
  await input.click();
  await input.fill(MONTH);
  await input.press('Enter');
  await page.keyboard.press('Escape').catch(() => {});
}

/** Pastes tab-separated text into a cell as a clipboard paste from Excel would. */
async function pasteInto(locator, text) {
  await locator.click();
  await locator.evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** The unit's figure of an indicator in GET /api/stats for the month (cumulative). */
async function unitFigure(page, unitId) {
  const table = await apiGet(page, `/api/stats?year=${YEAR}&month=${MON}&mode=cumulative`);
  const ind = table.indicators.find((i) => i.key === INDICATOR);
  assert.ok(ind, `indicator ${INDICATOR} missing from /api/stats`);
  const fig = ind.units.find((u) => u.unit_id === unitId);
  assert.ok(fig, `unit ${unitId} missing from ${INDICATOR}`);
  return fig;
}

describe('monthly figures: report, approve, see on the dashboard', { timeout: 240_000 }, () => {
  let me;
  let project;
  let before0;
  // A fixed amount in 万元 with four significant decimals (out-of-province = all of it): the grid shows
  // exactly what was typed.
  const wan = '6927.3961';
  const yuan = Number(wan.replace('.', ''));

  before(async () => {
    assert.ok(REPORTER && REPORTER_PASS, 'ZS_REPORTER_USER and ZS_REPORTER_PASS must be set');
    assert.ok(DISPATCHER && DISPATCHER_PASS, 'ZS_DISPATCHER_USER and ZS_DISPATCHER_PASS must be set');
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  test('the reporter fills and submits the month', async () => {
    const { context, page } = await open(REPORTER, REPORTER_PASS);
    try {
      me = await apiGet(page, '/api/auth/me');
      assert.equal(me.role, 'reporter');
      const settings = (await apiGet(page, `/api/stats/indicators?year=${YEAR}`)).settings;
      // The newest qualifying project (the list is newest first), which the drill-down drawer also
      // shows first.
      const projects = (await apiGet(page, '/api/projects?page_size=200')).items.filter((p) => !p.terminated);
      project =
        projects.find((p) => p.out_of_province === true && (p.total_investment ?? 0) >= settings.threshold_100m) ?? projects[0];
      assert.ok(project, 'the reporter has no project');
      before0 = await unitFigure(page, me.unit_id);

      await page.locator(dt('menu-figures')).click();
      await page.locator(dt('figures-page')).waitFor();
      await setMonth(page, dt('figures-month'));
      await page.locator(`${dt('submission-state')}[data-state="draft"]`).waitFor();
      const row = page.locator(`${dt('figures-row')}[data-project-id="${project.id}"]`);
      await row.waitFor();

      // A bad value is refused on its cell, then the block pasted from Excel fills the row.
      const funds = row.locator('[data-field="funds_in_place"]');
      await funds.fill('12,34');
      await row.locator('td.has-error').first().waitFor();
      await pasteInto(funds, `${wan}\t${wan}\t1,000.5\t200\t3.25\r\n`);
      assert.equal(await row.locator('td.has-error').count(), 0, 'pasted row still has errors');
      assert.equal(await funds.inputValue(), wan);
      // Keyboard: Tab moves right.
      await funds.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-field')), 'funds_out_of_province');

      await page.locator(dt('figures-save')).click();
      await page.locator('.el-message--success').first().waitFor();
      await page.locator(dt('figures-submit')).click();
      await confirmBox(page);
      await page.locator(`${dt('submission-state')}[data-state="submitted"]`).waitFor();
      await screenshot(page, 'figures-reporter-submitted');
      assert.equal(await page.locator(dt('figures-save')).count(), 0, 'a submitted month is still editable');
    } finally {
      await context.close();
    }
  });

  test('the dispatcher approves it and the dashboard shows the figure', async () => {
    const { context, page } = await open(DISPATCHER, DISPATCHER_PASS);
    try {
      await page.locator(dt('menu-figures')).click();
      await page.locator(dt('figures-page')).waitFor();
      await setMonth(page, dt('figures-month'));
      await selectOption(page, dt('figures-unit'), me.unit_name);
      await page.locator(`${dt('submission-state')}[data-state="submitted"]`).waitFor();
      const row = page.locator(`${dt('figures-row')}[data-project-id="${project.id}"]`);
      assert.equal(await row.locator('[data-field="funds_in_place"]').inputValue(), wan);
      await page.locator(dt('figures-approve')).click();
      await page.locator(`${dt('submission-state')}[data-state="reviewed"]`).waitFor();

      const after0 = await unitFigure(page, me.unit_id);
      assert.ok(after0.project_ids.includes(project.id), `project ${project.id} is not behind ${INDICATOR}`);
      assert.ok(after0.actual >= before0.actual, 'the figure went down');
      if (INDICATOR === 'provincial_funds' && !before0.project_ids.includes(project.id)) {
        assert.equal(after0.actual - before0.actual, yuan, 'the figure did not grow by the amount reported');
      }

      await page.locator(dt('menu-dashboard')).click();
      await page.locator(dt('dashboard-page')).waitFor();
      await setMonth(page, dt('dashboard-month'));
      await selectOption(page, dt('dashboard-unit'), me.unit_name);
      const value = page.locator(dt(`card-value-${INDICATOR}`));
      await page.waitForFunction(
        ([sel, text]) => document.querySelector(sel)?.textContent?.trim() === text,
        [dt(`card-value-${INDICATOR}`), after0.actual_display],
      );
      await screenshot(page, 'figures-dashboard');
      await value.click();
      const drawer = page.locator(`${dt('drill-drawer')}:visible`);
      await drawer.waitFor();
      await drawer.locator(dt('drill-row-name')).filter({ hasText: project.name }).first().waitFor();
      await screenshot(page, 'figures-drilldown');
    } finally {
      await context.close();
    }
  });

  test('no console errors or CSP violations', () => {
    assert.deepEqual(problems, []);
  });
});
