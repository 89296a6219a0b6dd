// Shared helpers for the browser tests: launching Debian's chromium, logged-in sessions, screenshots,
// API reads with a page's session, selectors, Element Plus widgets.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE_URL = (process.env.ZS_BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');

/** Where screenshots (and files the tests keep) go. */
export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');

export async function launch() {
  return chromium.launch({
    executablePath: process.env.ZS_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** `[data-test="name"]` */
export const dt = (name) => `[data-test="${name}"]`;

/**
 * A new browser context logged in as `user`. Console errors (other than failed 4xx requests, which
 * the app answers itself) and uncaught page errors are pushed to `problems` when it is given.
 * `ready` is what to wait for after logging in (the sidebar; on a narrow screen there is none);
 * any other option goes to `browser.newContext` (isMobile, hasTouch, acceptDownloads…).
 */
export async function openSession(
  browser,
  user,
  pass,
  { problems, viewport = { width: 1366, height: 900 }, timeout = 15_000, ready = dt('sidebar'), ...contextOptions } = {},
) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', ...contextOptions });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  if (problems) {
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
  }
  await page.goto(`${BASE_URL}/login`);
  await page.locator(dt('login-username')).fill(user);
  await page.locator(dt('login-password')).fill(pass);
  await page.locator(dt('login-submit')).click();
  await page.locator(ready).waitFor();
  return { context, page };
}

/** A full-page screenshot `e2e/artifacts/<name>.png`; never fails the test. */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true }).catch(() => {});
}

/** GET an API path with the page's session; the parsed JSON, or an error naming the status. */
export async function apiGet(page, path) {
  return page.evaluate(async (p) => {
    const r = await fetch(p, { headers: { Accept: 'application/json' } });
    if (!r.ok) throw new Error(`${p}: HTTP ${r.status}`);
    return r.json();
  }, path);
}

/** Confirms the open ElMessageBox (its primary button). */
export async function confirmBox(page) {
  const box = page.locator('.el-message-box:visible');
  await box.waitFor();
  await box.locator('.el-button--primary').click();
  await box.waitFor({ state: 'hidden' });
}

/** Today as YYYY-MM-DD in local time (the server refuses actual dates in the future). */
export function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Picks an option of an el-select by its visible text. */
export async function selectOption(page, selectSelector, optionText) {
  await page.locator(selectSelector).click();
  const option = page
    .locator('.el-select-dropdown:visible .el-select-dropdown__item')
    .filter({ hasText: optionText })
    .first();
  await option.waitFor({ state: 'visible' });
  await option.click();
}

/** Types a date into the el-date-picker (type="date") inside `fieldSelector` and confirms it. */
export async function fillDate(page, fieldSelector, date) {
  const input = page.locator(`${fieldSelector} input`).first();
  await input.click();
  await input.fill(date);
  await input.press('Enter');
}

/** A minimal, valid one-page PDF. */
export function minimalPdf() {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** A random unified social credit code with valid GB 32100 and GB 11714 check characters. */
export function randomUscc() {
  let org = '';
  for (let i = 0; i < 8; i++) org += String(Math.floor(Math.random() * 10));
  const orgSum = [...org].reduce((s, c, i) => s + Number(c) * ORG_WEIGHTS[i], 0);
  const c9 = 11 - (orgSum % 11);
  org += c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9);
  const body = '91' + '340100' + org;
  const sum = [...body].reduce((s, c, i) => s + USCC_CHARS.indexOf(c) * USCC_WEIGHTS[i], 0);
  const check = (31 - (sum % 31)) % 31;
  return body + USCC_CHARS[check];
}
