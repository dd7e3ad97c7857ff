// C3 malls: GET /shop (the three malls) and GET /shop/mall/:mall (one
// mall's listed products, newest first, paginated, searchable by title).
// Only listed products of that mall appear; the price in the mall's
// currency is the one an order pays; an unknown mall is a 404.
//
// The database is shared with the other test files, so every test gives
// its products a unique marker in the title and searches for it.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Client, createMember, loginMember, adminClient, ctl, newPhone, sql, settingValue } from './lib.mjs';

let admin;
before(async () => { admin = await adminClient('super'); });

// A marker no other title contains: letters only, so LIKE's % and _ in it
// cannot be involved.
const marker = () => 'mk' + randomBytes(5).toString('hex').replace(/[0-9]/g, (d) => 'ghijklmnop'[d]);

async function merchant() {
	const m = createMember();
	m.client = await loginMember(m.phone);
	const r = await m.client.post('/merchant/apply', { name: '鲜果小铺', contact: '王店长', phone: newPhone(),
		license_no: '91440300MA5XXXXX1', address: '深圳市南山区科技园 1 号' });
	assert.equal(r.status, 200, r.text);
	assert.equal((await admin.client.post(`/admin/merchants/${r.body.merchant_id}/approve`, {})).status, 200);
	return m;
}

// Submits a product and takes it to `status` (listed, pending, unlisted,
// rejected); returns its id.
async function product(m, { status = 'listed', ...over } = {}) {
	const p = await m.client.post('/merchant/products', { title: '赣南脐橙', mall: 'CHANGE', supply_price: '30.00',
		retail_price: '40.00', stock: '10', ...over });
	assert.equal(p.status, 200, p.text);
	const id = p.body.product.id;
	const act = async (a, f = {}) =>
		assert.equal((await admin.client.post(`/admin/products/${id}/${a}`, f)).status, 200, `${a} ${id}`);
	if (status === 'listed' || status === 'unlisted') await act('list');
	if (status === 'unlisted') await act('unlist');
	if (status === 'rejected') await act('reject', { reason: '图片不清晰' });
	return id;
}

const visitor = new Client();
const list = async (path) => {
	const r = await visitor.get(path);
	assert.equal(r.status, 200, `${path}: ${r.status} ${r.text}`);
	return r.body;
};
const q = (s) => '?q=' + encodeURIComponent(s);

describe('mall lists and search (C3)', () => {
	test('each mall lists only its own listed products, newest first, with the JSON fields', async () => {
		const mk = marker();
		const m = await merchant();
		const ids = {};
		for (const mall of ['CARD', 'POINTS', 'CHANGE'])
			ids[mall] = await product(m, { mall, title: `${mk} ${mall} 好物`, retail_price: '45.60', stock: '7' });
		const newer = await product(m, { mall: 'CHANGE', title: `${mk} 新品`, stock: '0' });
		for (const status of ['pending', 'unlisted', 'rejected'])
			await product(m, { status, mall: 'CHANGE', title: `${mk} ${status}` });

		const change = await list('/shop/mall/CHANGE' + q(mk));
		assert.equal(change.total, 2, 'two listed CHANGE products; pending, unlisted and rejected ones are not shown');
		assert.deepEqual(change.products.map((p) => p.id), [newer, ids.CHANGE], 'newest first');
		const [sold, item] = change.products;
		assert.equal(item.title, `${mk} CHANGE 好物`);
		assert.equal(item.price, '45.60');
		assert.equal(item.stock, 7);
		assert.equal(item.mall, 'CHANGE');
		assert.equal(item.sold_out, false);
		assert.equal(sold.stock, 0);
		assert.equal(sold.sold_out, true);
		for (const mall of ['CARD', 'POINTS']) {
			const b = await list(`/shop/mall/${mall}` + q(mk));
			assert.deepEqual(b.products.map((p) => [p.id, p.mall]), [[ids[mall], mall]]);
			assert.equal(b.total, 1);
		}

		// the index shows each one under its own mall
		const index = await list('/shop' + q(mk));
		assert.deepEqual(index.malls.map((x) => x.code), ['CARD', 'POINTS', 'CHANGE', 'DIVPTS']);
		for (const x of index.malls)
			assert.deepEqual(x.products.map((p) => p.mall), Array(x.total).fill(x.code));
		assert.equal(index.found, 4);
		const html = (await visitor.get('/shop' + q(mk), { json: false })).text;
		for (const mall of ['CARD', 'POINTS', 'CHANGE']) assert.match(html, new RegExp(`${mk} ${mall} 好物`));
		assert.doesNotMatch(html, new RegExp(`${mk} (pending|unlisted|rejected)`));

		// unlisting takes it off the list at once
		assert.equal((await admin.client.post(`/admin/products/${ids.CARD}/unlist`, {})).status, 200);
		assert.equal((await list('/shop/mall/CARD' + q(mk))).total, 0);
	});

	test('search: part of a title, trimmed; % and _ match only themselves; nothing found says so', async () => {
		const mk = marker();
		const m = await merchant();
		const orange = await product(m, { title: `${mk} 脐橙 5 斤装` });
		const juice = await product(m, { title: `${mk} 100% 纯果汁` });
		const ab = await product(m, { title: `${mk} a_b 礼盒` });
		await product(m, { title: `${mk} axb 礼盒` });
		const found = async (s) => (await list('/shop/mall/CHANGE' + q(s))).products.map((p) => p.id);

		assert.equal((await found(mk)).length, 4);
		assert.deepEqual(await found(`${mk} 脐橙`), [orange]);
		const trimmed = await list('/shop/mall/CHANGE' + q(`   ${mk} 脐橙  `));
		assert.deepEqual(trimmed.products.map((p) => p.id), [orange]);
		assert.equal(trimmed.q, `${mk} 脐橙`, 'the words are trimmed');
		assert.deepEqual(await found(`${mk} 100%`), [juice]);
		assert.deepEqual(await found(`${mk} %`), [], '% is a character, not a wildcard');
		assert.deepEqual(await found(`${mk} a_b`), [ab], '_ is a character, not a wildcard');
		assert.deepEqual(await found(`${mk}' OR '1'='1`), []);
		assert.deepEqual(await found(`${mk} 苹果`), []);
		assert.equal((await list('/shop/mall/CARD' + q(`${mk} 脐橙`))).total, 0, 'another mall does not have it');

		// what a browser sees when nothing is found, and the way back
		const none = await visitor.get('/shop/mall/CHANGE' + q(`${mk} 苹果`), { json: false });
		assert.equal(none.status, 200);
		assert.match(none.text, new RegExp(`没有找到与“${mk} 苹果”相关的商品`));
		assert.match(none.text, /href="\/shop\/mall\/CHANGE"/);
		const index = await visitor.get('/shop' + q(`${mk} 苹果`), { json: false });
		assert.match(index.text, new RegExp(`没有找到与“${mk} 苹果”相关的商品`));

		// empty words are all products; more than 40 characters are refused
		const all = await list('/shop/mall/CHANGE?q=%20%20');
		assert.equal(all.q, null);
		assert.ok(all.total >= 4);
		const long = await visitor.get('/shop/mall/CHANGE' + q('橙'.repeat(41)));
		assert.equal(long.status, 400);
		assert.equal(long.body.error.field, 'q');
		assert.match(long.body.error.message, /40/);
		assert.equal((await visitor.get('/shop/mall/CHANGE' + q('橙'.repeat(40)))).status, 200);
		assert.equal((await visitor.get('/shop' + q('橙'.repeat(41)))).status, 400);
	});

	test('pagination: 10 a page, total counts every match, pages neither overlap nor miss', async () => {
		const mk = marker();
		const m = await merchant();
		const made = [];
		for (let i = 0; i < 12; i++) made.push(await product(m, { mall: 'POINTS', title: `${mk} 第${i}件` }));
		const p1 = await list('/shop/mall/POINTS' + q(mk));
		const p2 = await list('/shop/mall/POINTS' + q(mk) + '&page=2');
		assert.equal(p1.total, 12);
		assert.equal(p2.total, 12);
		assert.equal(p1.products.length, 10);
		assert.equal(p2.products.length, 2);
		assert.equal(p1.pager.pages, 2);
		assert.match(p1.pager.next, /page=2/);
		assert.match(p1.pager.next, new RegExp('q=' + mk), 'the next page keeps the search');
		assert.deepEqual([...p1.products, ...p2.products].map((p) => p.id), [...made].reverse());
		assert.deepEqual((await list('/shop/mall/POINTS' + q(mk) + '&page=3')).products, []);
		// the index shows a few of them and the whole count
		const index = await list('/shop' + q(mk));
		const points = index.malls.find((x) => x.code === 'POINTS');
		assert.equal(points.total, 12);
		assert.ok(points.products.length > 0 && points.products.length < 12);
		assert.equal(points.products[0].id, made[11], 'the newest first');
	});

	test('the price in the mall\'s currency follows mall.<MALL>.rate and is what an order pays', async () => {
		const mk = marker();
		const m = await merchant();
		const id = await product(m, { mall: 'POINTS', title: `${mk} 积分好物`, retail_price: '45.67', supply_price: '20.00' });
		const raw = settingValue('mall.POINTS.rate');
		const [units, yuan] = JSON.parse(raw).split(':').map(BigInt);
		const fen = 4567n * units / yuan;
		assert.equal(4567n * units % yuan, 0n, 'the test price converts exactly at this rate');
		const want = `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;

		const b = await list('/shop/mall/POINTS' + q(mk));
		assert.equal(b.products[0].id, id);
		assert.equal(b.products[0].mall_price, want);
		assert.equal(b.products[0].currency_name, '积分');
		assert.equal(b.mall.rate, `¥${yuan} = ${units} 积分`);
		const html = (await visitor.get('/shop/mall/POINTS' + q(mk), { json: false })).text;
		assert.match(html, new RegExp(`约 ${want.replace('.', '\\.')} 积分`));

		const buyer = createMember();
		ctl('credit', buyer.phone, 'POINTS', '100000.00', '测试入账');
		const c = await loginMember(buyer.phone);
		const o = await c.post('/shop/order', { product: String(id), qty: '1' });
		assert.equal(o.status, 200, o.text);
		assert.equal((await c.get(`/shop/order/${o.body.order.id}`)).body.order.paid_amount, want,
			'the order pays what the list shows');
	});

	test('an unknown mall is a 404 with a Chinese message', async () => {
		for (const path of ['/shop/mall/GOLD', '/shop/mall/points', '/shop/mall/CHANGE%20', '/shop/mall/CARDX']) {
			const r = await visitor.get(path);
			assert.equal(r.status, 404, path);
			assert.match(r.body.error.message, /商城/);
		}
		const page = await visitor.get('/shop/mall/GOLD', { json: false });
		assert.equal(page.status, 404);
		assert.match(page.text, /没有这个商城/);
		assert.match(page.text, /返回首页/);
	});

	test('the pages render for a browser, with the 商城 tab on', async () => {
		for (const path of ['/shop', '/shop/mall/CARD', '/shop/mall/POINTS?page=2', '/shop/hot']) {
			const r = await visitor.get(path, { json: false });
			assert.equal(r.status, 200, path);
			assert.match(r.headers.get('content-type'), /text\/html/);
			assert.match(r.text, /<a href="\/shop" class="on">/, `${path}: 商城 tab`);
		}
	});
});
