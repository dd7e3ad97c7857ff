// D12 in Chromium: an admin opens the economics simulator from the side
// menu, loads the 链贝行 preset, sees the table and the ECharts waterfall
// (drawn by static/js/gb-sim.js under the CSP, no script errors), changes
// an assumption, and sees the activity page's own table. Screenshots:
// admin-simulate.png (the result with its chart), admin-simulate-uplines.png,
// admin-activity-sim.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, newContext, DESKTOP, shot, createAdmin, ctl } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the simulator: 链贝行 table, chart, an assumption changed, the activity page', async () => {
  const admin = createAdmin();
  const dir = mkdtempSync(join(tmpdir(), 'sim-'));
  const cfg = JSON.parse(readFileSync(new URL('../../etc/presets/lianbeihang.json', import.meta.url), 'utf8'));
  writeFileSync(join(dir, 'a.json'), JSON.stringify({ ...cfg, name: '链贝行 浏览器', products: [] }));
  const id = Number(ctl('activity-import', join(dir, 'a.json')));
  const ctx = await newContext(browser, { ...DESKTOP, viewport: { width: 1400, height: 900 } });
  const page = await ctx.newPage();

  await page.goto('/admin/login');
  await page.fill('input[name=username]', admin.username);
  await page.fill('input[name=password]', admin.password);
  await Promise.all([page.waitForURL(/\/admin\/?$/), page.click('button[type=submit]')]);

  await page.click('.pt-side a[href="/admin/gb/simulate"]');
  await page.waitForURL('**/admin/gb/simulate');
  assert.match(await page.locator('.pt-side .nav-link.active').innerText(), /经济模型/);
  await page.getByText('这些数字是什么意思').waitFor();

  await Promise.all([page.waitForURL('**/admin/gb/simulate?preset=lianbeihang'),
    page.click('a[href="/admin/gb/simulate?preset=lianbeihang"]')]);
  const profit = page.locator('tr[data-sim="profit"]');
  await profit.waitFor();
  assert.match(await profit.innerText(), /-63\.90/);
  assert.match(await profit.innerText(), /-16\.26%/);
  // the chart: one bar per row that moves money: the money in, the product
  // cost and the 11 reward lines that pay something (the 购物卡 and 红券
  // lines are worth 0.00: no bar), the profit. ECharts draws each bar as a
  // filled path; the axis and grid lines are paths with fill="none".
  await page.locator('#sim-chart svg').waitFor();
  const bars = await page.locator('#sim-chart svg path:not([fill="none"])').count();
  assert.equal(bars, 14, 'the waterfall has one bar per paying row');
  await page.locator('#sim-chart').scrollIntoViewIfNeeded();
  await shot(page, 'admin-simulate');

  await page.selectOption('select[name=uplines]', '0');
  await Promise.all([page.waitForURL('**/admin/gb/simulate'), page.click('form[action="/admin/gb/simulate"] button')]);
  await profit.waitFor();
  assert.match(await profit.innerText(), /91\.10/);
  assert.equal(await page.inputValue('select[name=uplines]'), '0');
  await page.locator('#sim-chart svg').waitFor();
  await shot(page, 'admin-simulate-uplines');

  await page.goto(`/admin/gb/activities/${id}`);
  const card = page.locator('#sim');
  await card.waitFor();
  assert.match(await card.locator('tr[data-sim="profit"]').innerText(), /-63\.90/);
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'admin-activity-sim');
  await Promise.all([page.waitForURL(`**/admin/gb/simulate?activity=${id}`),
    card.locator(`a[href="/admin/gb/simulate?activity=${id}"]`).click()]);
  assert.equal(await page.inputValue('select[name=activity]'), String(id));
  await page.locator('#sim-chart svg').waitFor();

  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});
