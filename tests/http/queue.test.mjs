// test-stack: serial (turns the queue on: every mall order would join it); runs alone, before the files that run at once
// Queue rebate (排队返利, FEATURES F1–F6, issue 15): a paid mall order
// gives its buyer an entitlement (paid × ratio) and funds its queue (paid
// × extraction); the queue pays its waiting entitlements in strict order,
// each payment its own 零钱 ledger line, under one row lock on the queue —
// here with 200 orders placed at once and their deliveries run by several
// schedulers at once. Also: the 168 example, the lottery (verifiable from
// the revealed seed), the exchange, pause and resume.
//
// Each test uses its own product with queue.mall_scope off, so its queue
// is its own whatever other orders the stack takes.
import { describe, test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash, createHmac } from 'node:crypto';
import { join, dirname } from 'node:path';
import { Client, createMembers, loginMember, adminClient, ctl, newPhone, sql, CTL, PINTUAN_CONF } from './lib.mjs';

const JOBS = join(dirname(CTL), 'jobs');
const run = promisify(execFile);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Settings written straight into the table, then 1.5 s for every
// process's cache (checked once a second).
async function settings(values) {
	const q = Object.entries(values).map(([k, v]) => v === undefined
		? `DELETE FROM settings WHERE k = '${k}'`
		: `INSERT INTO settings (k, v, updated_at) VALUES ('${k}', '${v}', NOW()) ON DUPLICATE KEY UPDATE v = VALUES(v)`);
	sql(`${q.join('; ')}; UPDATE settings_meta SET version = version + 1 WHERE id = 1`);
	await sleep(1500);
}
const KEYS = ['queue.enabled', 'queue.settle_on', 'queue.mall_scope', 'queue.default_bp', 'queue.extract_bp',
	'queue.lottery', 'queue.reset_mode'];

// Runs n schedulers at once, again and again, until every queue delivery
// of the orders is done (a deadline, not a sleep).
async function drain(orders, n = 3) {
	const ids = orders.join(',');
	const deadline = Date.now() + 180000;
	for (;;) {
		const left = Number(sql(`SELECT COUNT(*) FROM order_events e WHERE e.order_id IN (${ids}) AND e.event = 'paid'
			AND NOT EXISTS (SELECT 1 FROM order_event_deliveries d WHERE d.event_id = e.id AND d.subscriber = 'queue'
			AND d.status = 'done')`)[0][0]);
		if (left === 0) return;
		const failed = sql(`SELECT order_id, last_error FROM order_event_deliveries WHERE subscriber = 'queue'
			AND status = 'failed' AND order_id IN (${ids}) LIMIT 3`);
		assert.deepEqual(failed, [], 'no queue delivery failed');
		if (Date.now() > deadline) assert.fail(`${left} queue deliveries not done`);
		await Promise.all(Array.from({ length: n }, () => run(JOBS, ['--once'],
			{ env: { ...process.env, PINTUAN_CONF } }).catch(() => {})));
	}
}

async function verify() {
	const r = await run(CTL, ['verify'], { env: { ...process.env, PINTUAN_CONF } }).catch((e) => e);
	assert.equal(r.code ?? 0, 0, `ctl verify: ${r.stdout}${r.stderr}`);
}

const yuan = (fen) => (Number(fen) / 100).toFixed(2);

async function shop(admin, title, retail, stock = 1000) {
	const m = (await createMembers(1))[0];
	m.client = await loginMember(m.phone);
	const a = await m.client.post('/merchant/apply', { name: '排队小铺', contact: '孙店长', phone: newPhone(),
		license_no: '91440300MA5XXXXX3', address: '深圳市南山区科技园 3 号' });
	assert.equal(a.status, 200, a.text);
	assert.equal((await admin.client.post(`/admin/merchants/${a.body.merchant_id}/approve`, {})).status, 200);
	const p = await m.client.post('/merchant/products', { title, mall: 'CHANGE', supply_price: '1.00',
		retail_price: retail, stock: String(stock), description: '排队返利测试商品' });
	assert.equal(p.status, 200, p.text);
	assert.equal((await admin.client.post(`/admin/products/${p.body.product.id}/list`, {})).status, 200);
	return p.body.product.id;
}

async function order(client, product) {
	const r = await client.post('/shop/order', { product: String(product), qty: '1', receiver: '周八',
		phone: '13912345678', address: '广东省深圳市南山区粤海街道 10 号' });
	assert.equal(r.status, 200, r.text);
	return r.body.order.id;
}

const queueOf = (product) => sql(`SELECT id, head, tail, balance, funded, paid_out, paused FROM queues
	WHERE scope = 'product' AND scope_id = ${Number(product)}`)[0];

describe('queue rebate', () => {
	let admin;

	before(async () => {
		admin = await adminClient('super');
		await settings({ 'queue.enabled': 'true', 'queue.settle_on': '"paid"', 'queue.mall_scope': 'false',
			'queue.default_bp': '10000', 'queue.extract_bp': '0' });
	});
	after(async () => {
		await settings(Object.fromEntries(KEYS.map((k) => [k, undefined])));
	});

	test('200 concurrent orders into a queue with 50 waiting: strict order, none overpaid, Σ paid = Σ funding', async () => {
		const product = await shop(admin, '排队测试 9.99', '9.99');
		const buyers = await createMembers(20, { credit: { CHANGE: '500.00' } });
		for (const b of buyers) b.client = await loginMember(b.phone);

		// 50 waiting entitlements, funded with nothing (extraction 0)
		const first = [];
		for (let i = 0; i < 50; i++) first.push(await order(buyers[i % 20].client, product));
		await drain(first);
		let q = queueOf(product);
		assert.deepEqual([q[1], q[2], q[3]], ['1', '50', '0'], 'head 1, tail 50, nothing held');
		assert.equal(sql(`SELECT COUNT(*) FROM queue_entitlements WHERE queue_id = ${q[0]} AND status = 'waiting'
			AND amount = 999 AND paid = 0`)[0][0], '50');

		// 200 at once, funding 50% each: 4.995 → 5.00 (half up)
		await settings({ 'queue.extract_bp': '5000' });
		const more = await Promise.all(Array.from({ length: 200 }, (_, i) => order(buyers[i % 20].client, product)));
		await drain(more, 4);

		q = queueOf(product);
		const qid = q[0];
		assert.equal(q[2], '250');
		assert.equal(q[4], '100000', 'funded 200 × 5.00');
		// strict order: the payouts, in the order they were made, never go
		// back in the queue, and only a prefix of it is paid
		const pays = sql(`SELECT e.position, p.amount FROM queue_payouts p JOIN queue_entitlements e
			ON e.id = p.entitlement_id WHERE p.queue_id = ${qid} ORDER BY p.id`);
		for (let i = 1; i < pays.length; i++)
			assert.ok(Number(pays[i][0]) >= Number(pays[i - 1][0]), `payout ${i} went back: ${pays[i - 1][0]} → ${pays[i][0]}`);
		const ents = sql(`SELECT position, amount, paid, status FROM queue_entitlements WHERE queue_id = ${qid}
			ORDER BY position`).map(([p, a, pd, s]) => ({ p: Number(p), a: Number(a), paid: Number(pd), s }));
		assert.equal(ents.length, 250);
		const sumPaid = ents.reduce((t, e) => t + e.paid, 0);
		assert.equal(sumPaid, 100000, 'Σ paid = Σ funding: 1000.00');
		assert.equal(sumPaid, pays.reduce((t, p) => t + Number(p[1]), 0));
		assert.equal(q[3], '0', 'nothing held while entitlements wait');
		// 1000.00 over 9.99 each: 100 in full (999.00), the 101st 1.00, the rest 0
		ents.forEach((e, i) => {
			assert.ok(e.paid <= e.a, `position ${e.p} paid ${e.paid} of ${e.a}`);
			if (i < 100) assert.deepEqual([e.paid, e.s], [999, 'done'], `position ${e.p}`);
			else if (i === 100) assert.deepEqual([e.paid, e.s], [100, 'waiting'], `position ${e.p}`);
			else assert.deepEqual([e.paid, e.s], [0, 'waiting'], `position ${e.p}`);
		});
		assert.equal(q[1], '101', 'the head is on the partly paid one');
		// every payment is its own 零钱 line
		assert.equal(sql(`SELECT COUNT(*), COALESCE(SUM(p.amount), 0) FROM journal j JOIN postings p ON p.entry_id = j.id
			JOIN accounts a ON a.id = p.account_id AND a.owner_type = 'member' WHERE j.kind = 'queue.pay'
			AND j.ref_type = 'queue_ent' AND j.ref_id IN (SELECT id FROM queue_entitlements WHERE queue_id = ${qid})`)[0]
			.join(' '), `${pays.length} 100000`);

		// the buyer of the first order sees it done, one of the last waiting
		const mine = await buyers[0].client.get('/queue');
		assert.equal(mine.status, 200, mine.text);
		const list = mine.body.entitlements;
		const e1 = list.find((e) => e.order_id === first[0]);
		assert.deepEqual({ amount: e1.amount, paid: e1.paid, ratio_bp: e1.ratio_bp, source: e1.source,
			status: e1.status, queue: e1.queue }, { amount: '9.99', paid: '9.99', ratio_bp: 10000, source: 'default',
			status: 'done', queue: Number(qid) });
		const last = list.find((e) => e.order_id === more[180]);
		assert.equal(last.status, 'waiting');
		assert.ok(last.position > 0 && last.position <= 150, `position ${last.position}`);
		assert.equal(last.words, '按默认比例 100%');
		for (const e of list) {
			for (const k of ['id', 'order_id', 'queue', 'amount', 'paid', 'ratio_bp', 'source', 'position', 'status'])
				assert.ok(k in e, `entitlement has ${k}`);
			assert.ok(['waiting', 'done', 'exchanged'].includes(e.status));
		}
		await verify();
	});

	test('the 168 example: ratio 130%, extraction 65% → entitlement 218.40, funding 109.20; the lottery, verifiable', async () => {
		await settings({ 'queue.default_bp': '13000', 'queue.extract_bp': '6500', 'queue.lottery': '[1000,2000,5000]' });
		const product = await shop(admin, '排队测试 168', '168.00');
		const [b] = await createMembers(1, { credit: { CHANGE: '1000.00' } });
		b.client = await loginMember(b.phone);
		const o1 = await order(b.client, product);
		await drain([o1]);
		let e = (await b.client.get('/queue')).body.entitlements.find((x) => x.order_id === o1);
		// the first in its queue: its own funding pays it 109.20 at once
		assert.deepEqual({ amount: e.amount, paid: e.paid, ratio_bp: e.ratio_bp, source: e.source, words: e.words,
			position: e.position, can_draw: e.can_draw }, { amount: '218.40', paid: '109.20', ratio_bp: 13000,
			source: 'default', words: '按默认比例 130%', position: 1, can_draw: false });
		assert.equal(sql(`SELECT amount FROM queue_fundings WHERE order_id = ${o1}`)[0][0], '10920');

		// a second order waits unpaid behind it: it may draw
		const o2 = await order(b.client, product);
		await drain([o2]);
		e = (await b.client.get('/queue')).body.entitlements.find((x) => x.order_id === o2);
		assert.equal(e.paid, '0.00');
		assert.equal(e.can_draw, true);
		assert.match(e.commitment, /^[0-9a-f]{64}$/);
		assert.equal(e.seed ?? '', '', 'the seed stays secret until the draw');
		const d = await b.client.post(`/queue/${e.id}/draw`, {});
		assert.equal(d.status, 200, d.text);
		const after = (await b.client.get('/queue')).body.entitlements.find((x) => x.order_id === o2);
		assert.ok([1000, 2000, 5000].includes(after.ratio_bp));
		assert.equal(d.body.ratio_bp, after.ratio_bp);
		assert.equal(after.source, 'lottery');
		assert.equal(after.amount, yuan(16800 * after.ratio_bp / 10000));
		assert.equal(after.can_draw, false);
		// anyone can check it: sha256(seed) is the commitment shown before,
		// and the first word of HMAC-SHA256(seed, "queue:<id>") picks the
		// option by rejection sampling
		const seed = Buffer.from(after.seed, 'hex');
		assert.equal(createHash('sha256').update(seed).digest('hex'), e.commitment);
		const block = createHmac('sha256', seed).update(`queue:${e.id}:0`).digest();
		let i = 0, x;
		const limit = 2 ** 32 - (2 ** 32 % 3);
		do { x = block.readUInt32BE(4 * i++); } while (x >= limit && i < 8);
		assert.equal([1000, 2000, 5000][x % 3], after.ratio_bp);
		// once is all
		const again = await b.client.post(`/queue/${e.id}/draw`, {});
		assert.equal(again.status, 409);
		await verify();
	});

	test('exchange part, then the rest; pause queues without paying, resume pays in order', async () => {
		await settings({ 'queue.default_bp': '10000', 'queue.extract_bp': '0', 'queue.lottery': undefined });
		const product = await shop(admin, '排队测试 50', '50.00');
		const [b] = await createMembers(1, { credit: { CHANGE: '1000.00' } });
		b.client = await loginMember(b.phone);
		const oa = await order(b.client, product), ob = await order(b.client, product);
		await drain([oa, ob]);
		const list = (await b.client.get('/queue')).body.entitlements;
		const ea = list.find((x) => x.order_id === oa), eb = list.find((x) => x.order_id === ob);

		// 10.00 of 50.00 for 积分 at 10 per ¥1 → 100.00 积分; then the rest
		let r = await b.client.post(`/queue/${ea.id}/exchange`, { currency: 'POINTS', amount: '10.00' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.credited, '100.00');
		r = await b.client.post(`/queue/${ea.id}/exchange`, { currency: 'POINTS', amount: '40.01' });
		assert.equal(r.status, 400, 'not more than is owed');
		assert.equal(r.body.error.field, 'amount');
		r = await b.client.post(`/queue/${ea.id}/exchange`, { currency: 'VOUCHER', amount: '40.00' });
		assert.equal(r.status, 200, r.text);
		let now = (await b.client.get('/queue')).body.entitlements;
		assert.equal(now.find((x) => x.id === ea.id).status, 'exchanged');
		assert.equal(sql(`SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE owner_type = 'member' AND owner_id = ${b.id}
			AND currency = 'POINTS'`)[0][0], '10000');
		assert.equal(now.find((x) => x.id === eb.id).position, 1, 'the exchanged one left the queue');

		// paused: an order with funding queues and funds, pays nothing
		await settings({ 'queue.extract_bp': '5000' });
		const qid = Number(queueOf(product)[0]);
		r = await admin.client.post(`/admin/queue/${qid}/pause`, {});
		assert.equal(r.status, 200, r.text);
		const oc = await order(b.client, product);
		await drain([oc]);
		let q = queueOf(product);
		assert.deepEqual([q[3], q[5], q[6]], ['2500', '0', '1'], 'held 25.00, paid nothing, paused');
		r = await admin.client.post(`/admin/queue/${qid}/resume`, {});
		assert.equal(r.status, 200, r.text);
		q = queueOf(product);
		assert.deepEqual([q[3], q[5]], ['0', '2500'], 'resumed: paid what it held');
		now = (await b.client.get('/queue')).body.entitlements;
		assert.equal(now.find((x) => x.id === eb.id).paid, '25.00', 'to the oldest waiting one');
		assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action IN ('queue.pause', 'queue.resume')
			AND target_id = ${qid}`)[0][0], '2');
		const page = await admin.client.get('/admin/queue');
		assert.equal(page.status, 200);
		assert.ok(page.body.queues.some((x) => x.id === qid && x.waiting >= 2));
		await verify();
	});
	test('settle on completion: paid orders wait outside the queue, a cancelled one never enters; on payment a cancel ends the entitlement; reset clears; the obligations show it', async () => {
		await settings({ 'queue.settle_on': '"completed"', 'queue.extract_bp': '0' });
		const mer = (await createMembers(1))[0];
		mer.client = await loginMember(mer.phone);
		const a = await mer.client.post('/merchant/apply', { name: '排队小铺二', contact: '钱店长', phone: newPhone(),
			license_no: '91440300MA5XXXXX5', address: '深圳市南山区科技园 5 号' });
		assert.equal((await admin.client.post(`/admin/merchants/${a.body.merchant_id}/approve`, {})).status, 200);
		const p = await mer.client.post('/merchant/products', { title: '排队测试 20', mall: 'CHANGE', supply_price: '1.00',
			retail_price: '20.00', stock: '50', description: '排队返利测试商品' });
		assert.equal((await admin.client.post(`/admin/products/${p.body.product.id}/list`, {})).status, 200);
		const product = p.body.product.id;
		const [b] = await createMembers(1, { credit: { CHANGE: '1000.00' } });
		b.client = await loginMember(b.phone);
		const kept = await order(b.client, product), gone = await order(b.client, product);
		assert.equal((await b.client.post(`/shop/order/${gone}/cancel`, {})).status, 200);
		await drain([kept, gone]);
		assert.equal(sql(`SELECT COUNT(*) FROM queue_entitlements WHERE order_id IN (${kept}, ${gone})`)[0][0], '0',
			'paid is not enough');
		assert.equal((await mer.client.post(`/merchant/orders/${kept}/ship`, { carrier: '顺丰速运',
			tracking: 'SF5550000009' })).status, 200);
		assert.equal((await b.client.post(`/shop/order/${kept}/confirm`, {})).status, 200);
		const deadline = Date.now() + 60000;
		while (sql(`SELECT COUNT(*) FROM queue_entitlements WHERE order_id = ${kept}`)[0][0] !== '1') {
			assert.ok(Date.now() < deadline, 'the completed order entered the queue');
			await drain([kept]);
			await run(JOBS, ['--once'], { env: { ...process.env, PINTUAN_CONF } }).catch(() => {});
		}

		// on payment, a cancelled order's entitlement ends
		await settings({ 'queue.settle_on': '"paid"' });
		const c = await order(b.client, product);
		await drain([c]);
		assert.equal(sql(`SELECT status FROM queue_entitlements WHERE order_id = ${c}`)[0][0], 'waiting');
		assert.equal((await b.client.post(`/shop/order/${c}/cancel`, {})).status, 200);
		const d2 = Date.now() + 60000;
		while (sql(`SELECT status FROM queue_entitlements WHERE order_id = ${c}`)[0][0] !== 'cancelled') {
			assert.ok(Date.now() < d2, 'the cancel reached the queue');
			await run(JOBS, ['--once'], { env: { ...process.env, PINTUAN_CONF } }).catch(() => {});
		}

		// what waits is on the obligations report
		const eco = await admin.client.get('/admin/economy');
		assert.equal(eco.status, 200);
		assert.ok(eco.body.economy.obligations.some((o) => /排队返利待返权益/.test(o.label)), JSON.stringify(eco.body.economy.obligations));
		assert.ok(eco.body.economy.pools.some((o) => o.kind === 'pool.queue'));

		// reset with clear: the waiting one is cleared, the head past it, audited
		await settings({ 'queue.reset_mode': '"clear"' });
		const qid = Number(queueOf(product)[0]);
		const r = await admin.client.post(`/admin/queue/${qid}/reset`, {});
		assert.equal(r.status, 200, r.text);
		assert.equal(sql(`SELECT status FROM queue_entitlements WHERE order_id = ${kept}`)[0][0], 'cleared');
		const q = queueOf(product);
		assert.equal(Number(q[1]), Number(q[2]) + 1, 'the head passed the cleared');
		assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'queue.reset' AND target_id = ${qid}`)[0][0], '1');

		// the pages render for a browser
		for (const [c2, path] of [[admin.client, '/admin/queue'], [b.client, '/queue']]) {
			const h = await c2.get(path, { json: false });
			assert.equal(h.status, 200, path);
			assert.match(h.text, /排队/);
		}
		await verify();
	});
	test('a product\'s own settings decide before the plugin default, in words; bad lists are refused by field', async () => {
		await settings({ 'queue.settle_on': '"paid"', 'queue.extract_bp': '0', 'queue.default_bp': '10000' });
		const product = await shop(admin, '排队测试 100', '100.00');
		let r = await admin.client.post('/admin/queue/products', { product: String(product), enabled: '1',
			ratio_bp: '13000', levels: '[{"level":"leader","bp":15000}]', lottery: '[5000,' });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.body.error.field, 'lottery');
		r = await admin.client.post('/admin/queue/products', { product: String(product), enabled: '1',
			ratio_bp: '13000', levels: '[{"level":"leader","bp":15000}]' });
		assert.equal(r.status, 200, r.text);
		const [plain] = await createMembers(1, { credit: { CHANGE: '500.00' } });
		const [leader] = await createMembers(1, { roles: ['leader'], credit: { CHANGE: '500.00' } });
		plain.client = await loginMember(plain.phone);
		leader.client = await loginMember(leader.phone);
		const o1 = await order(plain.client, product), o2 = await order(leader.client, product);
		await drain([o1, o2]);
		const e1 = (await plain.client.get('/queue')).body.entitlements.find((x) => x.order_id === o1);
		const e2 = (await leader.client.get('/queue')).body.entitlements.find((x) => x.order_id === o2);
		assert.deepEqual([e1.source, e1.ratio_bp, e1.amount, e1.words], ['product', 13000, '130.00', '按商品返利比例 130%']);
		assert.deepEqual([e2.source, e2.ratio_bp, e2.amount, e2.words],
			['product_level', 15000, '150.00', '按商品会员等级 团长 比例 150%']);
		// switched off: its orders take no part
		r = await admin.client.post('/admin/queue/products', { product: String(product), enabled: '0' });
		assert.equal(r.status, 200, r.text);
		const o3 = await order(plain.client, product);
		await drain([o3]);
		assert.equal(sql(`SELECT COUNT(*) FROM queue_entitlements WHERE order_id = ${o3}`)[0][0], '0');
		r = await admin.client.post('/admin/queue/products/enable-all', {});
		assert.equal(r.status, 200, r.text);
		assert.equal(sql(`SELECT enabled FROM queue_products WHERE product_id = ${product}`)[0][0], '1');
		await verify();
	});
});
