// The back office at a desktop size (I1, I2): login (and its error), the
// dashboard, searching members by phone, and a member's detail page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, DESKTOP, shot, createMember, createAdmin } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('admin logs in, sees the dashboard, finds a member and opens it', async () => {
  const admin = createAdmin();
  const inviter = createMember();
  const m = createMember({ inviter: inviter.id });
  const child = createMember({ inviter: m.id });
  const ctx = await newContext(browser, DESKTOP);
  const page = await ctx.newPage();

  await page.goto('/admin');
  await page.waitForURL('**/admin/login**');
  await page.getByRole('button', { name: '登录' }).waitFor();
  await shot(page, 'admin-1-login');

  await page.fill('input[name=username]', admin.username);
  await page.fill('input[name=password]', 'wrong-password');
  await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
  const alert = page.locator('.alert-danger');
  await alert.waitFor();
  assert.match(await alert.innerText(), /密码/);
  assert.equal(await page.inputValue('input[name=username]'), admin.username);
  await shot(page, 'admin-2-login-error');

  await page.fill('input[name=password]', admin.password);
  await Promise.all([page.waitForURL(/\/admin\/?$/), page.click('button[type=submit]')]);
  await page.getByText('会员总数').waitFor();
  assert.ok(Number((await page.locator('.pt-stat__value').first().innerText()).trim()) >= 2);
  assert.match(await page.locator('.pt-side .nav-link.active').innerText(), /概览/);
  await shot(page, 'admin-3-dashboard');

  await page.click('.pt-side a[href="/admin/members"]');
  await page.waitForURL('**/admin/members');
  assert.ok(await page.locator('table tbody tr').count() >= 3, 'the list shows members');
  await shot(page, 'admin-4a-members');
  await page.fill('input[name=q]', m.phone);
  await Promise.all([page.waitForURL(/\/admin\/members\?q=/), page.click('form[action="/admin/members"] button')]);
  const rows = page.locator('table tbody tr');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), new RegExp(String(m.id)));
  assert.equal(await page.inputValue('input[name=q]'), m.phone);
  await shot(page, 'admin-4-members-search');

  await rows.first().locator(`a[href="/admin/members/${m.id}"]`).click();
  await page.waitForURL(`**/admin/members/${m.id}`);
  await page.getByRole('heading', { name: new RegExp(`会员 ${m.id}`) }).waitFor();
  await page.locator(`a[href="/admin/members/${inviter.id}"]`).first().waitFor();
  assert.match(await page.innerText('main'), /广东省\s*深圳市\s*南山区/);
  // the direct downline is listed
  await page.locator(`table a[href="/admin/members/${child.id}"]`).waitFor();
  await shot(page, 'admin-5-member');

  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});

test('a search that finds nobody says so', async () => {
  const admin = createAdmin();
  const ctx = await newContext(browser, DESKTOP);
  const page = await ctx.newPage();
  await page.goto('/admin/login');
  await page.fill('input[name=username]', admin.username);
  await page.fill('input[name=password]', admin.password);
  await Promise.all([page.waitForURL(/\/admin\/?$/), page.click('button[type=submit]')]);
  await page.goto('/admin/members?q=10000000000');
  await page.locator('.pt-none').getByText(/没有找到/).waitFor();
  assert.equal(await page.locator('table tbody tr').count(), 0);
  await shot(page, 'admin-6-members-none');
  await ctx.close();
});
