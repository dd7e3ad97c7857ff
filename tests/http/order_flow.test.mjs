// C4 order flow: the merchant ships, the buyer confirms (or the scheduler
// does after order.auto_confirm_days), the merchant is credited the supply
// price on completion; cancelling before shipping refunds and restocks.
// C5 hot items are bought in 零钱 at their price, never beyond their day
// quantity. Every refusal changes nothing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createMember, loginMember, adminClient, ctl, newPhone, sql, settingValue } from './lib.mjs';

async function merchant(admin) {
	const m = createMember();
	m.client = await loginMember(m.phone);
	const a = await m.client.post('/merchant/apply', { name: '鲜果小铺', contact: '王店长', phone: newPhone(),
		license_no: '91440300MA5XXXXX1', address: '深圳市南山区科技园 1 号' });
	assert.equal(a.status, 200, a.text);
	assert.equal((await admin.client.post(`/admin/merchants/${a.body.merchant_id}/approve`, {})).status, 200);
	m.merchantId = a.body.merchant_id;
	return m;
}

async function product(admin, m, over = {}, listAt) {
	const p = await m.client.post('/merchant/products', { title: '赣南脐橙 5 斤装', mall: 'CHANGE',
		supply_price: '30.00', retail_price: '40.00', stock: '10', description: '当季现摘', ...over });
	assert.equal(p.status, 200, p.text);
	const r = await admin.client.post(`/admin/products/${p.body.product.id}/list`,
		listAt ? { retail_price: listAt } : {});
	assert.equal(r.status, 200, r.text);
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

async function status(client, id) {
	return (await client.get(`/shop/order/${id}`, { json: true })).body.order.status;
}

const stock = (id) => Number(sql(`SELECT stock FROM products WHERE id = ${Number(id)}`)[0][0]);
const messages = (memberId) => sql(`SELECT title FROM messages WHERE member_id = ${Number(memberId)} ORDER BY id`).map((r) => r[0]);
const memberId = (phone) => Number(sql(`SELECT id FROM members WHERE phone = '${phone}'`)[0][0]);

describe('order flow (C4)', () => {
	test('whole path in each mall: listed at a changed price, bought, shipped, confirmed, merchant credited', async () => {
		const admin = await adminClient('super');
		for (const [mall, cur, credit, paid] of [['CHANGE', 'CHANGE', '200.00', '90.00'],
			['CARD', 'CARD', '200.00', '90.00'], ['POINTS', 'POINTS', '2000.00', '900.00']]) {
			const m = await merchant(admin);
			const id = await product(admin, m, { mall }, '45.00');
			const b = await buyer(cur, credit);

			// the confirmation page quotes what will be paid
			const q = await b.client.get(`/shop/buy/${id}?qty=2`, { json: true });
			assert.equal(q.status, 200, q.text);
			assert.equal(q.body.quote.total, paid);
			assert.equal(q.body.quote.currency, cur);

			const r = await b.client.post('/shop/order', { product: String(id), qty: '2', receiver: '李四',
				phone: '13912345678', address: '广东省深圳市南山区粤海街道 8 号' });
			assert.equal(r.status, 200, r.text);
			const oid = r.body.order.id;
			assert.equal(await balance(b, cur), (Number(credit) - Number(paid)).toFixed(2), `${mall}: 2 × ¥45.00`);

			// the merchant sees it to ship; the receiver's details are there
			const list = await m.client.get('/merchant/orders', { json: true });
			assert.deepEqual(list.body.orders.map((o) => o.id), [oid]);
			assert.equal(list.body.orders[0].receiver, '李四');
			assert.equal(list.body.orders[0].supply_total, '60.00');

			const s = await m.client.post(`/merchant/orders/${oid}/ship`, { carrier: '顺丰速运', tracking: 'SF1234567890' });
			assert.equal(s.status, 200, s.text);
			assert.equal(await status(b.client, oid), 'shipped');
			const seen = (await b.client.get(`/shop/order/${oid}`, { json: true })).body.order;
			assert.equal(seen.tracking, 'SF1234567890');
			assert.equal(seen.supply_price, undefined, 'the buyer does not see the supply price');
			assert.equal(await balance(m, 'CHANGE'), '0.00', 'nothing is credited before completion');

			const c = await b.client.post(`/shop/order/${oid}/confirm`, {});
			assert.equal(c.status, 200, c.text);
			assert.equal(await status(b.client, oid), 'completed');
			assert.equal(await balance(m, 'CHANGE'), '60.00', 'the merchant is credited 2 × supply ¥30.00 in 零钱');
			assert.deepEqual(messages(memberId(b.phone)).slice(-2), ['订单已发货', '订单已完成']);
			assert.ok(messages(memberId(m.phone)).includes('货款已到账'));
			// the payout is one ledger entry traceable to the order
			const e = sql(`SELECT kind, ref_type, ref_id FROM journal WHERE idem_key = 'order.settle:${oid}'`);
			assert.deepEqual(e, [['order.settle', 'order', String(oid)]]);
		}
		assert.match(ctl('verify'), /all invariants hold/);
	});

	test('shipping and confirming refuse what is not theirs or not in the right state, changing nothing', async () => {
		const admin = await adminClient('super');
		const m = await merchant(admin);
		const other = await merchant(admin);
		const id = await product(admin, m);
		const b = await buyer('CHANGE', '100.00');
		const stranger = await buyer();
		const oid = (await b.client.post('/shop/order', { product: String(id), qty: '1' })).body.order.id;

		let r = await b.client.post(`/shop/order/${oid}/confirm`, {});
		assert.equal(r.status, 409, 'not shipped yet');
		assert.equal(r.body.error.message, '订单尚未发货');
		r = await other.client.post(`/merchant/orders/${oid}/ship`, { carrier: '顺丰速运', tracking: 'SF1' + '0'.repeat(9) });
		assert.equal(r.status, 404, "another merchant's order is not found");
		assert.equal((await other.client.get(`/merchant/orders/${oid}`, { json: true })).status, 404);
		for (const [f, bad] of [[{ carrier: '', tracking: 'SF1234567890' }, 'carrier'],
			[{ carrier: '顺丰速运', tracking: '12' }, 'tracking'], [{ carrier: '顺丰速运', tracking: 'SF 123;456' }, 'tracking']]) {
			r = await m.client.post(`/merchant/orders/${oid}/ship`, f);
			assert.equal(r.status, 400, JSON.stringify(f));
			assert.equal(r.body.error.field, bad);
		}
		assert.equal(await status(b.client, oid), 'paid');

		assert.equal((await m.client.post(`/merchant/orders/${oid}/ship`, { carrier: '中通快递', tracking: 'ZT7788990011' })).status, 200);
		r = await m.client.post(`/merchant/orders/${oid}/ship`, { carrier: '中通快递', tracking: 'ZT7788990012' });
		assert.equal(r.status, 409, 'shipped once');
		r = await stranger.client.post(`/shop/order/${oid}/confirm`, {});
		assert.equal(r.status, 404, "someone else's order");
		r = await b.client.post(`/shop/order/${oid}/cancel`, {});
		assert.equal(r.status, 409);
		assert.equal(r.body.error.message, '订单已发货，不能取消');
		assert.equal(await balance(b, 'CHANGE'), '60.00');

		assert.equal((await b.client.post(`/shop/order/${oid}/confirm`, {})).status, 200);
		r = await b.client.post(`/shop/order/${oid}/confirm`, {});
		assert.equal(r.status, 409, 'completed once');
		assert.equal(await balance(m, 'CHANGE'), '30.00', 'credited exactly once');
		assert.equal(sql(`SELECT tracking FROM orders WHERE id = ${oid}`)[0][0], 'ZT7788990011');
	});

	test('cancel before shipping refunds and restocks; by an admin with a reason, audited', async () => {
		const admin = await adminClient('super');
		const m = await merchant(admin);
		const id = await product(admin, m, { mall: 'POINTS' });
		const b = await buyer('POINTS', '2000.00');
		const o1 = (await b.client.post('/shop/order', { product: String(id), qty: '3' })).body.order.id;
		assert.equal(stock(id), 7);
		assert.equal(await balance(b, 'POINTS'), '800.00', '3 × ¥40.00 at 10 积分 per ¥');
		let r = await b.client.post(`/shop/order/${o1}/cancel`, {});
		assert.equal(r.status, 200, r.text);
		assert.equal(await status(b.client, o1), 'cancelled');
		assert.equal(await balance(b, 'POINTS'), '2000.00', 'refunded in full');
		assert.equal(stock(id), 10, 'stock is back');
		assert.ok(messages(memberId(m.phone)).includes('订单已取消'), 'the merchant is told');
		r = await b.client.post(`/shop/order/${o1}/cancel`, {});
		assert.equal(r.status, 409, 'cancelled once');
		assert.equal(await balance(b, 'POINTS'), '2000.00');

		const o2 = (await b.client.post('/shop/order', { product: String(id), qty: '1' })).body.order.id;
		r = await admin.client.post(`/admin/orders/${o2}/cancel`, {});
		assert.equal(r.status, 400, 'an admin gives a reason');
		const auditor = await adminClient('auditor');
		r = await auditor.client.post(`/admin/orders/${o2}/cancel`, { reason: '商品缺货' });
		assert.equal(r.status, 403, 'an auditor cannot cancel');
		assert.equal(await status(b.client, o2), 'paid');
		r = await admin.client.post(`/admin/orders/${o2}/cancel`, { reason: '商家缺货，无法发货' });
		assert.equal(r.status, 200, r.text);
		assert.equal(await balance(b, 'POINTS'), '2000.00');
		assert.equal(messages(memberId(b.phone)).at(-1), '订单已取消');
		assert.deepEqual(sql(`SELECT action FROM audit_log WHERE target_type = 'order' AND target_id = ${o2}`), [['order.cancel']]);
		const d = await admin.client.get(`/admin/orders/${o2}`, { json: true });
		assert.equal(d.body.order.cancel_reason, '商家缺货，无法发货');
		assert.match(ctl('verify'), /all invariants hold/);
	});

	test('shipping and cancelling at once: exactly one wins', async () => {
		const admin = await adminClient('super');
		const m = await merchant(admin);
		const id = await product(admin, m, { stock: '20' });
		const b = await buyer('CHANGE', '1000.00');
		const ids = [];
		for (let i = 0; i < 8; i++) ids.push((await b.client.post('/shop/order', { product: String(id), qty: '1' })).body.order.id);
		const rs = await Promise.all(ids.flatMap((oid, i) => [
			m.client.post(`/merchant/orders/${oid}/ship`, { carrier: '韵达快递', tracking: `YD00000000${i}` }),
			b.client.post(`/shop/order/${oid}/cancel`, {}),
		]));
		for (let i = 0; i < ids.length; i++) {
			const [s, c] = [rs[2 * i].status, rs[2 * i + 1].status];
			assert.deepEqual([s, c].sort(), [200, 409], `order ${ids[i]}: ship ${s}, cancel ${c}`);
			assert.equal(await status(b.client, ids[i]), s === 200 ? 'shipped' : 'cancelled');
		}
		const cancelled = rs.filter((r, i) => i % 2 === 1 && r.status === 200).length;
		assert.equal(await balance(b, 'CHANGE'), (1000 - 40 * (8 - cancelled)).toFixed(2));
		assert.equal(stock(id), 20 - (8 - cancelled));
		assert.match(ctl('verify'), /all invariants hold/);
	});

	test('the scheduler confirms receipt order.auto_confirm_days after shipping', async () => {
		const admin = await adminClient('super');
		const m = await merchant(admin);
		const id = await product(admin, m);
		const b = await buyer('CHANGE', '100.00');
		const old = (await b.client.post('/shop/order', { product: String(id), qty: '1' })).body.order.id;
		const fresh = (await b.client.post('/shop/order', { product: String(id), qty: '1' })).body.order.id;
		for (const oid of [old, fresh])
			assert.equal((await m.client.post(`/merchant/orders/${oid}/ship`, { carrier: '圆通速递', tracking: `YT${oid}000000` })).status, 200);
		const days = Number(settingValue('order.auto_confirm_days'));
		sql(`UPDATE orders SET shipped_at = NOW() - INTERVAL ${days} DAY - INTERVAL 1 MINUTE WHERE id = ${old}`);
		const key = `orders.autoconfirm:test:${old}`;
		sql(`INSERT INTO jobs (kind, unique_key, run_at, created_at) VALUES ('orders.autoconfirm', '${key}', NOW(), NOW())`);
		let st;
		for (let i = 0; i < 100 && st !== 'done'; i++) {
			await new Promise((res) => setTimeout(res, 100));
			st = sql(`SELECT status FROM jobs WHERE unique_key = '${key}'`)[0][0];
		}
		assert.equal(st, 'done', 'the jobs daemon ran it');
		assert.equal(await status(b.client, old), 'completed');
		assert.equal(await status(b.client, fresh), 'shipped', 'one shipped just now waits');
		assert.equal(await balance(m, 'CHANGE'), '30.00');
		assert.match(messages(memberId(b.phone)).at(-1), /订单已完成/);
		assert.match(sql(`SELECT body FROM messages WHERE member_id = ${memberId(b.phone)} ORDER BY id DESC LIMIT 1`)[0][0], /自动确认收货/);
	});

	test('order lists: each sees their own; the back office sees all and filters by member', async () => {
		const admin = await adminClient('super');
		const m = await merchant(admin);
		const id = await product(admin, m);
		const b1 = await buyer('CHANGE', '100.00');
		const b2 = await buyer('CHANGE', '100.00');
		const o1 = (await b1.client.post('/shop/order', { product: String(id), qty: '1' })).body.order.id;
		const o2 = (await b2.client.post('/shop/order', { product: String(id), qty: '1' })).body.order.id;
		await m.client.post(`/merchant/orders/${o2}/ship`, { carrier: '申通快递', tracking: 'ST1234567890' });
		let r = await b1.client.get('/shop/orders', { json: true });
		assert.deepEqual(r.body.orders.map((o) => o.id), [o1]);
		r = await b1.client.get('/shop/orders?status=shipped', { json: true });
		assert.deepEqual(r.body.orders, []);
		r = await m.client.get('/merchant/orders?status=shipped', { json: true });
		assert.deepEqual(r.body.orders.map((o) => o.id), [o2]);
		r = await m.client.get('/merchant/orders', { json: true });
		assert.deepEqual(r.body.orders.map((o) => o.id), [o1], 'the merchant starts at 待发货');
		r = await admin.client.get(`/admin/orders?member=${memberId(b2.phone)}`, { json: true });
		assert.deepEqual(r.body.orders.map((o) => o.id), [o2]);
		r = await admin.client.get('/admin/orders?status=paid', { json: true });
		assert.ok(r.body.orders.some((o) => o.id === o1) && !r.body.orders.some((o) => o.id === o2));
		r = await admin.client.get(`/admin/orders/${o1}`);
		assert.equal(r.status, 200);
		assert.match(r.text, /赣南脐橙/);
		const plain = await buyer();
		assert.equal((await plain.client.get('/merchant/orders', { json: true })).body.orders.length, 0);
	});
});

describe('daily hot items (C5)', () => {
	// The merchant offers one of its products for a day (today + ahead).
	async function hot(admin, ahead = 0, qty = 3, price = '35.00') {
		const m = await merchant(admin);
		const id = await product(admin, m, { mall: 'CARD' });
		const day = sql(`SELECT DATE_FORMAT(CURDATE() + INTERVAL ${ahead} DAY, '%Y-%m-%d')`)[0][0];
		const r = await m.client.post('/merchant/hot', { product: String(id), day, price, qty: String(qty) });
		assert.equal(r.status, 200, r.text);
		return { m, id, h: r.body.hot.id };
	}

	test('bought in 零钱 at the hot price, never beyond the day quantity; cancelling gives it back', async () => {
		const admin = await adminClient('super');
		const { m, id, h } = await hot(admin);
		const b = await buyer('CHANGE', '500.00');
		const page = await b.client.get(`/shop/product/${id}?hot=${h}`, { json: true });
		assert.equal(page.body.product.hot_item.price, '35.00', 'the product page shows the offer');
		const q = await b.client.get(`/shop/buy/${id}?qty=2&hot=${h}`, { json: true });
		assert.equal(q.body.quote.total, '70.00');
		assert.equal(q.body.quote.currency, 'CHANGE');
		const rs = await Promise.all(Array.from({ length: 6 }, () =>
			b.client.post('/shop/order', { hot: String(h), qty: '1' })));
		assert.equal(rs.filter((r) => r.status === 200).length, 3);
		assert.ok(rs.filter((r) => r.status !== 200).every((r) => r.status === 409 && r.body.error.message === '爆品已抢光'));
		assert.equal(await balance(b, 'CHANGE'), '395.00', '3 × 35.00 零钱');
		assert.equal(sql(`SELECT sold FROM hot_items WHERE id = ${h}`)[0][0], '3');
		assert.equal(stock(id), 7, 'the product stock is taken too');
		const first = rs.find((r) => r.status === 200).body.order.id;
		assert.equal((await b.client.post(`/shop/order/${first}/cancel`, {})).status, 200);
		assert.equal(sql(`SELECT sold FROM hot_items WHERE id = ${h}`)[0][0], '2');
		assert.equal((await b.client.post('/shop/order', { hot: String(h), qty: '1' })).status, 200, 'one is free again');
		// completing credits the supply price, the margin stays with the platform
		const left = rs.filter((r) => r.status === 200).map((r) => r.body.order.id).filter((o) => o !== first)[0];
		await m.client.post(`/merchant/orders/${left}/ship`, { carrier: '京东物流', tracking: 'JD0012345678' });
		assert.equal((await b.client.post(`/shop/order/${left}/confirm`, {})).status, 200);
		assert.equal(await balance(m, 'CHANGE'), '30.00');
		assert.match(ctl('verify'), /all invariants hold/);
	});

	test('another day\'s hot item, or one for another product, is refused and charges nothing', async () => {
		const admin = await adminClient('super');
		const { id, h } = await hot(admin, 1);
		const b = await buyer('CHANGE', '100.00');
		let r = await b.client.post('/shop/order', { hot: String(h), qty: '1' });
		assert.equal(r.status, 409);
		assert.equal(r.body.error.code, 'not_today');
		r = await b.client.post('/shop/order', { hot: String(h), product: String(id + 1), qty: '1' });
		assert.equal(r.status, 404);
		r = await b.client.post('/shop/order', { hot: '999999999', qty: '1' });
		assert.equal(r.status, 404);
		assert.equal(await balance(b, 'CHANGE'), '100.00');
		assert.equal(stock(id), 10);
	});
});
