// The operator's cockpit at 1440×900 (issue 20): the dashboard with its
// to-do counts and the 30-day chart drawn by ECharts, the compliance page
// (every rule green or flagged, with its citation), the money report with
// its chart, and the obligations on the economy page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, DESKTOP, shot, createMember, createAdmin, ctl } from './helpers.mjs';

const WIDE = { ...DESKTOP, viewport: { width: 1440, height: 900 } };
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('dashboard, compliance, report and obligations', async () => {
  const m = createMember();
  ctl('credit', m.phone, 'CHANGE', '88.00', '驾驶舱测试入账');
  const admin = createAdmin();
  const ctx = await newContext(browser, WIDE);
  const page = await ctx.newPage();
  await page.goto('/admin/login');
  await page.fill('input[name=username]', admin.username);
  await page.fill('input[name=password]', admin.password);
  await Promise.all([page.waitForURL(/\/admin\/?$/, { waitUntil: 'commit' }), page.click('button[type=submit]')]);

  await page.getByRole('heading', { name: '待处理' }).waitFor();
  await page.locator('#pt-trend[data-drawn="1"] svg').first().waitFor();
  assert.ok(await page.locator('#pt-trend svg path').count() > 0, 'the chart has drawn series');
  const todo = page.locator('.pt-todo a', { hasText: '待审核提现' });
  assert.equal(await todo.getAttribute('href'), '/admin/withdrawals?status=pending');
  await page.locator('.pt-flows td', { hasText: '人工调整' }).first().waitFor();
  await shot(page, 'cockpit-1-dashboard');

  await Promise.all([page.waitForURL('**/admin/compliance'), page.getByRole('link', { name: '合规自检 ›' }).click()]);
  await page.getByRole('heading', { name: '奖励代数' }).waitFor();
  assert.ok(await page.locator('[data-level]').count() >= 6);
  assert.match(await page.textContent('main'), /第十条/);
  await shot(page, 'cockpit-2-compliance');

  await page.goto('/admin/reports');
  await page.locator('#pt-report[data-drawn="1"] svg').first().waitFor();
  await page.locator('td', { hasText: '人工调整' }).first().waitFor();
  await shot(page, 'cockpit-3-report');

  await page.goto('/admin/economy');
  await page.getByText('待兑付义务与备付资金').waitFor();
  await page.locator('[data-ratio]').waitFor();
  await shot(page, 'cockpit-4-obligations');
  await ctx.close();
});
