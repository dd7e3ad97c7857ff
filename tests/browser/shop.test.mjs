// C3/C4 on a phone: a member buys in the 零钱 mall (product page →
// confirmation → paid order), the merchant ships it from the mobile
// order page, the member confirms receipt.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, PHONE, shot, memberLogin, noHorizontalOverflow } from './helpers.mjs';
import { adminClient, createMember, loginMember, ctl, newPhone, PASSWORD } from '../http/lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function listedProduct() {
  const admin = await adminClient('super');
  const m = createMember();
  m.password = PASSWORD;
  m.client = await loginMember(m.phone);
  const a = await m.client.post('/merchant/apply', { name: '鲜果小铺', contact: '王店长', phone: newPhone(),
    license_no: '91440300MA5XXXXX1', address: '深圳市南山区科技园 1 号' });
  await admin.client.post(`/admin/merchants/${a.body.merchant_id}/approve`, {});
  const p = await m.client.post('/merchant/products', { title: '赣南脐橙 5 斤装 当季现摘', mall: 'CHANGE',
    supply_price: '30.00', retail_price: '39.90', stock: '12', description: '果园直发，坏果包赔。' });
  await admin.client.post(`/admin/products/${p.body.product.id}/list`, {});
  return { merchant: m, id: p.body.product.id };
}

test('buying in the 零钱 mall, shipping and confirming receipt on a phone', async () => {
  const { merchant, id } = await listedProduct();
  const b = createMember();
  b.password = PASSWORD;
  ctl('credit', b.phone, 'CHANGE', '100.00', '测试入账');

  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  await memberLogin(page, b);
  await page.goto(`/shop/product/${id}`);
  await page.getByText('立即购买').waitFor();
  await shot(page, 'shop-1-product');
  assert.ok(await noHorizontalOverflow(page));
  await page.fill('input[name=qty]', '2');
  await Promise.all([page.waitForURL(`**/shop/buy/${id}?qty=2`), page.click('text=立即购买')]);
  await page.getByText('确认支付 79.80 零钱').waitFor();
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'shop-2-confirm');
  await page.fill('input[name=receiver]', '李四');
  await Promise.all([page.waitForURL(/\/shop\/order\/\d+$/), page.click('button[type=submit]')]);
  await page.getByText('已支付，等待商家发货').waitFor();
  const orderUrl = page.url();
  await shot(page, 'shop-3-paid');

  // the merchant ships from the phone
  const mctx = await newContext(browser, PHONE);
  const mp = await mctx.newPage();
  await memberLogin(mp, merchant);
  await mp.goto('/merchant/orders');
  await mp.getByText('赣南脐橙').first().waitFor();
  assert.ok(await noHorizontalOverflow(mp));
  await shot(mp, 'shop-4-merchant-orders');
  await mp.click('.pt-order');
  await mp.getByText('确认发货').waitFor();
  await mp.fill('input[name=tracking]', '12');
  await mp.fill('input[name=carrier]', '顺丰速运');
  await mp.click('button[type=submit]');
  await mp.getByText(/运单号/).first().waitFor();
  await mp.locator('.pt-error').waitFor();
  await shot(mp, 'shop-5-ship-error');
  await mp.fill('input[name=tracking]', 'SF1234567890');
  await Promise.all([mp.waitForURL(/\/merchant\/orders\/\d+$/), mp.click('button[type=submit]')]);
  await mp.getByText('已发货，等待买家确认收货').waitFor();
  assert.ok(await noHorizontalOverflow(mp));
  await shot(mp, 'shop-6-shipped');

  // the buyer confirms receipt (after a confirmation dialog)
  await page.goto(orderUrl);
  await page.getByText('SF1234567890').waitFor();
  await shot(page, 'shop-7-to-confirm');
  await page.click('button:has-text("确认收货")');
  const dialog = page.locator('.weui-dialog');
  await dialog.waitFor();
  await shot(page, 'shop-7b-confirm-dialog', { fullPage: false });
  await dialog.locator('[data-no]').click();
  await page.waitForTimeout(300);
  assert.match(await page.textContent('.pt-order-state'), /商家已发货/, 'cancelled: nothing was sent');
  await page.click('button:has-text("确认收货")');
  await page.locator('.weui-dialog [data-yes]').click();
  await page.getByText('交易完成').waitFor();
  await shot(page, 'shop-8-completed');
  await page.goto('/shop/orders');
  await page.getByText('已完成').first().waitFor();
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'shop-9-orders');
  await ctx.close();
  await mctx.close();
  const w = await (await loginMember(merchant.phone)).get('/wallet', { json: true });
  assert.equal(w.body.balances.CHANGE, '60.00', 'the merchant was credited 2 × ¥30.00');
});
