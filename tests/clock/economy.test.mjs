// Issue 6 over time, with the test clock (ctl clock; test mode only): the
// daily 购物金 release, daily and monthly dividends and the 分红积分 pool
// calendar, each paid once even when a job runs twice or days were
// missed; A6 promoter days; D11 blind boxes. Runs alone (after the other
// suites): every program of the stack follows the clock.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMembers, loginMember, ctl, sql, CTL } from '../http/lib.mjs';
import { clock, runJobs, bal } from './lib.mjs';

const dir = mkdtempSync(join(tmpdir(), 'clock-'));

const pool = (kind) => Number(sql(`SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE owner_type = 'system'
	AND kind = '${kind}' AND currency = 'CHANGE'`)[0][0]);
const run = (kind, period) => sql(`SELECT id, pool, paid, units, members FROM dividend_runs WHERE kind = '${kind}' AND period = '${period}'`);
const payout = (runId, member) => Number((sql(`SELECT amount FROM dividend_payouts WHERE run_id = ${runId} AND member_id = ${member}`)[0] || [0])[0]);

after(() => clock('reset'));

describe('the economy over days and a month end (A6, D7, D8, D11)', () => {
	// An activity whose winners earn dividend shares, 分红积分 and 购物金,
	// and which funds both pools: 4 seats, 2 winners, ¥100.
	const config = {
		name: '分红测试团', mode: 'public', price: '100.00', seats: 4, winners: 2, products: [],
		rewards: [
			{ on: 'won', to: 'self', do: 'share', bp: 10000 },
			{ on: 'won', to: 'self', do: 'credit', currency: 'DIVPTS', bp: 10000 },
			{ on: 'won', to: 'self', do: 'credit', currency: 'GOLD', bp: 10000 },
			{ on: 'won', do: 'pool', pool: 'daily', currency: 'CHANGE', bp: 200 },
			{ on: 'won', do: 'pool', pool: 'monthly', currency: 'CHANGE', bp: 300 },
		],
	};
	let act, members, winners, losers, gid;

	test('a clean start: every earlier day settled, then day 1 of the month', async () => {
		clock('set', '2027-02-27 10:00:00');
		await runJobs();
		clock('set', '2027-03-01 10:00:00');
		await runJobs();
		assert.ok(run('daily', '2027-02-28').length === 1, 'the day before was settled');
		const f = join(dir, 'act.json');
		writeFileSync(f, JSON.stringify(config));
		act = Number(ctl('activity-import', f));
	});

	test('day 1: a group draws; the winners hold shares, 分红积分 and 购物金; promoters made', async () => {
		members = [];
		for (const m of await createMembers(4, { credit: { CHANGE: '100.00' } })) {
			m.client = await loginMember(m.phone);
			members.push(m);
		}
		for (const m of members) gid = (await m.client.post(`/gb/activity/${act}/join`, {})).body.group.id;
		const g = (await members[0].client.get(`/gb/group/${gid}`, { json: true })).body.group;
		assert.equal(g.status, 'drawn');
		const won = new Set(g.seats.filter((s) => s.result === 'won').map((s) => s.member_id));
		winners = members.filter((m) => won.has(m.id));
		losers = members.filter((m) => !won.has(m.id));
		assert.equal(winners.length, 2);
		for (const w of winners) {
			assert.equal(bal(w.id, 'DIVPTS'), '100.00');
			assert.equal(bal(w.id, 'GOLD'), '100.00');
		}
		assert.deepEqual(sql(`SELECT SUM(units) FROM gb_shares WHERE group_id = ${gid}`), [['20000']]);
		// A6: a new member's first join makes a promoter for 2 days in all
		// (1 for joining that day, promoter.new_member_days for being new)
		const exp = sql(`SELECT DATE_FORMAT(expires_at, '%Y-%m-%d %H:%i') FROM member_roles WHERE member_id = ${members[0].id} AND role = 'promoter'`);
		assert.deepEqual(exp, [['2027-03-03 10:00']]);
		const me = await members[0].client.get('/member/me', { json: true });
		assert.ok(JSON.stringify(me.body).includes('promoter'), 'shown on /member/me');
	});

	test('a winner opens the blind box once, from the group\'s stream; the draw still verifies', async () => {
		const w = winners[0];
		const r = await w.client.post(`/gb/group/${gid}/box`, {});
		assert.equal(r.status, 200, r.text);
		const again = await w.client.post(`/gb/group/${gid}/box`, {});
		assert.equal(again.status, 409);
		const l = await losers[0].client.post(`/gb/group/${gid}/box`, {});
		assert.equal(l.status, 403);
		assert.equal(sql(`SELECT COUNT(*) FROM gb_boxes WHERE group_id = ${gid}`)[0][0], '1');
		assert.match(ctl('verify-draw', String(gid)), /draw verified/);
		const real = sql(`SELECT prize FROM gb_boxes WHERE group_id = ${gid}`)[0][0];
		sql(`UPDATE gb_boxes SET prize = ${(Number(real) + 1) % 4} WHERE group_id = ${gid}`);
		assert.throws(() => execFileSync(CTL, ['verify-draw', String(gid)], { env: process.env, stdio: 'pipe' }),
			'a tampered box does not verify');
		sql(`UPDATE gb_boxes SET prize = ${real} WHERE group_id = ${gid}`);
	});

	test('the 分红积分 pool: in and out on days 1–5, in hundreds', async () => {
		const w = winners[0];
		let r = await w.client.post('/member/dividend/move', { direction: 'in', amount: '50' });
		assert.equal(r.status, 409, 'not a multiple of 100');
		r = await w.client.post('/member/dividend/move', { direction: 'in', amount: '100' });
		assert.equal(r.status, 200, r.text);
		assert.equal(bal(w.id, 'DIVPTS', 'divpool'), '100.00');
		r = await w.client.post('/member/dividend/move', { direction: 'out', amount: '100' });
		assert.equal(r.status, 200);
		r = await w.client.post('/member/dividend/move', { direction: 'in', amount: '100' });
		assert.equal(r.status, 200);
		r = await w.client.post('/member/dividend/move', { direction: 'in', amount: '100' });
		assert.equal(r.status, 400, 'nothing left to move');
		const page = await w.client.get('/member/dividend', { json: true });
		assert.equal(page.body.dividend.calendar.length, 31);
		assert.equal(page.body.dividend.window, 'inout');
	});

	test('midnight: day 1\'s daily pool goes to its winners by shares, once, even when the job runs twice', async () => {
		const before = winners.map((w) => Number(bal(w.id, 'CHANGE')));
		assert.equal(run('daily', '2027-03-01').length, 0, 'not before the day ends');
		clock('set', '2027-03-02 00:05:00');
		await runJobs();
		const [[id, p, paid, units, n]] = run('daily', '2027-03-01');
		assert.ok(Number(p) >= 400, 'the pool holds at least the day\'s 2 × 2.00');
		assert.equal(units, '20000');
		assert.equal(n, '2');
		const each = Math.floor(Number(p) / 2);
		for (const w of winners) assert.equal(payout(id, w.id), each);
		assert.equal(Number(paid), 2 * each);
		assert.equal(pool('pool.daily'), Number(p) - 2 * each, 'the rounding remainder stays in the pool');
		winners.forEach((w, i) => assert.equal(Number(bal(w.id, 'CHANGE')), +(before[i] + each / 100 + 0.06).toFixed(2),
			'dividend plus the day\'s release of 100.00 购物金: 0.06%, accelerated on the day of the join (D7)'));
		// the same day's job once more: nothing moves
		const n0 = sql("SELECT COUNT(*) FROM journal WHERE kind IN ('div.daily', 'gold.release')")[0][0];
		sql("INSERT INTO jobs (kind, unique_key, payload, run_at, created_at) VALUES ('div.daily', 'div.daily:again:20270301', '2027-03-01', NOW() - INTERVAL 1 DAY, NOW())");
		sql("INSERT INTO jobs (kind, unique_key, payload, run_at, created_at) VALUES ('gold.release', 'gold.release:again:20270301', '2027-03-01', NOW() - INTERVAL 1 DAY, NOW())");
		await runJobs();
		assert.equal(sql("SELECT COUNT(*) FROM journal WHERE kind IN ('div.daily', 'gold.release')")[0][0], n0);
		assert.equal(run('daily', '2027-03-01').length, 1);
	});

	test('missed days: after downtime each day is settled once; 购物金 releases 0.03% a day without a join, half-up', async () => {
		clock('set', '2027-03-05 00:05:00');
		await runJobs();
		for (const d of ['2027-03-02', '2027-03-03', '2027-03-04'])
			assert.equal(run('daily', d).length, 1, `daily ${d}`);
		assert.equal(sql("SELECT COUNT(*) FROM release_runs WHERE day BETWEEN '2027-03-01' AND '2027-03-04'")[0][0], '4');
		// 100.00 → 99.94 (day 1, with the join: 0.06%) → 99.91 → 99.88 →
		// 99.85 (0.03 each day: 0.029982 rounds up)
		for (const w of winners) assert.equal(bal(w.id, 'GOLD'), '99.85');
		assert.equal(sql(`SELECT COUNT(*) FROM journal WHERE kind = 'gold.release' AND member_id = ${winners[1].id}`)[0][0], '4');
	});

	test('the calendar: only in on days 6–24, frozen from the 25th', async () => {
		const w = winners[1];
		clock('set', '2027-03-06 09:00:00');
		let r = await w.client.post('/member/dividend/move', { direction: 'in', amount: '100' });
		assert.equal(r.status, 200, r.text);
		r = await w.client.post('/member/dividend/move', { direction: 'out', amount: '100' });
		assert.equal(r.status, 409, 'no moving out after the 5th');
		assert.match(r.body.error.message, /1–5/);
		clock('set', '2027-03-25 09:00:00');
		r = await winners[0].client.post('/member/dividend/move', { direction: 'in', amount: '100' });
		assert.equal(r.status, 409, 'frozen');
		assert.equal(bal(w.id, 'DIVPTS', 'divpool'), '100.00');
	});

	test('month end: the monthly pool is shared by points in the pool, once', async () => {
		clock('set', '2027-04-01 00:05:00');
		await runJobs();
		const [[id, p, paid, units, n]] = run('monthly', '2027-03-31');
		assert.ok(Number(p) >= 600, 'at least the 2 × 3.00 of the month');
		assert.equal(units, '20000', 'two holders with 100.00 each');
		assert.equal(n, '2');
		for (const w of winners) assert.equal(payout(id, w.id), Math.floor(Number(p) / 2));
		assert.equal(pool('pool.monthly'), Number(p) - Number(paid));
		assert.equal(run('monthly', '2027-03-30').length, 0, 'only the last day settles a month');
		sql("INSERT INTO jobs (kind, unique_key, payload, run_at, created_at) VALUES ('div.monthly', 'div.monthly:again:20270331', '2027-03-31', NOW() - INTERVAL 1 DAY, NOW())");
		await runJobs();
		assert.equal(sql("SELECT COUNT(*) FROM journal WHERE kind = 'div.monthly'")[0][0], n, 'paid once');
		// April 1st: moving out is open again (a month on, the session
		// has expired: log in again)
		const c = await loginMember(winners[1].phone);
		const r = await c.post('/member/dividend/move', { direction: 'out', amount: '100' });
		assert.equal(r.status, 200, r.text);
		assert.match(ctl('verify'), /all invariants hold/);
	});

	test('promoter days: each day with a join adds a day', async () => {
		clock('set', '2027-04-01 00:05:00');
		const m = members[0];
		const exp0 = sql(`SELECT expires_at FROM member_roles WHERE member_id = ${m.id} AND role = 'promoter'`)[0][0];
		ctl('credit', m.phone, 'CHANGE', '200.00', '测试入账');
		const c = await loginMember(m.phone);
		assert.equal((await c.post(`/gb/activity/${act}/join`, {})).status, 200);
		assert.equal((await c.post(`/gb/activity/${act}/join`, {})).status, 200, 'a second join the same day');
		const exp = sql(`SELECT DATE_FORMAT(expires_at, '%Y-%m-%d %H:%i') FROM member_roles WHERE member_id = ${m.id} AND role = 'promoter'`);
		assert.deepEqual(exp, [['2027-04-02 00:05']], `expired ${exp0}: a day from now, once for the day`);
	});
});
