// Money on a phone (B4, B5): recharge through the sandbox pay page, apply
// for a withdrawal with its confirmation step, and an admin approving it
// in the back office; the member then sees it approved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, PHONE, DESKTOP, shot, createMember, createAdmin, memberLogin,
  noHorizontalOverflow,
} from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('recharge 50.00 in the sandbox, withdraw 20.00, admin approves', async () => {
  const m = createMember();
  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  await memberLogin(page, m);

  await page.goto('/wallet/recharge');
  await page.fill('input[name=amount]', '50.00');
  await Promise.all([page.waitForURL('**/wallet/pay/sandbox/**'), page.click('button[type=submit]')]);
  await page.getByText('¥50.00').first().waitFor();
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'wallet-1-sandbox-pay');
  await Promise.all([page.waitForURL('**/wallet'), page.getByRole('button', { name: /确认支付/ }).click()]);
  // the flash fades after 3.2 s (CSS): on a loaded machine it may be gone
  // from sight already, so its element is what is waited for
  await page.locator('.pt-flash', { hasText: '充值成功' }).waitFor({ state: 'attached' });
  assert.equal((await page.textContent('.pt-wallet__main b')).trim(), '50.00');
  await shot(page, 'wallet-2-after-recharge');

  await page.goto('/wallet/withdraw');
  await page.fill('input[name=amount]', '20.00');
  await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
  await page.getByText('预计到账').waitFor();
  assert.match(await page.textContent('main'), /19\.00/);   // 20.00 − 5% fee
  await shot(page, 'wallet-3-withdraw-confirm');
  await Promise.all([page.waitForURL('**/wallet/withdraw'), page.getByRole('button', { name: '确认提现' }).click()]);
  await page.getByText('审核中').first().waitFor();
  await shot(page, 'wallet-4-withdraw-pending');

  const admin = createAdmin();
  const actx = await newContext(browser, DESKTOP);
  const ap = await actx.newPage();
  await ap.goto('/admin/login');
  await ap.fill('input[name=username]', admin.username);
  await ap.fill('input[name=password]', admin.password);
  await Promise.all([ap.waitForURL(/\/admin\/?$/), ap.click('button[type=submit]')]);
  await ap.goto('/admin/withdrawals');
  const row = ap.locator('tr', { hasText: m.phone });
  await row.waitFor();
  await shot(ap, 'wallet-5-admin-queue');
  await Promise.all([ap.waitForLoadState('load'), row.getByRole('button', { name: /通过/ }).click()]);
  await ap.getByText('已通过，请线下打款').waitFor();
  await ap.goto('/admin/shipments');
  await ap.getByRole('heading', { name: '群主/团长货款发货' }).waitFor();
  await ap.getByRole('heading', { name: '发货记录' }).waitFor();
  await shot(ap, 'wallet-5b-admin-shipments');
  await actx.close();

  await page.goto('/wallet/withdraw');
  await page.getByText('已通过').first().waitFor();
  await shot(page, 'wallet-6-withdraw-approved');
  await page.goto('/wallet');
  assert.equal((await page.textContent('.pt-wallet__main b')).trim(), '30.00');
  await ctx.close();
});
