// test-stack: serial (changes the order-event and referral settings, kills the scheduler); runs alone, before the files that run at once
// Order events (DESIGN.md §4, issue 13): a completed mall order pays its
// 消费积分 (H1: 1 per ¥1) and the 2-level referral (G8: 2% / 1% of the
// order in 零钱) through events the scheduler delivers exactly once, in
// order per order, even when the delivery is killed between the handler
// and the COMMIT; an order cancelled (refunded) before completion pays
// nothing; failures wait, visibly, on /admin/events until retried; with
// mallpts.inline on, the 消费积分 is paid in the confirming transaction.
//
// The stack's own scheduler delivers events too. An order a test wants to
// drive itself is named in <var>/test-events-hold (test mode only): every
// scheduler leaves it alone, except one started with
// PINTUAN_TEST_FAULT=events.kill_before_commit, which delivers only it and
// is SIGKILLed after the handler ran, before the COMMIT.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { createMember, loginMember, adminClient, ctl, newPhone, sql, readConf, CTL, PINTUAN_CONF } from './lib.mjs';

const JOBS = join(dirname(CTL), 'jobs');
const HOLD = join(readConf().var, 'test-events-hold');

after(() => rmSync(HOLD, { force: true }));

function jobsOnce(env = {}) {
	return spawnSync(JOBS, ['--once'], { env: { ...process.env, PINTUAN_CONF, ...env }, stdio: 'ignore' });
}

// The two subscribers this file is about (the queue rebate's own are in
// queue.test.mjs; with queue.enabled off they pay nothing).
const deliveries = (order) => sql(`SELECT subscriber, event, seq, status, attempts FROM order_event_deliveries
	WHERE order_id = ${Number(order)} AND subscriber IN ('mallpts', 'referral') ORDER BY seq, subscriber`).map(([s, e, q, st, a]) => ({ s, e, seq: Number(q), st, a: Number(a) }));
const events = (order) => sql(`SELECT seq, event, source FROM order_events WHERE order_id = ${Number(order)} ORDER BY seq`)
	.map(([q, e, s]) => `${q}:${e}:${s}`);
const bal = (id, cur) => (Number(sql(`SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE owner_type = 'member'
	AND owner_id = ${Number(id)} AND kind = 'main' AND currency = '${cur}'`)[0][0]) / 100).toFixed(2);
const paidLines = (order) => sql(`SELECT j.kind, p.currency, a.owner_id, p.amount FROM journal j
	JOIN postings p ON p.entry_id = j.id JOIN accounts a ON a.id = p.account_id AND a.owner_type = 'member'
	WHERE j.ref_type = 'order' AND j.ref_id = ${Number(order)} AND j.kind IN ('order.mallpts', 'order.referral')
	ORDER BY j.id`).map(([k, c, o, amt]) => `${k} ${c} ${o} ${(Number(amt) / 100).toFixed(2)}`);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A setting written straight into the table (as only a direct database
// edit could: the settings page refuses what the page's rules refuse),
// then long enough for every process's cache (one check a second).
async function setting(k, v) {
	if (v === undefined) sql(`DELETE FROM settings WHERE k = '${k}'; UPDATE settings_meta SET version = version + 1`);
	else sql(`INSERT INTO settings (k, v, updated_at) VALUES ('${k}', '${v}', NOW())
		ON DUPLICATE KEY UPDATE v = VALUES(v); UPDATE settings_meta SET version = version + 1`);
	await sleep(1500);
}

// Runs the scheduler until every delivery of the order is done (the
// stack's daemon may be the one that does it); a deadline, not a sleep.
async function delivered(order) {
	const deadline = Date.now() + 20000;
	for (;;) {
		jobsOnce();
		const d = deliveries(order);
		if (d.length > 0 && d.every((x) => x.st === 'done')) return d;
		if (Date.now() > deadline) assert.fail(`deliveries of order ${order} not done: ${JSON.stringify(d)}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

function verify() {
	const r = spawnSync(CTL, ['verify'], { env: { ...process.env, PINTUAN_CONF }, encoding: 'utf8' });
	assert.equal(r.status, 0, `ctl verify: ${r.stdout}${r.stderr}`);
}

// A member with an inviter and an inviter's inviter (and one above, who
// is beyond the 2 levels), holding ¥200 in 零钱.
async function family() {
	const g3 = createMember();
	const g2 = createMember({ inviter: g3.id });
	const g1 = createMember({ inviter: g2.id });
	const b = createMember({ inviter: g1.id });
	ctl('credit', b.phone, 'CHANGE', '200.00', '测试入账');
	b.client = await loginMember(b.phone);
	return { b, g1, g2, g3 };
}

async function shop(admin) {
	const m = createMember();
	m.client = await loginMember(m.phone);
	const a = await m.client.post('/merchant/apply', { name: '事件小铺', contact: '赵店长', phone: newPhone(),
		license_no: '91440300MA5XXXXX2', address: '深圳市南山区科技园 2 号' });
	assert.equal(a.status, 200, a.text);
	assert.equal((await admin.client.post(`/admin/merchants/${a.body.merchant_id}/approve`, {})).status, 200);
	const p = await m.client.post('/merchant/products', { title: '云南小粒咖啡豆 1 斤', mall: 'CHANGE',
		supply_price: '30.00', retail_price: '55.00', stock: '20', description: '中度烘焙' });
	assert.equal(p.status, 200, p.text);
	assert.equal((await admin.client.post(`/admin/products/${p.body.product.id}/list`, {})).status, 200);
	m.product = p.body.product.id;
	return m;
}

async function order(b, m) {
	const r = await b.client.post('/shop/order', { product: String(m.product), qty: '1', receiver: '钱七',
		phone: '13912345678', address: '广东省深圳市南山区粤海街道 9 号' });
	assert.equal(r.status, 200, r.text);
	return r.body.order.id;
}

async function shipAndConfirm(b, m, oid) {
	const s = await m.client.post(`/merchant/orders/${oid}/ship`, { carrier: '顺丰速运', tracking: 'SF5550000001' });
	assert.equal(s.status, 200, s.text);
	const c = await b.client.post(`/shop/order/${oid}/confirm`, {});
	assert.equal(c.status, 200, c.text);
}

describe('order events', () => {
	let admin, m;

	test('setup: a merchant with a ¥55.00 product in the 零钱 mall', async () => {
		admin = await adminClient('super');
		m = await shop(admin);
	});

	test('a completed order pays 55.00 消费积分 and 1.10 / 0.55 referral once, even when the delivery is killed before its COMMIT', async () => {
		const { b, g1, g2, g3 } = await family();
		const oid = await order(b, m);
		writeFileSync(HOLD, `${oid}\n`);
		await shipAndConfirm(b, m, oid);
		assert.deepEqual(events(oid), ['1:paid:mall', '2:completed:mall']);

		// Held: the schedulers fan the events out (the order's own
		// transaction wrote only them) but deliver nothing.
		assert.equal(jobsOnce().status, 0);
		assert.deepEqual(deliveries(oid).map((d) => `${d.s}:${d.e}:${d.st}`),
			['mallpts:completed:pending', 'referral:completed:pending']);
		assert.equal(bal(b.id, 'MALLPTS'), '0.00');

		// Killed after the handler ran, before the COMMIT: nothing stays.
		const killed = jobsOnce({ PINTUAN_TEST_FAULT: 'events.kill_before_commit' });
		assert.equal(killed.signal, 'SIGKILL', `the delivery was killed (status ${killed.status})`);
		assert.deepEqual(paidLines(oid), [], 'the killed delivery paid nothing');
		assert.ok(deliveries(oid).every((d) => d.st === 'pending' && d.a === 0), 'and is still to do');

		// Released: the rerun delivers both, once.
		rmSync(HOLD, { force: true });
		await delivered(oid);
		jobsOnce();
		assert.deepEqual(paidLines(oid), [
			`order.mallpts MALLPTS ${b.id} 55.00`,
			`order.referral CHANGE ${g1.id} 1.10`,
			`order.referral CHANGE ${g2.id} 0.55`,
		]);
		assert.equal(bal(b.id, 'MALLPTS'), '55.00');
		assert.equal(bal(g1.id, 'CHANGE'), '1.10');
		assert.equal(bal(g2.id, 'CHANGE'), '0.55');
		assert.equal(bal(g3.id, 'CHANGE'), '0.00', 'the third generation gets nothing');
		assert.ok(deliveries(oid).every((d) => d.a === 1), 'each delivery counted one attempt');
		verify();
	});

	test('an order cancelled before completion is refunded and pays nothing', async () => {
		const { b, g1 } = await family();
		const oid = await order(b, m);
		const c = await b.client.post(`/shop/order/${oid}/cancel`, {});
		assert.equal(c.status, 200, c.text);
		assert.deepEqual(events(oid), ['1:paid:mall', '2:refunded:mall', '3:cancelled:mall']);
		jobsOnce();
		assert.deepEqual(deliveries(oid), [], 'no subscriber wants these events');
		assert.deepEqual(paidLines(oid), []);
		assert.equal(bal(b.id, 'MALLPTS'), '0.00');
		assert.equal(bal(b.id, 'CHANGE'), '200.00');
		assert.equal(bal(g1.id, 'CHANGE'), '0.00');
		verify();
	});

	test('with mallpts.inline on, confirming pays the 消费积分 in its own transaction; the referral still comes from the scheduler', async () => {
		const { b, g1, g2 } = await family();
		const oid = await order(b, m);
		writeFileSync(HOLD, `${oid}\n`);
		await setting('mallpts.inline', 'true');
		try {
			await shipAndConfirm(b, m, oid);
			assert.equal(bal(b.id, 'MALLPTS'), '55.00', 'seen as soon as the confirmation returns');
			// the stack's own scheduler may already have fanned the
			// event out to the referral (held: never delivered)
			assert.deepEqual(deliveries(oid).map((d) => `${d.s}:${d.e}:${d.st}:${d.a}`)
				.filter((d) => d !== 'referral:completed:pending:0'), ['mallpts:completed:done:1'],
				'its delivery is written done with the order; the scheduler writes the others');
			assert.equal(jobsOnce().status, 0);
			assert.deepEqual(deliveries(oid).map((d) => `${d.s}:${d.e}:${d.st}:${d.a}`),
				['mallpts:completed:done:1', 'referral:completed:pending:0']);
		} finally {
			await setting('mallpts.inline');
		}
		rmSync(HOLD, { force: true });
		await delivered(oid);
		jobsOnce();
		assert.deepEqual(paidLines(oid), [
			`order.mallpts MALLPTS ${b.id} 55.00`,
			`order.referral CHANGE ${g1.id} 1.10`,
			`order.referral CHANGE ${g2.id} 0.55`,
		], 'the fan-out left the inline delivery alone: 消费积分 once');
		assert.equal(bal(b.id, 'MALLPTS'), '55.00');
		verify();
	});

	test('a failing subscriber is retried with backoff, then shown failed on /admin/events until an operator retries it', async () => {
		const { b, g1, g2 } = await family();
		const oid = await order(b, m);
		const ref = () => sql(`SELECT status, attempts, last_error, run_at > NOW() FROM order_event_deliveries
			WHERE order_id = ${oid} AND subscriber = 'referral'`).map(([st, a, e, later]) => ({ st, a: Number(a), e, later: later === '1' }))[0];
		// 4 generations: the settings page refuses them, naming the field
		// and the rule (DESIGN.md §1) …
		const no = await admin.client.post('/admin/settings', { 'referral.mall_bp': '[200, 100, 50, 25]' });
		assert.equal(no.status, 400, no.text);
		assert.equal(no.body.error.field, 'referral.mall_bp');
		assert.match(no.body.error.message, /最多 3 代/);
		// … and stored behind its back, the referral subscriber refuses to
		// pay (DESIGN.md §11), visibly
		await setting('referral.mall_bp', '[200, 100, 50, 25]');
		try {
			await shipAndConfirm(b, m, oid);
			const deadline = Date.now() + 20000;
			while (!(ref()?.a >= 1)) {
				assert.ok(Date.now() < deadline, `the referral delivery ran: ${JSON.stringify(ref())}`);
				jobsOnce();
				await sleep(100);
			}
			const r1 = ref();
			assert.equal(r1.st, 'pending', 'a failure is retried');
			assert.ok(r1.later, 'later: the backoff');
			assert.match(r1.e, /最多 3 代/);
			assert.equal(bal(b.id, 'MALLPTS'), '55.00', 'the other subscriber is not held up');

			// The last attempt fails for good.
			sql(`UPDATE order_event_deliveries SET attempts = 5, run_at = NOW() WHERE order_id = ${oid} AND subscriber = 'referral'`);
			while (ref().st !== 'failed') {
				assert.ok(Date.now() < deadline + 20000, `failed for good: ${JSON.stringify(ref())}`);
				jobsOnce();
				await sleep(100);
			}
			assert.equal(ref().a, 6);
		} finally {
			await setting('referral.mall_bp');
		}
		verify();	// failed visibly is not a violation
		const page = await admin.client.get('/admin/events?status=failed', { json: true });
		assert.equal(page.status, 200, page.text);
		const row = page.body.deliveries.find((d) => d.order_id === oid);
		assert.ok(row, 'the failed delivery is listed');
		assert.equal(row.subscriber_name, '推荐奖励');
		assert.equal(row.attempts, 6);
		assert.match(row.error, /最多 3 代/);
		assert.equal((await admin.client.post(`/admin/events/${row.id}/retry`, {})).status, 200);
		await delivered(oid);
		assert.deepEqual(paidLines(oid), [
			`order.mallpts MALLPTS ${b.id} 55.00`,
			`order.referral CHANGE ${g1.id} 1.10`,
			`order.referral CHANGE ${g2.id} 0.55`,
		]);
		verify();
	});

	test('a later event waits while an earlier one failed; the back office shows it and retries it', async () => {
		const { b } = await family();
		const oid = await order(b, m);
		// The 消费积分 subscriber's delivery of the paid event failed for
		// good (as a handler that kept failing leaves it).
		const [[paidId]] = sql(`SELECT id FROM order_events WHERE order_id = ${oid} AND event = 'paid'`);
		sql(`INSERT INTO order_event_deliveries (idem_key, subscriber, event_id, order_id, seq, event, source, status,
			attempts, run_at, last_error, created_at, finished_at) VALUES ('mallpts:${oid}:paid', 'mallpts', ${paidId},
			${oid}, 1, 'paid', 'mall', 'failed', 6, NOW(), 'test: handler kept failing', NOW(), NOW())`);
		await shipAndConfirm(b, m, oid);

		// The completed event waits behind it: run the scheduler, nothing paid.
		jobsOnce();
		const waiting = deliveries(oid).filter((d) => d.s === 'mallpts');
		assert.deepEqual(waiting.map((d) => `${d.seq}:${d.e}:${d.st}`), ['1:paid:failed', '2:completed:pending']);
		assert.equal(bal(b.id, 'MALLPTS'), '0.00');
		verify();	// failed visibly is not a violation

		const page = await admin.client.get('/admin/events?status=failed', { json: true });
		assert.equal(page.status, 200, page.text);
		const row = page.body.deliveries.find((d) => d.order_id === oid);
		assert.ok(row, 'the failed delivery is listed');
		assert.equal(row.error, 'test: handler kept failing');
		assert.equal(row.attempts, 6);
		assert.equal(row.subscriber_name, '消费积分');
		assert.ok(page.body.failed >= 1);

		// Retrying changes money: an operator may look but not retry.
		const op = await adminClient('operator');
		assert.equal((await op.client.get('/admin/events', { json: true })).status, 403);
		const fin = await adminClient('finance');
		assert.equal((await fin.client.get('/admin/events', { json: true })).body.can_retry, true);
		const r = await admin.client.post(`/admin/events/${row.id}/retry`, {});
		assert.equal(r.status, 200, r.text);

		const d = await delivered(oid);
		assert.deepEqual(d.filter((x) => x.s === 'mallpts').map((x) => `${x.seq}:${x.e}:${x.st}`),
			['1:paid:done', '2:completed:done']);
		assert.equal(bal(b.id, 'MALLPTS'), '55.00', 'paid once, on completion');
		assert.equal((await admin.client.post(`/admin/events/${row.id}/retry`, {})).status, 409, 'a done delivery is not retried');
		verify();
	});
});
