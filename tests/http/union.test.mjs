// test-stack: serial (turns the union queue on and sets its shares: every order of the files running beside it would join it)
// The union queue (工会排队, FEATURES F7, issue 16): each qualifying order
// gives its buyer a quota of paid × 110%; a day's run computes the day's
// net profit from the ledger (order margin + supplier spread + store
// commissions − rewards and subsidies), moves its share into the pool and
// pays whole quotas in order, stopping at the first that does not fit (the
// ones behind it wait too). A day with no profit moves nothing and says so.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join, dirname } from 'node:path';
import { createMembers, loginMember, adminClient, newPhone, sql, storeSettings, CTL, PINTUAN_CONF, SZ_NANSHAN }
	from './lib.mjs';

const run = promisify(execFile);
const JOBS = join(dirname(CTL), 'jobs');
const env = { env: { ...process.env, PINTUAN_CONF } };
const KEYS = ['union.enabled', 'union.share_bp', 'union.quota_bp'];

// Runs the scheduler until no union delivery waits (a deadline, not a sleep).
async function drainUnion() {
	const deadline = Date.now() + 120000;
	for (;;) {
		const left = Number(sql(`SELECT (SELECT COUNT(*) FROM order_events WHERE fanned = 0) +
			(SELECT COUNT(*) FROM order_event_deliveries WHERE subscriber = 'union' AND status = 'pending')`)[0][0]);
		if (left === 0) return;
		assert.equal(sql(`SELECT COUNT(*) FROM order_event_deliveries WHERE subscriber = 'union' AND status = 'failed'`)[0][0],
			'0', 'no union delivery failed');
		assert.ok(Date.now() < deadline, `${left} events or union deliveries left`);
		await run(JOBS, ['--once'], env).catch(() => {});
	}
}

async function verify() {
	const r = await run(CTL, ['verify'], env).catch((e) => e);
	assert.equal(r.code ?? 0, 0, `ctl verify: ${r.stdout}${r.stderr}`);
}

const change = (member) => Number(sql(`SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE owner_type = 'member'
	AND owner_id = ${member} AND kind = 'main' AND currency = 'CHANGE'`)[0][0]);

describe('union queue', () => {
	let admin;

	before(async () => {
		admin = await adminClient('super');
	});
	after(async () => {
		await storeSettings(Object.fromEntries(KEYS.map((k) => [k, null])));
	});

	test('a day without profit moves nothing and says so', async () => {
		const before = sql('SELECT balance, funded FROM union_pool')[0];
		const r = await run(CTL, ['union-run', '2001-01-01'], env);
		assert.match(r.stdout, /done/);
		const day = sql(`SELECT profit, moved, paid_count, note FROM union_days WHERE day = '2001-01-01'`)[0];
		assert.deepEqual(day.slice(0, 3), ['0', '0', '0']);
		assert.match(day[3], /不为正，当天不注资/);
		assert.deepEqual(sql('SELECT balance, funded FROM union_pool')[0], before);
		assert.match((await run(CTL, ['union-run', '2001-01-01'], env)).stdout, /already run/);
		await verify();
	});

	test('a day with a known profit: 1% of it pays 110.00 and 220.00 in full; 330.00 does not fit, so it and 11.00 behind it wait', async () => {
		// a store at 50% commission takes 100,000.00 before the union opens:
		// 50,000.00 of commission today
		const [mer] = await createMembers(1);
		mer.client = await loginMember(mer.phone);
		let r = await mer.client.post('/merchant/apply', { name: '工会测试商行', contact: '冯店长', phone: newPhone(),
			license_no: '91440300MA5UNION1', address: '深圳市南山区后海大道 2 号' });
		assert.equal((await admin.client.post(`/admin/merchants/${r.body.merchant_id}/approve`, {})).status, 200);
		r = await mer.client.post('/merchant/stores', { name: '后海超市', ...SZ_NANSHAN, address: '后海大道 2 号',
			hours: '全天', commission_bp: '5000', queue_mode: 'own' });
		assert.equal(r.status, 200, r.text);
		const store = r.body.store_id;
		assert.equal((await admin.client.post(`/admin/stores/${store}/approve`, {})).status, 200);
		const [rich, a, b] = await createMembers(3, { credit: { CHANGE: '100000.00' } });
		for (const m of [rich, a, b]) m.client = await loginMember(m.phone);
		r = await rich.client.post(`/pay/${store}`, { amount: '100000.00' });
		assert.equal(r.status, 200, r.text);
		await drainUnion();
		assert.equal(sql(`SELECT COUNT(*) FROM union_entitlements WHERE order_id = ${r.body.order.id}`)[0][0], '0',
			'the union was off');

		await storeSettings({ 'union.enabled': 'true', 'union.share_bp': '100', 'union.quota_bp': '11000' });
		const orders = [];
		for (const [m, amount] of [[a, '100.00'], [b, '200.00'], [a, '300.00'], [b, '10.00']]) {
			r = await m.client.post(`/pay/${store}`, { amount });
			assert.equal(r.status, 200, r.text);
			orders.push(r.body.order.id);
		}
		await drainUnion();
		const ents = sql(`SELECT id, amount, status FROM union_entitlements WHERE order_id IN (${orders}) ORDER BY id`);
		assert.deepEqual(ents.map((e) => [e[1], e[2]]), [['11000', 'waiting'], ['22000', 'waiting'], ['33000', 'waiting'],
			['1100', 'waiting']], 'quota 110% of each, in order');

		const today = sql(`SELECT DATE_FORMAT(CURDATE(), '%Y-%m-%d')`)[0][0];
		sql(`DELETE FROM union_days WHERE day = '${today}' AND moved = 0 AND paid_count = 0`);
		const pool0 = Number(sql('SELECT balance FROM union_pool')[0][0]);
		assert.equal(Number(sql(`SELECT COUNT(*) FROM union_entitlements WHERE status = 'waiting'`)[0][0]), 4,
			'only these four wait');
		const aBefore = change(a.id), bBefore = change(b.id);
		assert.match((await run(CTL, ['union-run', today], env)).stdout, /done/);

		const [margin, spread, commission, rewards, profit, share, moved, count, paid, note] = sql(`SELECT margin,
			spread, commission, rewards, profit, share_bp, moved, paid_count, paid_amount, note FROM union_days
			WHERE day = '${today}'`)[0].map((x, i) => (i === 9 ? x : Number(x)));
		// the commission part is the ledger's: every cashier.pay revenue leg today
		assert.equal(commission, Number(sql(`SELECT COALESCE(SUM(p.amount), 0) FROM journal j JOIN postings p
			ON p.entry_id = j.id JOIN accounts ac ON ac.id = p.account_id WHERE j.kind = 'cashier.pay'
			AND j.created_at >= CURDATE() AND ac.owner_type = 'system' AND ac.kind = 'revenue'`)[0][0]));
		assert.ok(commission >= 5000000 + 5000 + 10000 + 15000 + 500, `commission ${commission}`);
		// and so are the margin (order.settle into revenue) and the rewards
		// (what left issuance under the reward kinds), each floored at 0
		const ledgerPart = (kinds, acct) => Number(sql(`SELECT COALESCE(SUM(p.amount), 0) FROM journal j
			JOIN postings p ON p.entry_id = j.id JOIN accounts ac ON ac.id = p.account_id WHERE j.kind IN (${kinds})
			AND j.created_at >= CURDATE() AND ac.owner_type = 'system' AND ac.kind = '${acct}'
			AND ac.currency = 'CHANGE'`)[0][0]);
		assert.equal(margin, Math.max(0, ledgerPart(`'order.settle'`, 'revenue')));
		assert.equal(rewards, Math.max(0, -ledgerPart(`'queue.fund', 'pickup.reward', 'order.referral', 'gb.reward',
			'ad.reward', 'rp.fund'`, 'issue')));
		assert.equal(spread, 0);
		assert.equal(profit, margin + spread + commission - rewards);
		assert.equal(share, 100);
		assert.equal(moved, Math.round(profit / 100), '1% of the profit, half up');
		assert.ok(moved + pool0 >= 33000 && moved + pool0 < 66000, `the pool holds ${moved + pool0}: 110 + 220 fit, 330 more does not`);
		assert.match(note, /^净利润 [\d.]+，注资 [\d.]+，返还 2 笔共 330.00$/);

		// paid in full, in order; the rest wait
		const after = sql(`SELECT amount, status FROM union_entitlements WHERE order_id IN (${orders}) ORDER BY id`);
		assert.deepEqual(after, [['11000', 'done'], ['22000', 'done'], ['33000', 'waiting'], ['1100', 'waiting']]);
		assert.deepEqual([count, paid], [2, 33000]);
		assert.equal(change(a.id) - aBefore, 11000);
		assert.equal(change(b.id) - bBefore, 22000);
		assert.equal(Number(sql('SELECT balance FROM union_pool')[0][0]), pool0 + moved - 33000);
		assert.equal(sql(`SELECT COUNT(*) FROM journal WHERE kind = 'union.pay' AND ref_type = 'union_ent'
			AND ref_id IN (${ents.map((e) => e[0])})`)[0][0], '2', 'one entry per payment');

		// the members see their place and the estimate
		const qa = await a.client.get('/queue');
		assert.equal(qa.status, 200, qa.text);
		const c = qa.body.union.entitlements.find((e) => e.order_id === orders[2]);
		assert.deepEqual([c.status, c.position, c.amount], ['waiting', 1, '330.00']);
		assert.ok(c.estimate_days >= 1);
		const d = (await b.client.get('/queue')).body.union.entitlements.find((e) => e.order_id === orders[3]);
		assert.deepEqual([d.status, d.position, d.ahead], ['waiting', 2, '330.00']);
		assert.equal((await b.client.get('/queue')).body.union.entitlements.find((e) => e.order_id === orders[1]).status,
			'done');

		// the same day again: nothing more
		assert.match((await run(CTL, ['union-run', today], env)).stdout, /already run/);
		assert.equal(change(a.id) - aBefore, 11000);

		// operators see the definition and the day
		const page = await admin.client.get('/admin/union');
		assert.equal(page.status, 200, page.text);
		assert.match(page.body.definition, /订单毛利.*供应商差价.*门店佣金.*奖励与补贴/);
		assert.ok(page.body.days.some((x) => x.day === today && x.paid_count === 2));
		assert.ok(page.body.days.some((x) => x.day === '2001-01-01' && x.nothing));
		const html = await admin.client.get('/admin/union', { json: false });
		assert.match(html.text, /不为正，当天不注资/);
		await verify();
	});
});
