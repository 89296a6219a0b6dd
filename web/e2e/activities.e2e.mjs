// Browser test of the activities and weekly-report path: a unit reporter records an exhibition
// (展会/推介), sees it counted in this week's report, writes and submits the report; the
// dispatcher sees the unit's report submitted with its text.
//
// Env: ZS_BASE_URL, ZS_REPORTER_USER / ZS_REPORTER_PASS, ZS_DISPATCHER_USER / ZS_DISPATCHER_PASS.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiGet, confirmBox, dt, fillDate, launch, openSession, screenshot, today } from './helpers.mjs';

const REPORTER = process.env.ZS_REPORTER_USER;
const REPORTER_PASS = process.env.ZS_REPORTER_PASS;
const DISPATCHER = process.env.ZS_DISPATCHER_USER;
const DISPATCHER_PASS = process.env.ZS_DISPATCHER_PASS;

let browser;
const problems = [];
const open = (user, pass) => openSession(browser, user, pass, { problems, viewport: { width: 1440, height: 900 } });

describe('activities and the weekly report', { timeout: 240_000 }, () => {
  const stamp = Date.now().toString(36);
  const title = `e2e招商推介会-${stamp}`;
  const progress = `本周赴外地参加${title}，对接客商12家。`;
  let me;

  before(async () => {
    assert.ok(REPORTER && REPORTER_PASS, 'ZS_REPORTER_USER and ZS_REPORTER_PASS must be set');
    assert.ok(DISPATCHER && DISPATCHER_PASS, 'ZS_DISPATCHER_USER and ZS_DISPATCHER_PASS must be set');
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  test('the reporter records an exhibition and submits the weekly report', async () => {
    const { context, page } = await open(REPORTER, REPORTER_PASS);
    try {
      me = await apiGet(page, '/api/auth/me');
      assert.equal(me.role, 'reporter');

      await page.locator(dt('menu-activities')).click();
      await page.locator(dt('activities-page')).waitFor();
      await page.locator(dt('activity-new')).click();
      const dialog = page.locator(`${dt('activity-dialog')}:visible`);
      await dialog.waitFor();
      await dialog.locator(dt('activity-kind-exhibition')).click();
      // The exhibition's own fields appear; the trip's destination is gone.
      await dialog.locator(dt('activity-title')).waitFor();
      assert.equal(await dialog.locator(dt('activity-destination')).count(), 0);

      // Saving empty shows the required fields at their place.
      await dialog.locator(dt('activity-save')).click();
      await dialog.locator('[data-field="title"] .el-form-item__error').waitFor();
      await dialog.locator('[data-field="place"] .el-form-item__error').waitFor();

      await dialog.locator(dt('activity-title')).fill(title);
      await fillDate(page, `${dt('activity-dialog')}:visible ${dt('activity-date')}`, today());
      await dialog.locator(dt('activity-place')).fill('合肥滨湖国际会展中心');
      await dialog.locator(`${dt('activity-brochures')} input`).fill('300');
      await dialog.locator(`${dt('activity-key_talks')} input`).fill('6');
      await dialog.locator(`${dt('activity-contacts')} input`).fill('12');
      await dialog.locator(`${dt('activity-follow_ups')} input`).fill('2');
      await dialog.locator(dt('activity-outcome')).fill('达成考察意向2家');
      await dialog.locator(dt('activity-title')).click(); // commit the number inputs
      await dialog.locator(dt('activity-save')).click();
      await dialog.waitFor({ state: 'hidden' });

      const row = page.locator('.el-table__row').filter({ hasText: title });
      await row.first().waitFor();
      assert.equal((await row.first().locator(dt('activity-lead-count')).textContent()).trim(), '0');
      const saved = (await apiGet(page, `/api/activities?q=${encodeURIComponent(title)}`)).items;
      assert.equal(saved.length, 1);
      assert.deepEqual(
        [saved[0].kind, saved[0].unit_id, saved[0].brochures, saved[0].key_talks, saved[0].contacts, saved[0].follow_ups, saved[0].destination],
        ['exhibition', me.unit_id, 300, 6, 12, 2, ''],
      );
      await screenshot(page, 'activities-reporter');

      await page.locator(dt('menu-weekly')).click();
      const own = page.locator(dt('weekly-own'));
      await own.waitFor();
      await page.locator(`${dt('weekly-status')}[data-status]`).waitFor();
      const before = Number((await page.locator(dt('weekly-count-exhibition')).textContent()).trim());
      assert.ok(before >= 1, `this week's exhibitions: ${before}`);
      assert.notEqual(await page.locator(dt('weekly-status')).getAttribute('data-status'), 'submitted', 'this week was already submitted');

      await page.locator(dt('weekly-progress')).fill(progress);
      await page.locator(dt('weekly-problems')).fill('展会场地费用需协调。');
      await page.locator(dt('weekly-submit')).click();
      await confirmBox(page);
      await page.locator(`${dt('weekly-status')}[data-status="submitted"]`).waitFor();
      await page.locator(dt('weekly-readonly')).waitFor();
      assert.equal(await page.locator(dt('weekly-submit')).count(), 0, 'a submitted report can still be submitted');
      assert.ok(await page.locator(dt('weekly-progress')).isDisabled(), 'a submitted report is still editable');
      await screenshot(page, 'weekly-reporter-submitted');
    } finally {
      await context.close();
    }
  });

  test('the dispatcher sees the unit submitted', async () => {
    const { context, page } = await open(DISPATCHER, DISPATCHER_PASS);
    try {
      await page.locator(dt('menu-weekly')).click();
      await page.locator(dt('weekly-units')).waitFor();
      const status = page.locator(`${dt('weekly-row-status')}[data-unit="${me.unit_id}"]`);
      await status.waitFor();
      assert.equal(await status.getAttribute('data-status'), 'submitted');
      assert.equal((await status.textContent()).trim(), '已报送');
      const late = await page.locator(dt('weekly-late-unit')).allTextContents();
      assert.ok(!late.map((s) => s.trim()).includes(me.unit_name), 'the unit is listed late');

      // Expanding the row shows the submitted text.
      const row = page.locator('.el-table__row').filter({ has: status });
      await row.locator('.el-table__expand-icon').click();
      await page.locator(dt(`weekly-texts-${me.unit_id}`)).filter({ hasText: progress }).waitFor();
      await screenshot(page, 'weekly-dispatcher');

      // And the activity in the centre's list.
      await page.locator(dt('menu-activities')).click();
      await page.locator(dt('activities-page')).waitFor();
      await page.locator(dt('activity-search-q')).fill(title);
      await page.locator(dt('activity-search-submit')).click();
      await page.locator('.el-table__row').filter({ hasText: title }).filter({ hasText: me.unit_name }).first().waitFor();
    } finally {
      await context.close();
    }
  });

  test('no console errors or CSP violations', () => {
    assert.deepEqual(problems, []);
  });
});
