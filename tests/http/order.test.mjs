// C3 orders: paying moves money through the ledger in the mall's currency,
// stock is taken by a conditional update and never oversold; bad orders
// are refused and change nothing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createMember, createMembers, loginMember, adminClient, ctl, newPhone, sql } from './lib.mjs';

async function listedProduct(admin, over = {}) {
	const m = createMember();
	m.client = await loginMember(m.phone);
	const a = await m.client.post('/merchant/apply', { name: '鲜果小铺', contact: '王店长', phone: newPhone(),
		license_no: '91440300MA5XXXXX1', address: '深圳市南山区科技园 1 号' });
	assert.equal((await admin.client.post(`/admin/merchants/${a.body.merchant_id}/approve`, {})).status, 200);
	const p = await m.client.post('/merchant/products', { title: '脐橙', mall: 'CHANGE', supply_price: '30.00',
		retail_price: '40.00', stock: '10', ...over });
	assert.equal(p.status, 200, p.text);
	assert.equal((await admin.client.post(`/admin/products/${p.body.product.id}/list`, {})).status, 200);
	return p.body.product.id;
}

async function buyer(currency, amount) {
	const b = createMember();
	if (amount) ctl('credit', b.phone, currency, amount, '测试入账');
	b.client = await loginMember(b.phone);
	return b;
}

async function balance(m, cur) {
	return (await m.client.get('/wallet', { json: true })).body.balances[cur];
}

async function stock(m, id) {
	return (await m.client.get(`/shop/product/${id}`, { json: true })).body.product.stock;
}

describe('mall orders (C3)', () => {
	test('buying in each mall pays in its currency at its rate', async () => {
		const admin = await adminClient('super');
		for (const [mall, cur, credit, left] of [['CHANGE', 'CHANGE', '100.00', '20.00'],
			['CARD', 'CARD', '100.00', '20.00'], ['POINTS', 'POINTS', '1000.00', '200.00']]) {
			const id = await listedProduct(admin, { mall });
			const b = await buyer(cur, credit);
			const r = await b.client.post('/shop/order', { product: String(id), qty: '2' });
			assert.equal(r.status, 200, r.text);
			assert.equal(await balance(b, cur), left, `${mall}: 2 × ¥40.00`);
			const o = await b.client.get(`/shop/order/${r.body.order.id}`, { json: true });
			assert.equal(o.body.order.status, 'paid');
			// the readable number: the day (yyyymmdd) and the id, 8 digits; the id stays numeric
			assert.equal(typeof o.body.order.id, 'number');
			assert.match(o.body.order.no, /^20\d{6}\d{8}$/);
			assert.ok(o.body.order.no.endsWith(String(o.body.order.id).padStart(8, '0')));
			const html = (await b.client.get(`/shop/order/${r.body.order.id}`, { json: false })).text;
			assert.ok(html.includes(`>${o.body.order.no}<`), 'the page shows the order number');
			assert.equal(o.body.order.currency, cur);
			assert.match(o.body.order.address, /北京市/, 'the registered address is the default');
			assert.equal(await stock(b, id), 8);
		}
		assert.match(ctl('verify'), /all invariants hold/);
	});

	test('50 concurrent orders for a stock of 10: exactly 10 orders, stock 0', async () => {
		const admin = await adminClient('super');
		const id = await listedProduct(admin);
		const buyers = [];
		for (const b of await createMembers(10, { credit: { CHANGE: '500.00' } })) {
			b.client = await loginMember(b.phone);
			buyers.push(b);
		}
		const rs = await Promise.all(Array.from({ length: 50 }, (_, i) =>
			buyers[i % 10].client.post('/shop/order', { product: String(id), qty: '1' })));
		const ok = rs.filter((r) => r.status === 200).length;
		const sold = rs.filter((r) => r.status === 409 && r.body.error.code === 'sold_out').length;
		assert.equal(ok, 10);
		assert.equal(sold, 40, rs.filter((r) => r.status !== 200 && r.status !== 409).map((r) => r.text).join('\n'));
		assert.equal(await stock(buyers[0], id), 0);
		let spent = 0;
		for (const b of buyers) spent += 50000 - Math.round(Number(await balance(b, 'CHANGE')) * 100);
		assert.equal(spent, 10 * 4000, 'exactly ten orders were paid');
		assert.match(ctl('verify'), /all invariants hold/);
	});

	test('refusals change nothing: too little balance, unlisted, qty 0 or above stock, someone else\'s order', async () => {
		const admin = await adminClient('super');
		const id = await listedProduct(admin);
		const poor = await buyer('CHANGE', '39.99');
		let r = await poor.client.post('/shop/order', { product: String(id), qty: '1' });
		assert.equal(r.status, 400);
		assert.equal(r.body.error.code, 'insufficient');
		assert.equal(await balance(poor, 'CHANGE'), '39.99');
		assert.equal(await stock(poor, id), 10, 'the stock is given back with the rolled-back transaction');
		const rich = await buyer('CHANGE', '1000.00');
		for (const [qty, status] of [['0', 400], ['11', 409], ['abc', 400]]) {
			r = await rich.client.post('/shop/order', { product: String(id), qty });
			assert.equal(r.status, status, `qty ${qty}: ${r.text}`);
		}
		const pending = await (async () => {
			const m = createMember();
			m.client = await loginMember(m.phone);
			return m;
		})();
		r = await rich.client.post('/shop/order', { product: '999999999', qty: '1' });
		assert.equal(r.status, 404);
		assert.equal(await balance(rich, 'CHANGE'), '1000.00');
		const mine = await rich.client.post('/shop/order', { product: String(id), qty: '1' });
		assert.equal(mine.status, 200);
		const theirs = await pending.client.get(`/shop/order/${mine.body.order.id}`, { json: true });
		assert.equal(theirs.status, 404, "someone else's order is not found");
		assert.equal((await admin.client.post(`/admin/products/${id}/unlist`, {})).status, 200);
		r = await rich.client.post('/shop/order', { product: String(id), qty: '1' });
		assert.equal(r.status, 404);
		assert.equal(r.body.error.code, 'not_listed');
		assert.equal(await balance(rich, 'CHANGE'), '960.00');
	});

	test('no delivery address on file and none given: 400 naming the address, nothing charged, stock kept', async () => {
		const admin = await adminClient('super');
		const id = await listedProduct(admin);
		const b = await buyer('CHANGE', '100.00');
		// region codes that name no region and no street line: no default address
		sql(`UPDATE members SET province = '000000', city = '000000', district = '000000', address = '' WHERE id = ${b.id}`);
		const r = await b.client.post('/shop/order', { product: String(id), qty: '1' });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.body.error.code, 'required');
		assert.equal(r.body.error.field, 'address');
		assert.equal(r.body.error.message, '请填写收货地址');
		assert.equal(await balance(b, 'CHANGE'), '100.00');
		assert.equal(await stock(b, id), 10);
		const ok = await b.client.post('/shop/order', { product: String(id), qty: '1', address: '深圳市南山区科技园 2 号' });
		assert.equal(ok.status, 200, ok.text);
		assert.equal(await balance(b, 'CHANGE'), '60.00');
	});

	test('the same Idempotency-Key orders once', async () => {
		const admin = await adminClient('super');
		const id = await listedProduct(admin);
		const b = await buyer('CHANGE', '100.00');
		const h = { 'Idempotency-Key': 'o-' + Math.random().toString(36).slice(2) };
		const r1 = await b.client.post('/shop/order', { product: String(id), qty: '1' }, { headers: h });
		const r2 = await b.client.post('/shop/order', { product: String(id), qty: '1' }, { headers: h });
		assert.equal(r1.body.order.id, r2.body.order.id);
		assert.equal(r2.body.order.replayed, true);
		assert.equal(await balance(b, 'CHANGE'), '60.00');
	});
});
