// test-stack: serial (sets today's hot items, which every home page shows); runs alone, before the files that run at once
// C5 daily hot items (每日爆品): a merchant offers one of its listed
// products for a day (today … 30 days ahead, Asia/Shanghai) at a 零钱
// price not below the supply price and a quantity not above the stock;
// one offer per product and day. Every refusal changes nothing. Today's
// items show on GET /shop/hot and on the home page; other days' do not.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createMember, loginMember, adminClient, newPhone, sql } from './lib.mjs';

let admin;
before(async () => { admin = await adminClient('super'); });

async function merchant() {
	const m = createMember();
	m.client = await loginMember(m.phone);
	const r = await m.client.post('/merchant/apply', { name: '爆品小铺', contact: '李店长', phone: newPhone(),
		license_no: '91440300MA5XXXXX2', address: '深圳市南山区科技园 2 号' });
	assert.equal(r.status, 200, r.text);
	m.merchantId = r.body.merchant_id;
	assert.equal((await admin.client.post(`/admin/merchants/${m.merchantId}/approve`, {})).status, 200);
	return m;
}

async function product(m, { listed = true, ...over } = {}) {
	const p = await m.client.post('/merchant/products', { title: '爆款脐橙', mall: 'CARD', supply_price: '30.00',
		retail_price: '49.90', stock: '10', ...over });
	assert.equal(p.status, 200, p.text);
	if (listed)
		assert.equal((await admin.client.post(`/admin/products/${p.body.product.id}/list`, {})).status, 200);
	return p.body.product.id;
}

// Today in China and n days later, as YYYY-MM-DD (the app's dates are
// Asia/Shanghai: UTC+8, no daylight saving).
function day(n = 0) {
	return new Date(Date.now() + 8 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);
}

const offers = (productId) => Number(sql(`SELECT COUNT(*) FROM hot_items WHERE product_id = ${Number(productId)}`)[0][0]);

describe('daily hot items (C5)', () => {
	test('offering: today and tomorrow; the merchant sees both; today\'s shows on /shop/hot and the home page', async () => {
		const m = await merchant();
		const a = await product(m, { title: '今日爆款脐橙' });
		const b = await product(m, { title: '明日爆款苹果' });
		const page = await m.client.get('/merchant/hot');
		assert.equal(page.status, 200);
		assert.equal(page.body.hot.today, day(0), 'the page\'s today is the date in China');
		assert.equal(page.body.hot.max_day, day(30));

		const r1 = await m.client.post('/merchant/hot', { product: a, day: day(0), price: '35.00', qty: '5' });
		assert.equal(r1.status, 200, r1.text);
		assert.ok(r1.body.hot.id > 0);
		const r2 = await m.client.post('/merchant/hot', { product: b, day: day(1), price: '30.00', qty: '10' });
		assert.equal(r2.status, 200, r2.text);
		const [row] = sql(`SELECT product_id, merchant_id, DATE_FORMAT(day, '%Y-%m-%d'), price, qty_total, sold
			FROM hot_items WHERE id = ${Number(r1.body.hot.id)}`);
		assert.deepEqual(row, [String(a), String(m.merchantId), day(0), '3500', '5', '0']);

		const mine = (await m.client.get('/merchant/hot')).body.hot;
		assert.deepEqual(mine.upcoming.map((h) => [h.id, h.day, h.sold, h.qty_total]),
			[[r1.body.hot.id, day(0), 0, 5], [r2.body.hot.id, day(1), 0, 10]]);
		assert.deepEqual(mine.past, []);

		const visitor = new Client();
		const hot = (await visitor.get('/shop/hot')).body.hot;
		const item = hot.find((h) => h.id === r1.body.hot.id);
		assert.deepEqual({ ...item }, { ...item, product_id: a, title: '今日爆款脐橙', price: '35.00',
			qty_total: 5, sold: 0, sold_out: false });
		assert.equal(hot.find((h) => h.id === r2.body.hot.id), undefined, 'tomorrow\'s is not shown today');
		assert.equal(hot.find((h) => h.product_id === b), undefined);

		const home = await visitor.get('/');
		assert.ok(home.body.hot.some((h) => h.id === r1.body.hot.id && h.retail_price === '49.90'));
		assert.ok(!home.body.hot.some((h) => h.id === r2.body.hot.id));
		assert.equal(home.body.has_hot, true);
		const html = (await visitor.get('/', { json: false })).text;
		assert.match(html, /每日爆品/);
		assert.match(html, new RegExp(`href="/shop/product/${a}\\?hot=${r1.body.hot.id}"`), 'the 抢购 link');
		assert.match(html, /已抢 0\/5/);
		assert.match(html, /<s>¥49\.90<\/s>/, 'the retail price struck through');

		// an unlisted product's offer is no longer shown
		assert.equal((await admin.client.post(`/admin/products/${a}/unlist`, {})).status, 200);
		assert.ok(!(await visitor.get('/shop/hot')).body.hot.some((h) => h.id === r1.body.hot.id));
	});

	test('sold out: 已抢光 with the button disabled', async () => {
		const m = await merchant();
		const a = await product(m, { title: '抢光的爆款' });
		const r = await m.client.post('/merchant/hot', { product: a, day: day(0), price: '40.00', qty: '2' });
		assert.equal(r.status, 200, r.text);
		const id = r.body.hot.id;
		// Buying a hot item is the order issue's; until it exists, sell out here.
		sql(`UPDATE hot_items SET sold = qty_total WHERE id = ${Number(id)}`);
		const visitor = new Client();
		const item = (await visitor.get('/shop/hot')).body.hot.find((h) => h.id === id);
		assert.equal(item.sold_out, true);
		assert.equal(item.sold, 2);
		const html = (await visitor.get('/shop/hot', { json: false })).text;
		const card = html.slice(html.indexOf('抢光的爆款'));
		assert.match(card.slice(0, card.indexOf('pt-hot__btn') + 200), /<button class="pt-hot__btn" type="button" disabled>已抢光<\/button>/);
		assert.doesNotMatch(html, new RegExp(`\\?hot=${id}"`), 'no 抢购 link for a sold-out item');
	});

	test('refusals change nothing: each rule, and one offer per product and day', async () => {
		const m = await merchant();
		const a = await product(m, { supply_price: '30.00', stock: '10' });
		const unlisted = await product(m, { listed: false });
		const other = await merchant();
		const theirs = await product(other);
		const ok = { product: a, day: day(0), price: '30.00', qty: '10' };
		const cases = [
			[{ day: day(-1) }, 400, 'day', /早于今天/],
			[{ day: day(31) }, 400, 'day', /30 天/],
			[{ day: '2025-02-30' }, 400, 'day', /日期格式/],
			[{ day: '明天' }, 400, 'day', /日期/],
			[{ day: '' }, 400, 'day', /日期/],
			[{ price: '29.99' }, 400, 'price', /供货价/],
			[{ price: '0' }, 400, 'price', /爆品价/],
			[{ price: '-1' }, 400, 'price', /爆品价/],
			[{ price: '1.234' }, 400, 'price', /爆品价/],
			[{ qty: '11' }, 400, 'qty', /库存/],
			[{ qty: '0' }, 400, 'qty', /爆品数量/],
			[{ product: unlisted }, 409, 'product', /未上架/],
			[{ product: theirs }, 403, 'product', /自己/],
			[{ product: 999999999 }, 404, 'product', /不存在/],
			[{ product: '' }, 400, 'product', /请选择商品/],
		];
		for (const [over, status, field, msg] of cases) {
			const r = await m.client.post('/merchant/hot', { ...ok, ...over });
			const what = JSON.stringify(over);
			assert.equal(r.status, status, `${what}: ${r.text}`);
			assert.equal(r.body.ok, false, what);
			assert.equal(r.body.error.field, field, what);
			assert.match(r.body.error.message, msg, what);
		}
		for (const p of [a, unlisted, theirs]) assert.equal(offers(p), 0, 'nothing was offered');

		// a member who is not an approved merchant
		const plain = createMember();
		plain.client = await loginMember(plain.phone);
		const r = await plain.client.post('/merchant/hot', ok);
		assert.equal(r.status, 403);
		assert.equal(r.body.error.code, 'not_merchant');
		assert.equal((await plain.client.get('/merchant/hot')).status, 403);
		assert.equal(offers(a), 0);
		// a visitor is sent to log in
		const v = await new Client().post('/merchant/hot', ok, { json: false });
		assert.equal(v.status, 303);
		assert.equal(offers(a), 0);

		// the edge values are accepted: supply price, whole stock, 30 days ahead
		const first = await m.client.post('/merchant/hot', ok);
		assert.equal(first.status, 200, first.text);
		const far = await m.client.post('/merchant/hot', { ...ok, day: day(30) });
		assert.equal(far.status, 200, far.text);
		const again = await m.client.post('/merchant/hot', { ...ok, price: '45.00', qty: '1' });
		assert.equal(again.status, 409);
		assert.equal(again.body.error.code, 'duplicate');
		assert.match(again.body.error.message, /每天只能设置一次/);
		assert.equal(offers(a), 2);
		assert.deepEqual(sql(`SELECT price, qty_total FROM hot_items WHERE id = ${Number(first.body.hot.id)}`),
			[['3000', '10']], 'the first offer is unchanged');

		// a browser gets the form again with the message and its values
		const form = await m.client.post('/merchant/hot', { ...ok, day: day(1), price: '1.00' }, { json: false });
		assert.equal(form.status, 400);
		assert.match(form.text, /爆品价不能低于供货价 ¥30\.00/);
		assert.match(form.text, new RegExp(`value="${day(1)}"`));
		assert.match(form.text, new RegExp(`<option value="${a}" selected>`));
		assert.equal(offers(a), 2);
	});
});
