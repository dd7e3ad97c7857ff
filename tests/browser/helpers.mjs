// Shared helpers for the browser tests (tests/browser/*.test.mjs): the
// stack's address, the ctl tool, a Chromium launcher, phone-sized and
// desktop contexts, screenshots, and fresh members and admins made with ctl
// so that no test depends on seed data or on another test.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const BASE = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const SHOTS = process.env.SCREENSHOTS || 'build/screenshots';
mkdirSync(SHOTS, { recursive: true });

/* ctl ARGS…: runs $CTL with PINTUAN_CONF from the environment; returns stdout, trimmed. */
export function ctl(...args) {
  const bin = process.env.CTL;
  if (!bin) throw new Error('CTL is not set (path of build/…/ctl)');
  return execFileSync(bin, args, { encoding: 'utf8', env: process.env }).trim();
}

/* A phone number nobody has used yet: 19x + time + randomness. */
let seq = 0;
export function freshPhone() {
  const n = (Date.now() % 1e6) * 100 + (seq++ % 10) * 10 + Math.floor(Math.random() * 10);
  return '19' + String(Math.floor(Math.random() * 10)) + String(n).padStart(8, '0');
}

/* A new member made with ctl; returns { id, phone, password }. */
export function createMember({ inviter, region = '440000,440300,440305' } = {}) {
  const phone = freshPhone();
  const password = 'demo1234';
  const args = ['member-create', phone, password, '--region', region];
  if (inviter) args.push('--inviter', String(inviter));
  const out = ctl(...args);
  const id = Number(out.match(/\d+/)?.[0]);
  if (!id) throw new Error(`member-create printed no id: ${out}`);
  return { id, phone, password };
}

/* A new super admin made with ctl; returns { username, password }. */
export function createAdmin() {
  const username = 'br_' + Date.now().toString(36) + Math.floor(Math.random() * 1e4);
  const password = 'Browser-' + Math.random().toString(36).slice(2, 10);
  ctl('admin-create', username, password, 'super');
  return { username, password };
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export const PHONE = {
  viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
  userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
};
export const DESKTOP = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

/* A context whose pages resolve relative URLs against BASE and fail on
 * page errors (a CSP violation or a script error is a bug). */
export async function newContext(browser, opts) {
  const ctx = await browser.newContext({ ...opts, baseURL: BASE });
  ctx.setDefaultTimeout(10000);
  ctx.errors = [];
  ctx.on('page', (p) => watch(ctx, p));
  return ctx;
}

function watch(ctx, page) {
  page.on('pageerror', (e) => ctx.errors.push(`pageerror on ${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    // failed loads are reported below with their URL; a form shown again
    // with its error (400/409/422…) is a navigation and expected
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      ctx.errors.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.request().isNavigationRequest())
      ctx.errors.push(`${r.status()} for ${r.request().method()} ${r.url()} (on ${page.url()})`);
  });
  page.on('requestfailed', (r) => {
    if (!r.isNavigationRequest())
      ctx.errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
}

/* Saves $SCREENSHOTS/NAME.png (full page) and returns its path. */
export async function shot(page, name, { fullPage = true } = {}) {
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/* The page's own view as JSON, with the page's cookies. */
export async function viewOf(page, path) {
  const r = await page.request.get(path, { headers: { Accept: 'application/json' } });
  return r.json();
}

/* True when the element's box is inside the viewport and not hidden behind
 * the fixed tab bar. */
export async function clearOfTabbar(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const bar = document.querySelector('.pt-tabbar');
    const limit = bar ? bar.getBoundingClientRect().top : window.innerHeight;
    return r.top >= 0 && r.bottom <= limit;
  });
}

/* Logs in through the member login form (password tab). */
export async function memberLogin(page, m) {
  await page.goto('/member/login');
  await page.fill('input[name=phone]', m.phone);
  await page.fill('input[name=password]', m.password);
  await Promise.all([page.waitForURL('**/member/me'), page.click('button[type=submit]')]);
}

/* No horizontal scrolling: content is never wider than the screen. */
export async function noHorizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}
