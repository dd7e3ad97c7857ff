// The mixed load of the crash and scale tests, and the check that follows
// it: members join a public group-buy, transfer and apply for withdrawals,
// each request with its idempotency key; afterwards every request answered
// with success is in the database exactly once, with the id it answered,
// and complete (journal entry with both postings, seat with its stake,
// withdrawal with its freeze), and a failed one left nothing or the whole
// record (it died after its COMMIT).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createMembers, loginMember, ctl, CTL, sql, bindPayout } from '../http/lib.mjs';

// the first pid in a pid file, when it runs; else 0
export function pidFrom(file) {
	try {
		const p = Number(readFileSync(file, 'utf8').trim().split(/\s+/)[0]);
		return p > 0 && existsSync(`/proc/${p}`) ? p : 0;
	} catch { return 0; }
}

// a prefork master's workers (its children)
export function workersOf(master) {
	try {
		return readFileSync(`/proc/${master}/task/${master}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
	} catch { return []; }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const pick = (a) => a[Math.floor(Math.random() * a.length)];
const money = (cents) => (cents / 100).toFixed(2);
const preset = JSON.parse(readFileSync(new URL('../../etc/presets/quanmin.json', import.meta.url), 'utf8'));

function importActivity(config) {
	const f = join(mkdtempSync(join(tmpdir(), 'crash-')), 'a.json');
	writeFileSync(f, JSON.stringify(config));
	return Number(ctl('activity-import', f));
}

// n members with 零钱, logged in, and a public activity of the quanmin
// preset named name: { act, members, ids }
export async function mixedSetup(n, name) {
	const act = importActivity({ ...preset, name, products: [] });
	const members = [];
	for (const m of await createMembers(n, { credit: { CHANGE: '100000.00' }, memo: `${name}入账` })) {
		m.client = await loginMember(m.phone);
		await bindPayout(m.client);	// a withdrawal needs a payout account (B5)
		m.csrf = await m.client.csrfFor('/wallet');
		members.push(m);
	}
	return { act, members, ids: members.map((m) => m.id).join(',') };
}

// The requests: one() sends a random one and records it in reqs; send()
// sends one again (same key); outcome() reads its answer.
export function mixedLoad({ act, members }) {
	const reqs = [];
	async function send(m, op, fields) {
		const path = op === 'join' ? `/gb/activity/${act}/join` : op === 'transfer' ? '/wallet/transfer' : '/wallet/withdraw';
		try {
			return await m.client.post(path, fields, { csrf: m.csrf });
		} catch (e) {
			return { status: 0, body: null, text: String(e.cause?.code || e.message) };
		}
	}
	function outcome(q, r) {
		const ok = r.status === 200 && r.body?.ok === true;
		if (ok && q.op === 'join') q.got = { group: r.body.group.id, seat: r.body.seat, replayed: r.body.replayed };
		if (ok && q.op === 'transfer') q.got = { entry: r.body.transfer.entry, replayed: r.body.transfer.replayed };
		if (ok && q.op === 'withdraw') q.got = { id: r.body.withdrawal.id, replayed: r.body.withdrawal.replayed };
		return ok;
	}
	async function one() {
		const m = pick(members), op = pick(['join', 'transfer', 'transfer', 'withdraw']);
		const q = { op, member: m, key: randomUUID(), status: 0, at: Date.now() };
		if (op === 'join') q.fields = { idem: q.key };
		if (op === 'transfer') {
			let to = m;
			while (to === m) to = pick(members);
			q.to = to.id;
			q.cents = 1 + Math.floor(Math.random() * 500);
			q.fields = { to: String(to.id), currency: 'CHANGE', amount: money(q.cents), idem: q.key };
		}
		if (op === 'withdraw') {
			q.cents = 100 + Math.floor(Math.random() * 200);
			q.fields = { amount: money(q.cents), idem: q.key };
		}
		const r = await send(m, op, q.fields);
		q.status = r.status;
		q.ok = outcome(q, r);
		if (!q.ok) q.error = r.body?.error?.code || r.text?.slice(0, 80);
		reqs.push(q);
	}
	return { reqs, one, send, outcome };
}

// What the database holds for the requests: snapshot() reads it, check()
// holds one request against it (returns how many records it has).
export function mixedLedger({ act, ids }) {
	const keyOf = (q) => `${{ join: 'gb', transfer: 'transfer', withdraw: 'withdraw' }[q.op]}:${q.member.id}:${q.key}`;
	function snapshot() {
		const by = new Map();
		const add = (k, v) => { if (!by.has(k)) by.set(k, []); by.get(k).push(v); };
		// transfers: the journal entry under the key, its postings
		for (const [k, id, n, sum, abs] of sql(`SELECT j.idem_key, j.id, COUNT(p.id), COALESCE(SUM(p.amount), 0),
			COALESCE(SUM(ABS(p.amount)), 0) FROM journal j LEFT JOIN postings p ON p.entry_id = j.id
			WHERE j.kind = 'transfer' AND j.member_id IN (${ids}) GROUP BY j.id`))
			add(k, { id: Number(id), complete: n === '2' && sum === '0', cents: Number(abs) / 2 });
		// withdrawals: the row under the key and its freeze (main → frozen)
		for (const [k, id, amount, n, legs] of sql(`SELECT w.idem_key, w.id, w.amount,
			(SELECT COUNT(*) FROM journal j WHERE j.idem_key = CONCAT('withdraw.apply:', w.id)),
			(SELECT GROUP_CONCAT(a.kind, ':', p.amount ORDER BY a.kind) FROM journal j JOIN postings p ON p.entry_id = j.id
			 JOIN accounts a ON a.id = p.account_id WHERE j.idem_key = CONCAT('withdraw.apply:', w.id))
			FROM withdrawals w WHERE w.member_id IN (${ids})`))
			add(k, { id: Number(id), cents: Number(amount), complete: n === '1' && legs === `frozen:${amount},main:-${amount}` });
		// seats: the seat under the key and its stake (member → escrow)
		for (const [k, g, seat, n, sum] of sql(`SELECT s.idem_key, s.group_id, s.seat_no,
			(SELECT COUNT(*) FROM journal j WHERE j.idem_key = CONCAT('gb.stake:', s.group_id, ':', s.seat_no)),
			(SELECT GROUP_CONCAT(p.amount ORDER BY p.amount) FROM journal j JOIN postings p ON p.entry_id = j.id
			 WHERE j.idem_key = CONCAT('gb.stake:', s.group_id, ':', s.seat_no))
			FROM gb_seats s WHERE s.activity_id = ${act} AND s.platform = FALSE`))
			add(k, { group: Number(g), seat: Number(seat), complete: n === '1' && sum === '-10000,10000' });
		return by;
	}
	function check(by, q, when) {
		const rows = by.get(keyOf(q)) || [];
		const what = `${q.op} ${q.key} (answered ${q.status}${q.error ? ' ' + q.error : ''}) ${when}`;
		assert.ok(rows.length <= 1, `${what}: ${rows.length} records`);
		if (rows.length === 1) {
			assert.ok(rows[0].complete, `${what}: incomplete record ${JSON.stringify(rows[0])}`);
			if (q.cents !== undefined) assert.equal(rows[0].cents, q.cents, `${what}: amount`);
		}
		if (!q.ok) return rows.length;
		assert.equal(rows.length, 1, `${what}: answered success, but no record`);
		if (q.op === 'transfer') assert.equal(rows[0].id, q.got.entry, `${what}: the entry it answered`);
		if (q.op === 'withdraw') assert.equal(rows[0].id, q.got.id, `${what}: the withdrawal it answered`);
		if (q.op === 'join') assert.deepEqual([rows[0].group, rows[0].seat], [q.got.group, q.got.seat], `${what}: the seat it answered`);
		return 1;
	}
	// Sends every failed request of reqs again with its key: each must
	// succeed, as a replay exactly when before (a snapshot) had its record;
	// then every request has its one record, and none more. Returns how
	// many were replays.
	async function retryFailed(reqs, before, { send, outcome }) {
		let replays = 0;
		for (const q of reqs.filter((x) => !x.ok)) {
			const r = await send(q.member, q.op, q.fields);
			const had = (before.get(keyOf(q)) || []).length;
			assert.ok(outcome(q, r), `${q.op} ${q.key} sent again: ${r.status} ${r.text?.slice(0, 200)}`);
			q.ok = true;
			assert.equal(q.got.replayed, had === 1, `${q.op} ${q.key} sent again: replayed exactly when it had been done`);
			if (q.got.replayed) replays++;
		}
		const after = snapshot();
		for (const q of reqs) assert.equal(check(after, q, 'after the retries'), 1);
		assert.equal([...after.keys()].length, reqs.length, 'one record per request, none more');
		return replays;
	}
	return { keyOf, snapshot, check, retryFailed };
}

// A worker killed between a last seat's commit and its group's draw (the
// draw is its own transaction) leaves the group full and undrawn: the
// scheduler's gb.expire job (every minute) draws it. Runs one now; checks
// every group (every seat counted once, full groups drawn). Returns how
// many full groups were undrawn.
export async function drawAndCheckGroups(act) {
	const undrawn = Number(sql(`SELECT COUNT(*) FROM gb_groups WHERE activity_id = ${act}
		AND status = 'open' AND taken >= seats`)[0][0]);
	sql(`INSERT INTO jobs (kind, unique_key, run_at, created_at) VALUES ('gb.expire', 'gb.expire:crash-${randomUUID()}', NOW(), NOW())`);
	for (let i = 0; i < 50; i++) {
		execFileSync(join(dirname(CTL), 'jobs'), ['--once'], { env: process.env, stdio: 'ignore' });
		if (sql(`SELECT COUNT(*) FROM jobs WHERE kind = 'gb.expire' AND status = 'due' AND run_at <= NOW()`)[0][0] === '0') break;
		await sleep(100);
	}
	for (const [id, status, taken, seats, n] of sql(`SELECT g.id, g.status, g.taken, g.seats,
		(SELECT COUNT(*) FROM gb_seats s WHERE s.group_id = g.id) FROM gb_groups g WHERE g.activity_id = ${act}`)) {
		assert.equal(taken, n, `group ${id}: taken = its seats`);
		assert.ok(status === 'open' ? Number(taken) < Number(seats) : status === 'drawn' && taken === seats,
			`group ${id}: ${status} with ${taken} of ${seats}`);
	}
	return undrawn;
}
