// C1 on a phone: a member applies to become a merchant and sees the
// application under review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, PHONE, shot, createMember, memberLogin, noHorizontalOverflow, freshPhone } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('merchant application on a phone', async () => {
  const m = createMember();
  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  await memberLogin(page, m);
  await page.goto('/merchant');
  await page.getByText('申请成为商家').waitFor();
  assert.ok(await noHorizontalOverflow(page));
  await page.fill('input[name=name]', '鲜果小铺');
  await page.fill('input[name=contact]', '王店长');
  await page.fill('input[name=phone]', freshPhone());
  await page.fill('input[name=license_no]', '91440300MA5XXXXX1');
  await page.fill('input[name=address]', '深圳市南山区科技园 1 号');
  await page.fill('textarea[name=description]', '水果生鲜');
  await shot(page, 'merchant-1-apply');
  await Promise.all([page.waitForURL('**/merchant'), page.click('button[type=submit]')]);
  await page.getByText('审核中').waitFor();
  await shot(page, 'merchant-2-pending');
  await ctx.close();
});
