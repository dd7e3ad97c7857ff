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
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { promisify } from 'node:util';
import { Client, ctl, readConf, CTL } from '../http/lib.mjs';
import { mixedSetup, mixedLoad, mixedLedger, drawAndCheckGroups, sleep, pick, pidFrom, workersOf } from './mixed_load.mjs';

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

const run = promisify(execFile);

const pidOf = (name) => pidFrom(join(RUN, `${name}.pid`));

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

test('db_tx: a transaction whose connection dies, or whose statement times out on a lock, runs again whole (probe_tx)', () => {
	const out = execFileSync(join(dirname(CTL), 'probe_tx'), { env: process.env, encoding: 'utf8' });
	assert.match(out, /probe_tx: ok/, out);
});

test(`${SECONDS}s of joins, transfers and withdrawals while workers, programs, jobs and mariadbd are killed`, { timeout: (SECONDS + 600) * 1000 }, async () => {
	// --- the members, the activity and the requests ----------------------
	const setup = await mixedSetup(MEMBERS, '全民拼购 崩溃测试');
	const { act } = setup;
	const { reqs, one, send, outcome } = mixedLoad(setup);
	const { keyOf, snapshot, check, retryFailed } = mixedLedger(setup);

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
	const before = snapshot();
	const sent = new Set(reqs.map(keyOf));
	for (const k of before.keys()) assert.ok(sent.has(k), `${k}: a record no request asked for`);
	const failed = reqs.filter((q) => !q.ok);
	let ambiguous = 0;
	for (const q of reqs) {
		const n = check(before, q, 'after the chaos');
		if (!q.ok && n === 1) ambiguous++;
	}
	// full groups a kill left undrawn: the scheduler's gb.expire draws them
	const undrawn = await drawAndCheckGroups(act);
	console.log(`crash: ${undrawn} full group(s) left undrawn by a kill, drawn by the scheduler`);
	assert.match(ctl('verify'), /all invariants hold/, 'ctl verify after the chaos');

	// --- every failed request again, with its key ------------------------
	const replays = await retryFailed(reqs, before, { send, outcome });
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
