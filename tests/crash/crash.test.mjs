// Crash safety (issue 7): many members join a public group-buy, transfer
// and apply for withdrawals at once while FastCGI workers are killed with
// SIGKILL every fraction of a second, now and then a whole program (its
// master), the jobs daemon, and mariadbd — with SIGKILL and with a clean
// SIGTERM shutdown, in turn. Nothing but the stack's own supervision
// brings them back. Afterwards:
//   - ctl verify holds (the ledger balances, every draw verifies);
//   - every request answered with success is in the database exactly once,
//     with the id it answered, and complete (journal entry with both
//     postings, seat with its stake, withdrawal with its freeze);
//   - a request answered with failure left nothing, or (it died after its
//     COMMIT) the complete record; sent again with its idempotency key it
//     succeeds once: a replay of that record, or the one new record;
//   - every program again has its workers, jobs and mariadbd run, pages load.
// Before it, probe_tx (tests/crash/probe_tx.c) breaks two transactions on
// purpose; after it, a program is killed to see nginx's 502 page and JSON.
// Runs alone and last (etc/test-stack.sh): it restarts mariadbd under
// everyone. CRASH_SECONDS (default 40) is how long the chaos lasts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { Client, createMembers, loginMember, ctl, readConf, CTL, sql, bindPayout } from '../http/lib.mjs';

const SECONDS = Number(process.env.CRASH_SECONDS || 40);
const MEMBERS = 24;
const LOAD = 16; // requests in flight at any time
const WORKERS = Number(process.env.FCGI_PROCS || 4);
const PROGRAMS = ['wallet', 'groupbuy', 'member', 'admin', 'shop', 'merchant'];
// where the chaos strikes: mostly the programs under load
const TARGETS = ['wallet', 'wallet', 'wallet', 'groupbuy', 'groupbuy', 'groupbuy', 'member', 'admin', 'shop', 'merchant'];
const STACK = new URL('../../etc/stack.sh', import.meta.url).pathname;

const VAR = readConf().var;
const RUN = join(VAR, 'run');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pick = (a) => a[Math.floor(Math.random() * a.length)];
const run = promisify(execFile);

function pidOf(name) {
	try {
		const p = Number(readFileSync(join(RUN, `${name}.pid`), 'utf8').trim().split(/\s+/)[0]);
		return p > 0 && existsSync(`/proc/${p}`) ? p : 0;
	} catch { return 0; }
}

function workersOf(master) {
	try {
		return readFileSync(`/proc/${master}/task/${master}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
	} catch { return []; }
}

function kill(pid, sig) {
	try { process.kill(pid, sig); return true; } catch { return false; }
}

// The database answers (async: the load keeps running meanwhile).
async function dbUp() {
	try {
		await run('mariadb', [`--defaults-file=${join(VAR, 'my.cnf')}`, '-e', 'SELECT 1'], { timeout: 5000 });
		return true;
	} catch { return false; }
}

function stackStatus() {
	try {
		return { rc: 0, out: execFileSync(STACK, ['status'], { env: { ...process.env, VAR }, encoding: 'utf8' }) };
	} catch (e) {
		return { rc: e.status, out: String(e.stdout) };
	}
}

function importActivity(config) {
	const f = join(mkdtempSync(join(tmpdir(), 'crash-')), 'a.json');
	writeFileSync(f, JSON.stringify(config));
	return Number(ctl('activity-import', f));
}

const money = (cents) => (cents / 100).toFixed(2);
const preset = JSON.parse(readFileSync(new URL('../../etc/presets/quanmin.json', import.meta.url), 'utf8'));

test('db_tx: a transaction whose connection dies, or whose statement times out on a lock, runs again whole (probe_tx)', () => {
	const out = execFileSync(join(dirname(CTL), 'probe_tx'), { env: process.env, encoding: 'utf8' });
	assert.match(out, /probe_tx: ok/, out);
});

test(`${SECONDS}s of joins, transfers and withdrawals while workers, programs, jobs and mariadbd are killed`, { timeout: (SECONDS + 600) * 1000 }, async () => {
	// --- the members and the activity ------------------------------------
	const act = importActivity({ ...preset, name: '全民拼购 崩溃测试', products: [] });
	const members = [];
	for (const m of await createMembers(MEMBERS, { credit: { CHANGE: '100000.00' }, memo: '崩溃测试入账' })) {
		m.client = await loginMember(m.phone);
		m.csrf = await m.client.csrfFor('/wallet');
		await bindPayout(m.client);
		members.push(m);
	}
	const ids = members.map((m) => m.id).join(',');

	// --- the requests ----------------------------------------------------
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
		const q = { op, member: m, key: randomUUID(), status: 0 };
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

	// --- the chaos -------------------------------------------------------
	// (the logs so far: the figures count what is written from here on)
	const logOf = (name) => join(VAR, 'log', `${name}.log`);
	const logAt = Object.fromEntries([...PROGRAMS, 'supervise'].map((n) => [n, existsSync(logOf(n)) ? statSync(logOf(n)).size : 0]));
	const newLog = (name) => readFileSync(logOf(name)).subarray(logAt[name]).toString('utf8');
	const chaos = { workers: 0, masters: 0, jobs: 0, dbKill: 0, dbTerm: 0 };
	const t0 = Date.now(), until = t0 + SECONDS * 1000;
	async function load() {
		while (Date.now() < until) await one();
	}
	async function havoc() {
		let nextDb = t0 + 5000, nextMaster = t0 + 8000, nextJobs = t0 + 12000, dbTurn = 0;
		while (Date.now() < until) {
			await sleep(150 + Math.random() * 450);
			const master = pidOf(pick(TARGETS));
			const w = master ? workersOf(master) : [];
			if (w.length && kill(pick(w), 'SIGKILL')) chaos.workers++;
			const now = Date.now();
			if (now >= nextMaster) {
				const p = pidOf(pick(['wallet', 'groupbuy']));
				if (p && kill(p, 'SIGKILL')) chaos.masters++;
				nextMaster = now + 9000 + Math.random() * 4000;
			}
			if (now >= nextJobs) {
				const p = pidOf('jobs');
				if (p && kill(p, 'SIGKILL')) chaos.jobs++;
				nextJobs = now + 20000;
			}
			// one mariadbd restart at a time: the next once it answers again
			if (now >= nextDb && now < until - 4000 && await dbUp()) {
				const p = pidOf('mysqld');
				const sig = dbTurn++ % 2 ? 'SIGTERM' : 'SIGKILL';
				if (p && kill(p, sig)) chaos[sig === 'SIGKILL' ? 'dbKill' : 'dbTerm']++;
				nextDb = Date.now() + 7000 + Math.random() * 3000;
			}
		}
	}
	await Promise.all([havoc(), ...Array.from({ length: LOAD }, load)]);
	const chaosMs = Date.now() - t0;

	// --- the stack comes back by itself ----------------------------------
	let st, back = false;
	for (let i = 0; i < 240 && !back; i++) {
		st = stackStatus();
		back = st.rc === 0 && PROGRAMS.every((p) => pidOf(p) && workersOf(pidOf(p)).length === WORKERS) &&
			pidOf('jobs') > 0 && await dbUp();
		if (!back) await sleep(250);
	}
	assert.ok(back, `the stack did not come back within 60s:\n${st.out}`);
	for (const p of PROGRAMS)
		assert.equal(workersOf(pidOf(p)).length, WORKERS, `${p}: ${WORKERS} workers again`);
	const home = await new Client().get('/');
	assert.equal(home.status, 200, 'the home page loads');

	// --- what the database holds -----------------------------------------
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

	const before = snapshot();
	const sent = new Set(reqs.map(keyOf));
	for (const k of before.keys()) assert.ok(sent.has(k), `${k}: a record no request asked for`);
	const failed = reqs.filter((q) => !q.ok);
	let ambiguous = 0;
	for (const q of reqs) {
		const n = check(before, q, 'after the chaos');
		if (!q.ok && n === 1) ambiguous++;
	}
	// A worker killed between a last seat's commit and its group's draw (the
	// draw is its own transaction) leaves the group full and undrawn: the
	// scheduler's gb.expire job (every minute) draws it. Run one now.
	const undrawn = Number(sql(`SELECT COUNT(*) FROM gb_groups WHERE activity_id = ${act}
		AND status = 'open' AND taken >= seats`)[0][0]);
	sql(`INSERT INTO jobs (kind, unique_key, run_at, created_at) VALUES ('gb.expire', 'gb.expire:crash-${randomUUID()}', NOW(), NOW())`);
	for (let i = 0; i < 50; i++) {
		execFileSync(join(dirname(CTL), 'jobs'), ['--once'], { env: process.env, stdio: 'ignore' });
		if (sql(`SELECT COUNT(*) FROM jobs WHERE kind = 'gb.expire' AND status = 'due' AND run_at <= NOW()`)[0][0] === '0') break;
		await new Promise((r) => setTimeout(r, 100));
	}
	console.log(`crash: ${undrawn} full group(s) left undrawn by a kill, drawn by the scheduler`);
	// the groups: every seat counted once, full groups drawn
	for (const [id, status, taken, seats, n] of sql(`SELECT g.id, g.status, g.taken, g.seats,
		(SELECT COUNT(*) FROM gb_seats s WHERE s.group_id = g.id) FROM gb_groups g WHERE g.activity_id = ${act}`)) {
		assert.equal(taken, n, `group ${id}: taken = its seats`);
		assert.ok(status === 'open' ? Number(taken) < Number(seats) : status === 'drawn' && taken === seats,
			`group ${id}: ${status} with ${taken} of ${seats}`);
	}
	assert.match(ctl('verify'), /all invariants hold/, 'ctl verify after the chaos');

	// --- every failed request again, with its key ------------------------
	let replays = 0;
	for (const q of failed) {
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
	assert.match(ctl('verify'), /all invariants hold/, 'ctl verify after the retries');

	// --- figures ----------------------------------------------------------
	const restarts = PROGRAMS.reduce((n, p) => n + (newLog(p).match(/prefork: worker \d+ replaces/g) || []).length, 0);
	const supStarts = (newLog('supervise').match(/is not running: starting it/g) || []).length;
	const byStatus = {};
	for (const q of failed) byStatus[`${q.status} ${q.error}`] = (byStatus[`${q.status} ${q.error}`] || 0) + 1;
	const perOp = {};
	for (const q of reqs) {
		const o = perOp[q.op] ||= { sent: 0, ok: 0 };
		o.sent++;
		if (!failed.includes(q)) o.ok++;
	}
	console.log(`# ${(chaosMs / 1000).toFixed(1)}s of chaos: ${reqs.length} requests, ${reqs.length - failed.length} succeeded, ` +
		`${failed.length} failed (${Object.entries(byStatus).map(([k, v]) => `${v}× ${k}`).join(', ')}), of which ${ambiguous} had been done (died after COMMIT)`);
	console.log(`# per operation (sent/succeeded): ${Object.entries(perOp).map(([k, v]) => `${k} ${v.sent}/${v.ok}`).join(', ')}`);
	console.log(`# killed: ${chaos.workers} workers, ${chaos.masters} masters, jobs ${chaos.jobs}x, mariadbd ${chaos.dbKill}x SIGKILL + ` +
		`${chaos.dbTerm}x SIGTERM; workers re-forked by their masters: ${restarts}; started again by the supervisor: ${supStarts}`);
	console.log(`# failed requests sent again: ${failed.length}, all succeeded, ${replays} as replays`);

	assert.ok(chaos.workers >= SECONDS, `workers were killed (${chaos.workers})`);
	assert.ok(chaos.dbKill >= 1 && chaos.dbTerm >= 1, 'mariadbd was killed and stopped');
	// (a worker killed twice before its master reaped it, or one whose
	// master was killed too, is replaced once or by the supervisor)
	assert.ok(restarts >= chaos.workers / 2, `killed workers were replaced (${restarts})`);
	for (const op of ['join', 'transfer', 'withdraw']) assert.ok(perOp[op]?.ok > 0, `some ${op} succeeded`);
	const odd = failed.filter((q) => ![502, 503, 504].includes(q.status));
	assert.deepEqual(odd.map((q) => `${q.op} ${q.status} ${q.error}`), [], 'failures are 502/503/504 only');
	assert.ok(failed.filter((q) => q.status === 502).every((q) => q.error === 'unavailable'),
		'nginx answered the JSON clients JSON');
});

test('while a program is away nginx answers 502 with a Chinese page, or JSON to a JSON client', async () => {
	const master = pidOf('shop');
	assert.ok(master > 0);
	kill(master, 'SIGKILL'); // its workers follow it; the supervisor starts it again within a second or two
	let page, json;
	for (let i = 0; i < 100 && !(page && json); i++) {
		const p = await new Client().get('/shop', { json: false, headers: { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
		const j = await new Client().request('POST', '/shop/order', { headers: { Accept: 'application/json' }, body: 'x=1',
			contentType: 'application/x-www-form-urlencoded' });
		if (p.status === 502) page = p;
		if (j.status === 502) json = j;
		await sleep(20);
	}
	assert.ok(page && json, 'a 502 for both while shop.fcgi was down');
	assert.match(page.headers.get('content-type'), /^text\/html/);
	assert.match(page.text, /服务正在重启，请稍后刷新/);
	assert.equal(page.headers.get('cache-control'), 'no-store');
	assert.match(json.headers.get('content-type'), /^application\/json/);
	assert.equal(json.body.ok, false);
	assert.equal(json.body.error.code, 'unavailable');
	assert.match(json.body.error.message, /服务正在重启/);
	let back = false;
	for (let i = 0; i < 120 && !back; i++) {
		back = pidOf('shop') > 0 && pidOf('shop') !== master && workersOf(pidOf('shop')).length === WORKERS &&
			(await new Client().get('/shop')).status === 200;
		if (!back) await sleep(250);
	}
	assert.ok(back, 'shop.fcgi is back, started again by the supervisor');
});
