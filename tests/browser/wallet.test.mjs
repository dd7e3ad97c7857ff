// Money on a phone (B4, B5): recharge through the sandbox pay page, apply
// for a withdrawal with its confirmation step, and an admin approving it
// in the back office; the member then sees it approved. Before the first
// withdrawal the member binds a payout account (a bank card); the
// confirmations on both sides show the account the money goes to.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, PHONE, DESKTOP, shot, createMember, createAdmin, memberLogin,
  noHorizontalOverflow,
} from './helpers.mjs';
import { luhnCard } from '../http/lib.mjs';

const WIDE = { ...DESKTOP, viewport: { width: 1440, height: 900 } };

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
  await page.getByText('首次提现前请先绑定收款账户').waitFor();
  assert.equal(await page.locator('input[name=amount]').count(), 0, 'no withdrawal form before binding');
  await Promise.all([page.waitForURL('**/wallet/account'), page.getByRole('link', { name: '绑定收款账户' }).click()]);
  const card = luhnCard();
  await page.fill('input[name=name]', '张三');
  await page.fill('input[name=bank]', '中国工商银行');
  await page.fill('input[name=branch]', '深圳南山支行');
  await page.fill('input[name=account]', card.slice(0, -1) + String((Number(card.slice(-1)) + 1) % 10));   // a typo: Luhn fails
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '绑定' }).click()]);
  await page.getByText('银行卡号校验位不对').waitFor();
  await shot(page, 'wallet-3a-account-bad-card');
  await page.fill('input[name=account]', card);
  await Promise.all([page.waitForURL('**/wallet/withdraw'), page.getByRole('button', { name: '绑定' }).click()]);
  await page.getByText('收款账户已绑定').first().waitFor();
  const masked = card.slice(0, 4) + '****' + card.slice(-4);
  await page.getByText(masked).first().waitFor();
  assert.ok(!(await page.content()).includes(card), 'the full card number is not shown');
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'wallet-3b-account-bound');
  await page.locator('.pt-toast').waitFor({ state: 'detached' });   // the toast covers the button
  await page.fill('input[name=amount]', '20.00');
  await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
  await page.getByText('预计到账').waitFor();
  assert.match(await page.textContent('main'), /19\.00/);   // 20.00 − 5% fee
  assert.match(await page.textContent('main'), new RegExp('打款到[\\s\\S]*中国工商银行 ' + masked.replace(/\*/g, '\\*')));
  await shot(page, 'wallet-3-withdraw-confirm');
  await Promise.all([page.waitForURL('**/wallet/withdraw'), page.getByRole('button', { name: '确认提现' }).click()]);
  await page.getByText('审核中').first().waitFor();
  await shot(page, 'wallet-4-withdraw-pending');

  const admin = createAdmin();
  const actx = await newContext(browser, WIDE);
  const ap = await actx.newPage();
  await ap.goto('/admin/login');
  await ap.fill('input[name=username]', admin.username);
  await ap.fill('input[name=password]', admin.password);
  // the dashboard loads ECharts: wait for the URL, then for its heading
  await Promise.all([ap.waitForURL(/\/admin\/?$/, { waitUntil: 'commit' }), ap.click('button[type=submit]')]);
  await ap.getByRole('heading', { name: '概览' }).waitFor();
  await ap.goto('/admin/withdrawals');
  const row = ap.locator('tr', { hasText: m.phone });
  await row.waitFor();
  await shot(ap, 'wallet-5-admin-queue');
  assert.match(await row.textContent(), new RegExp('张三[\\s\\S]*' + card), 'a super admin sees the full account');
  await Promise.all([ap.waitForURL(/\/approve$/), row.getByRole('link', { name: /通过并打款/ }).click()]);
  await ap.getByRole('heading', { name: '确认打款' }).waitFor();
  assert.match(await ap.textContent('main'), /19\.00 元/);
  assert.ok((await ap.textContent('main')).includes(card));
  await shot(ap, 'wallet-5a-admin-approve-confirm');
  await Promise.all([ap.waitForURL('**/admin/withdrawals'), ap.getByRole('button', { name: /已打款 19\.00 元，确认通过/ }).click()]);
  await ap.getByText('已通过，请线下打款').waitFor();
  await ap.goto('/admin/withdrawals?status=approved');
  await ap.locator('tr', { hasText: m.phone }).getByText('经办 ' + admin.username).waitFor();
  await shot(ap, 'wallet-5c-admin-approved');
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
