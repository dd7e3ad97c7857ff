// The malls and the daily hot items on a phone (C3, C5): the mall index,
// a mall's list, a search that finds nothing, the home page with today's
// hot items (one sold out), and a merchant offering one on /merchant/hot.
// Merchants and products are made over HTTP with the HTTP tests' client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, PHONE, shot, memberLogin, noHorizontalOverflow, clearOfTabbar } from './helpers.mjs';
import { createMember, loginMember, adminClient, newPhone, sql, PASSWORD } from '../http/lib.mjs';

let browser, admin;
before(async () => {
  browser = await launch();
  admin = await adminClient('super');
});
after(async () => { await browser?.close(); });

async function merchant(name) {
  const m = createMember();
  m.password = PASSWORD;
  m.client = await loginMember(m.phone);
  const r = await m.client.post('/merchant/apply', { name, contact: '王店长', phone: newPhone(),
    license_no: '91440300MA5XXXXX1', address: '深圳市南山区科技园 1 号' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await admin.client.post(`/admin/merchants/${r.body.merchant_id}/approve`, {})).status, 200);
  return m;
}

async function listed(m, fields) {
  const p = await m.client.post('/merchant/products', { supply_price: '20.00', stock: '50', ...fields });
  assert.equal(p.status, 200, p.text);
  assert.equal((await admin.client.post(`/admin/products/${p.body.product.id}/list`, {})).status, 200);
  return p.body.product.id;
}

// Today in China, n days later, YYYY-MM-DD.
const day = (n = 0) => new Date(Date.now() + 8 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);

test('mall index, 零钱商城 with items, and a search that finds nothing', async () => {
  const m = await merchant('鲜果小铺');
  await listed(m, { title: '赣南脐橙 5 斤装 当季现摘', mall: 'CARD', retail_price: '39.90' });
  await listed(m, { title: '云南高山蓝莓 4 盒装', mall: 'POINTS', retail_price: '59.00' });
  await listed(m, { title: '五常稻花香大米 10 斤', mall: 'CHANGE', retail_price: '89.00' });
  await listed(m, { title: '新疆阿克苏冰糖心苹果 10 斤装 特大果 单果 85mm 以上 脆甜多汁', mall: 'CHANGE',
    retail_price: '1288.88', stock: '0' });
  await listed(m, { title: '海南妃子笑荔枝', mall: 'CHANGE', retail_price: '66.60' });

  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  await page.goto('/');
  await page.click('.pt-tabbar a[href="/shop"]');
  await page.waitForURL('**/shop');
  assert.equal(await page.locator('.pt-tabbar a.on').innerText().then((s) => s.trim()), '商城');
  assert.equal(await page.locator('.pt-tabbar a').count(), 5, 'five tabs at most');
  await page.locator('.pt-mall').first().waitFor();
  assert.equal(await page.locator('.pt-mall').count(), 4, 'four malls: 购物卡, 积分, 零钱, 分红积分 (D8)');
  assert.match(await page.locator('.pt-mall').nth(1).innerText(), /云南高山蓝莓/);
  assert.match(await page.locator('.pt-mall').nth(1).innerText(), /约 590\.00 积分/);
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'shop-1-index');

  await page.click('.pt-malls a[href="/shop/mall/CHANGE"]');
  await page.waitForURL('**/shop/mall/CHANGE');
  assert.equal((await page.innerText('.pt-bar h1')).trim(), '零钱商城');
  assert.equal((await page.innerText('.pt-tabs .on')).trim(), '零钱商城');
  const cards = page.locator('.pt-goods .pt-good');
  assert.ok(await cards.count() >= 3);
  // newest first; a file running at the same time may list a newer one
  const lychee = cards.filter({ hasText: '海南妃子笑荔枝' }).first();
  assert.match(await lychee.innerText(), /海南妃子笑荔枝[\s\S]*¥\s*66\.60[\s\S]*约 66\.60 零钱/);
  const out = page.locator('.pt-good_out', { hasText: '冰糖心苹果' }).first();
  assert.match(await out.innerText(), /已售罄/);
  // a long title stays in its card
  const fits = await out.locator('.pt-good__title').evaluate((el) =>
    el.scrollWidth <= el.clientWidth + 1 && el.getBoundingClientRect().right <= el.parentElement.getBoundingClientRect().right);
  assert.ok(fits, 'the long title overflows its card');
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'shop-2-mall-change');

  await page.fill('input[name=q]', '火星特产');
  await Promise.all([page.waitForURL('**/shop/mall/CHANGE?q=*'), page.click('.pt-search button')]);
  const empty = page.locator('.pt-empty');
  await empty.waitFor();
  assert.match(await empty.innerText(), /没有找到与“火星特产”相关的商品/);
  assert.equal(await page.inputValue('input[name=q]'), '火星特产');
  assert.ok(await clearOfTabbar(empty.getByRole('link', { name: '查看全部商品' })));
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'shop-3-search-nothing');
  // the longest search words a phone can send, one unbroken run
  await page.goto('/shop/mall/CHANGE?q=' + 'W'.repeat(40));
  await empty.waitFor();
  assert.ok(await noHorizontalOverflow(page), 'a 40-letter search overflows the page');
  await Promise.all([page.waitForURL('**/shop/mall/CHANGE'), empty.getByRole('link', { name: '查看全部商品' }).click()]);
  await cards.first().waitFor();

  await page.fill('input[name=q]', '妃子笑');
  await Promise.all([page.waitForURL('**/shop/mall/CHANGE?q=*'), page.click('.pt-search button')]);
  await cards.first().waitFor();
  assert.match(await cards.first().innerText(), /海南妃子笑荔枝/);
  await Promise.all([page.waitForURL('**/shop/product/*'), lychee.click()]);
  await page.getByText('海南妃子笑荔枝').first().waitFor();
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});

test('a merchant offers a hot item; the home page shows today\'s, one sold out', async () => {
  const m = await merchant('爆品小铺');
  const tea = await listed(m, { title: '明前龙井 250g 礼盒', mall: 'CARD', retail_price: '168.00', supply_price: '88.00' });
  const rice = await listed(m, { title: '东北珍珠米 5kg', mall: 'CHANGE', retail_price: '49.90' });
  const honey = await listed(m, { title: '秦岭土蜂蜜 500g', mall: 'CHANGE', retail_price: '78.00' });
  const r = await m.client.post('/merchant/hot', { product: rice, day: day(0), price: '29.90', qty: '20' });
  assert.equal(r.status, 200, r.text);
  const soldOut = await m.client.post('/merchant/hot', { product: honey, day: day(0), price: '39.00', qty: '3' });
  assert.equal(soldOut.status, 200, soldOut.text);
  // Buying a hot item is the order issue's; until then, sell this one out here.
  sql(`UPDATE hot_items SET sold = 3 WHERE id = ${Number(soldOut.body.hot.id)}`);
  sql(`UPDATE hot_items SET sold = 7 WHERE id = ${Number(r.body.hot.id)}`);

  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  await memberLogin(page, m);
  await page.goto('/merchant');
  await Promise.all([page.waitForURL('**/merchant/hot'), page.getByRole('link', { name: '每日爆品' }).click()]);
  await page.selectOption('select[name=product]', String(tea));
  await page.fill('input[name=day]', day(1));
  await page.fill('input[name=price]', '50.00');
  await page.fill('input[name=qty]', '10');
  await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
  const err = page.locator('.pt-error[role=alert]');
  await err.waitFor();
  assert.match(await err.innerText(), /不能低于供货价 ¥88\.00/);
  assert.equal(await page.inputValue('select[name=product]'), String(tea), 'the product stays chosen');
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'merchant-hot-1-error');
  await page.fill('input[name=price]', '99.00');
  await Promise.all([page.waitForURL('**/merchant/hot'), page.click('button[type=submit]')]);
  await page.getByText('爆品已设置').waitFor();
  const rows = page.locator('.pt-hotrow');
  assert.equal(await rows.count(), 3);
  assert.match(await rows.nth(2).innerText(), new RegExp(`明前龙井[\\s\\S]*${day(1)}[\\s\\S]*0/10`));
  assert.match(await rows.nth(0).innerText(), /今天[\s\S]*7\/20/);
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'merchant-hot-2-list');

  await page.goto('/');
  const box = page.locator('.pt-hotbox');
  await box.waitFor();
  const item = box.locator(`.pt-hot[data-hot="${r.body.hot.id}"]`);
  assert.match(await item.innerText(), /29\.90[\s\S]*¥49\.90[\s\S]*已抢 7\/20/);
  assert.equal(await item.getByRole('link', { name: '抢购' }).getAttribute('href'),
    `/shop/product/${rice}?hot=${r.body.hot.id}`);
  assert.equal(await box.locator('.pt-hot', { hasText: '明前龙井' }).count(), 0, 'tomorrow\'s is not shown');
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'home-hot');
  await Promise.all([page.waitForURL('**/shop/hot'), box.getByRole('link', { name: '全部' }).click()]);
  const gone = page.locator(`.pt-hot[data-hot="${soldOut.body.hot.id}"]`);
  assert.ok(await gone.getByRole('button', { name: '已抢光' }).isDisabled());
  assert.equal(await gone.getByRole('link').count(), 0, 'no 抢购 link when sold out');
  assert.equal(await page.locator('.pt-hot', { hasText: '明前龙井' }).count(), 0);
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'shop-4-hot');
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});
