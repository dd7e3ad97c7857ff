// Seed 001 rules over days, with the test clock (ctl clock; test mode only):
// D7 the daily static 购物金 release runs at the accelerated rate
// (gold.release_join_bp) for a member who joined a group that day, and at
// the base rate (gold.release_bp) on a day without a join; D8 分红积分
// buy products in their own mall on days 1–5 of the month only. Runs alone
// (after the other suites): every program of the stack follows the clock.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMember, loginMember, adminClient, ctl, sql, newPhone, settingValue } from '../http/lib.mjs';
import { clock, runJobs, bal } from './lib.mjs';

const dir = mkdtempSync(join(tmpdir(), 'clock-'));

const releases = (id) => sql(`SELECT j.memo, p.amount FROM journal j JOIN postings p ON p.entry_id = j.id
	JOIN accounts a ON a.id = p.account_id WHERE j.kind = 'gold.release' AND a.owner_type = 'member'
	AND a.owner_id = ${Number(id)} AND a.currency = 'CHANGE' ORDER BY j.id`);

// The scheduler's calendar (the last day queued per daily job) as this
// file found it, put back at the end: the days run here lie in the
// future, and a later file that runs earlier days must find them due.
let marks = [];
before(() => { marks = sql("SELECT kind, DATE_FORMAT(last_day, '%Y-%m-%d') FROM daily_marks"); });
after(() => {
	sql('DELETE FROM daily_marks');
	for (const [kind, day] of marks) sql(`INSERT INTO daily_marks (kind, last_day) VALUES ('${kind}', '${day}')`);
	clock('reset');
});

describe('D7: a day with a group join releases 购物金 at the accelerated rate', () => {
	let act, m;

	before(async () => {
		assert.equal(Number(settingValue('gold.release_bp')), 3, 'the base rate this test expects (0.03%)');
		assert.equal(Number(settingValue('gold.release_join_bp')), 6, 'the accelerated rate this test expects (0.06%)');
		clock('set', '2027-05-09 10:00:00');
		await runJobs();
		clock('set', '2027-05-10 10:00:00');
		await runJobs();
		// 3 seats and nobody else joins: the member's group stays open
		const f = join(dir, 'act.json');
		writeFileSync(f, JSON.stringify({ name: '加速释放测试团', mode: 'public', price: '10.00', seats: 3,
			winners: 1, products: [], rewards: [] }));
		act = Number(ctl('activity-import', f));
		m = createMember();
		ctl('credit', m.phone, 'GOLD', '1675.00', '测试入账');
		ctl('credit', m.phone, 'CHANGE', '100.00', '测试入账');
		m.client = await loginMember(m.phone);
	});

	test('the economy page says the base rate before a join and the accelerated one after it', async () => {
		let r = (await m.client.get('/member/dividend', { json: true })).body.dividend.release;
		assert.equal(r.today_pct, '0.03%');
		assert.equal(r.joined_today, false);
		assert.match(r.why, /还没有参与拼团/);
		const j = await m.client.post(`/gb/activity/${act}/join`, {});
		assert.equal(j.status, 200, j.text);
		assert.equal(j.body.full, false, 'the group stays open');
		r = (await m.client.get('/member/dividend', { json: true })).body.dividend.release;
		assert.equal(r.today_pct, '0.06%');
		assert.equal(r.joined_today, true);
		assert.match(r.why, /已参与拼团/);
		const html = (await m.client.get('/member/dividend', { json: false })).text;
		assert.match(html, /今日释放比例/);
		assert.match(html, /0\.06%/);
	});

	test('midnight after the join: 0.06% of 1675.00 = 1.005 → 1.01 (half-up); the wallet says why', async () => {
		clock('set', '2027-05-11 00:05:00');
		await runJobs();
		assert.equal(bal(m.id, 'GOLD'), '1673.99');
		const rel = releases(m.id);
		assert.equal(rel.length, 1);
		assert.equal(rel[0][1], '101');
		assert.match(rel[0][0], /0\.06%.*当日参与拼团.*2027-05-10/);
		const run = sql("SELECT bp, fast_bp, fast_members >= 1 FROM release_runs WHERE day = '2027-05-10'");
		assert.deepEqual(run, [['3', '6', '1']]);
		const c = await loginMember(m.phone);
		const w = await c.get('/wallet?currency=CHANGE', { json: true });
		assert.ok(w.body.history.some((h) => /加速释放/.test(h.memo) && h.amount === '1.01'),
			'the wallet history shows the rate and the reason');
		const page = (await c.get('/member/dividend', { json: true })).body.dividend.release;
		assert.equal(page.today_pct, '0.03%', 'a new day without a join');
	});

	test('a day without a join: 0.03% of 1673.99 = 0.502197 → 0.50; once, even when the job runs again', async () => {
		clock('set', '2027-05-12 00:05:00');
		await runJobs();
		assert.equal(bal(m.id, 'GOLD'), '1673.49');
		const rel = releases(m.id);
		assert.equal(rel.length, 2);
		assert.equal(rel[1][1], '50');
		assert.match(rel[1][0], /^购物金每日释放 0\.03%（2027-05-11）$/);
		sql("INSERT INTO jobs (kind, unique_key, payload, run_at, created_at) VALUES ('gold.release', 'gold.release:again:20270510', '2027-05-10', NOW() - INTERVAL 1 DAY, NOW())");
		await runJobs();
		assert.equal(releases(m.id).length, 2, 'paid once');
		assert.match(ctl('verify'), /all invariants hold/);
	});
});

describe('D8: 分红积分 buy products in their mall on days 1–5 only', () => {
	let pid, buyer;

	before(async () => {
		const admin = (await adminClient('super')).client;
		const mc = createMember();
		mc.client = await loginMember(mc.phone);
		const r = await mc.client.post('/merchant/apply', { name: '分红好物店', contact: '李店长', phone: newPhone(),
			license_no: '91440300MA5XXXXX2', address: '深圳市南山区科技园 2 号' });
		assert.equal(r.status, 200, r.text);
		assert.equal((await admin.post(`/admin/merchants/${r.body.merchant_id}/approve`, {})).status, 200);
		const p = await mc.client.post('/merchant/products', { title: '分红积分兑换茶叶', mall: 'DIVPTS', supply_price: '12.00',
			retail_price: '20.00', stock: '10' });
		assert.equal(p.status, 200, p.text);
		pid = p.body.product.id;
		assert.equal((await admin.post(`/admin/products/${pid}/list`, {})).status, 200);
		assert.equal(JSON.parse(settingValue('mall.DIVPTS.rate')), '1:1');
		buyer = createMember();
		ctl('credit', buyer.phone, 'DIVPTS', '50.00', '测试入账');
	});

	test('the mall lists it in 分红积分 and says when it can be redeemed', async () => {
		clock('set', '2027-06-03 10:00:00');
		buyer.client = await loginMember(buyer.phone);
		const m = await buyer.client.get('/shop/mall/DIVPTS', { json: true });
		assert.equal(m.status, 200);
		assert.equal(m.body.mall.name, '分红积分商城');
		assert.equal(m.body.mall.currency_name, '分红积分', 'the currency by its name, never its code');
		const html = (await buyer.client.get('/shop', { json: false })).text;
		assert.doesNotMatch(html, /DIVPTS支付|>DIVPTS</);
		assert.match(m.body.mall.note, /1–5 日/);
		assert.ok(m.body.products.some((x) => x.id === pid));
	});

	test('day 3: the order pays 20.00 分红积分', async () => {
		const q = await buyer.client.get(`/shop/buy/${pid}`, { json: true });
		assert.equal(q.status, 200, q.text);
		assert.equal(q.body.quote.closed, null);
		assert.equal(q.body.quote.total, '20.00');
		const o = await buyer.client.post('/shop/order', { product: String(pid), qty: '1', receiver: '张三', address: '北京市东城区 1 号' });
		assert.equal(o.status, 200, o.text);
		assert.equal(bal(buyer.id, 'DIVPTS'), '30.00');
		assert.deepEqual(sql(`SELECT currency, paid_amount FROM orders WHERE id = ${o.body.order.id}`), [['DIVPTS', '2000']]);
	});

	test('day 5 still; day 6: refused with the calendar rule, nothing moves', async () => {
		clock('set', '2027-06-05 23:00:00');
		let o = await buyer.client.post('/shop/order', { product: String(pid), qty: '1', receiver: '张三', address: '北京市东城区 1 号' });
		assert.equal(o.status, 200, o.text);
		assert.equal(bal(buyer.id, 'DIVPTS'), '10.00');
		clock('set', '2027-06-06 09:00:00');
		const n = sql(`SELECT COUNT(*) FROM orders WHERE member_id = ${buyer.id}`)[0][0];
		const q = await buyer.client.get(`/shop/buy/${pid}`, { json: true });
		assert.equal(q.status, 200);
		assert.match(q.body.quote.closed, /每月 1–5 日才能兑换/);
		const html = (await buyer.client.get(`/shop/buy/${pid}`, { json: false })).text;
		assert.match(html, /每月 1–5 日才能兑换/);
		assert.match(html, /type="submit"[^>]* disabled/);
		ctl('credit', buyer.phone, 'DIVPTS', '10.00', '测试入账');
		o = await buyer.client.post('/shop/order', { product: String(pid), qty: '1', receiver: '张三', address: '北京市东城区 1 号' });
		assert.equal(o.status, 409);
		assert.equal(o.body.error.code, 'window');
		assert.match(o.body.error.message, /每月 1–5 日才能兑换商品/);
		assert.equal(bal(buyer.id, 'DIVPTS'), '20.00', 'nothing paid');
		assert.equal(sql(`SELECT COUNT(*) FROM orders WHERE member_id = ${buyer.id}`)[0][0], n, 'no order');
		clock('set', '2027-06-25 09:00:00');
		o = await buyer.client.post('/shop/order', { product: String(pid), qty: '1', receiver: '张三', address: '北京市东城区 1 号' });
		assert.equal(o.status, 409, 'nor when the pool is frozen');
	});

	test('the 1st of the next month: open again; verify holds', async () => {
		clock('set', '2027-07-01 09:00:00');
		const c = await loginMember(buyer.phone);
		const o = await c.post('/shop/order', { product: String(pid), qty: '1', receiver: '张三', address: '北京市东城区 1 号' });
		assert.equal(o.status, 200, o.text);
		assert.equal(bal(buyer.id, 'DIVPTS'), '0.00');
		assert.match(ctl('verify'), /all invariants hold/);
	});
});
