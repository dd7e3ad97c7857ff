// test-stack: serial (kills an app host and the replica)
// Past one machine (issue 22, J3), in miniature: two app hosts (HOSTS=2:
// two sets of the FastCGI programs behind one nginx upstream per program)
// and a read replica (REPLICA=1). Members join a group-buy, transfer and
// apply for withdrawals (tests/crash/mixed_load.mjs) while others read the
// public lists and their history; meanwhile one whole app host is killed
// (every master and worker, SIGKILL), the replica's server is stopped, and
// later the other host is killed. Afterwards:
//   - every request answered with success is in the ledger exactly once,
//     complete, with the id it answered; ctl verify holds;
//   - only requests in flight on a killed host failed (502), never more
//     than were in flight; reads are sent to the other host by nginx and
//     the replica's reads go to the primary (at most one read a kill may
//     meet nginx's probe of the other host: see below);
//   - a failed request sent again with its key succeeds once;
//   - the replica catches up, and its ledger tables are the primary's
//     (CHECKSUM TABLE);
//   - prints the figures: requests lost per kill, replica lag under load.
// Run by `make test-scale` (etc/test-stack.sh with REPLICA=1 HOSTS=2);
// skipped on a stack without both. SCALE_SECONDS (default 30).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client, ctl, readConf } from '../http/lib.mjs';
import { mixedSetup, mixedLoad, mixedLedger, drawAndCheckGroups, sleep, pick, pidFrom, workersOf } from '../crash/mixed_load.mjs';

const SECONDS = Number(process.env.SCALE_SECONDS || 30);
const MEMBERS = 20;
const LOAD = 12;	// writes in flight at any time
const READERS = 4;	// reads in flight at any time
const WORKERS = Number(process.env.FCGI_PROCS || 4);
const STACK = new URL('../../etc/stack.sh', import.meta.url).pathname;

const conf = readConf();
const VAR = conf.var;
const HOST_RUN = [join(VAR, 'run'), join(VAR, 'run', 'h2')];
const skip = conf.db_replica_socket && existsSync(HOST_RUN[1]) ? false :
	'needs a stack with REPLICA=1 HOSTS=2 (make test-scale)';
const run = promisify(execFile);

// the program masters of app host h (0 or 1): { name: pid }
function mastersOf(h) {
	const out = {};
	for (const f of readdirSync(HOST_RUN[h])) {
		const name = f.replace(/\.pid$/, '');
		if (!f.endsWith('.pid') || ['mysqld', 'mysqld-replica', 'nginx', 'jobs', 'supervise'].includes(name)) continue;
		out[name] = pidFrom(join(HOST_RUN[h], f));
	}
	return out;
}
// SIGKILL every master of host h and its workers (each master leads its
// process group): the host is gone, as if its machine died
function killHost(h) {
	let n = 0;
	for (const pid of Object.values(mastersOf(h))) {
		if (!pid) continue;
		try { process.kill(-pid, 'SIGKILL'); n++; } catch { /* gone */ }
	}
	return n;
}
async function q(cnf, query) {
	const { stdout } = await run('mariadb', [`--defaults-file=${join(VAR, cnf)}`, '--batch', '--skip-column-names',
		'-e', query], { timeout: 5000 });
	return stdout.trim();
}
const seqOf = (gtid) => Math.max(0, ...String(gtid).split(',').filter(Boolean).map((g) => Number(g.split('-')[2])));

test(`${SECONDS}s of mixed load on two app hosts and a replica; one host killed, the replica stopped, the other host killed`,
	{ skip, timeout: (SECONDS + 600) * 1000 }, async () => {
		const setup = await mixedSetup(MEMBERS, '全民拼购 扩展测试');
		const { reqs, one, send, outcome } = mixedLoad(setup);
		const { keyOf, snapshot, check, retryFailed } = mixedLedger(setup);

		// --- reads: public lists (replica) and a member's history -----------
		const reads = { sent: 0, failed: [] };
		async function read() {
			const m = pick(setup.members);
			const [client, path] = pick([[new Client(), '/shop/mall/CARD'], [new Client(), '/gb/'], [m.client, '/wallet']]);
			let status = 0;
			try { status = (await client.get(path)).status; } catch { /* status 0 */ }
			reads.sent++;
			if (status !== 200) reads.failed.push(`${path} ${status}`);
		}

		// --- lag: the replica against the primary, every 250 ms --------------
		// (Seconds_Behind_Master, and how many transactions the replica's
		// GTID position is behind the primary's)
		const lagSamples = [];
		let lagDown = 0;
		async function sampleLag() {
			try {
				const [p, r] = await Promise.all([q('my.cnf', 'SELECT @@gtid_binlog_pos'),
					run('mariadb', [`--defaults-file=${join(VAR, 'my-replica.cnf')}`, '-E', '-e',
						'SHOW SLAVE STATUS; SELECT @@gtid_slave_pos AS slave_pos'], { timeout: 5000 })]);
				const sbm = r.stdout.match(/Seconds_Behind_Master: (\d+)/);
				const pos = r.stdout.match(/slave_pos: (\S*)/);
				lagSamples.push({ at: Date.now(), seconds: sbm ? Number(sbm[1]) : null,
					behind: Math.max(0, seqOf(p) - seqOf(pos ? pos[1] : '')) });
			} catch { lagDown++; }
		}
		function lagFigures(from, to) {
			const xs = lagSamples.filter((x) => x.at >= from && x.at < to);
			const sec = xs.filter((x) => x.seconds !== null).map((x) => x.seconds);
			return { samples: xs.length, maxSecondsBehindMaster: Math.max(0, ...sec),
				maxTransactionsBehind: Math.max(0, ...xs.map((x) => x.behind)),
				meanTransactionsBehind: +(xs.reduce((n, x) => n + x.behind, 0) / Math.max(1, xs.length)).toFixed(2) };
		}

		// --- the events --------------------------------------------------------
		const t0 = Date.now(), until = t0 + SECONDS * 1000;
		const events = [];
		async function chaos() {
			const plan = [[0.2, 'host 2', () => killHost(1)], [0.4, 'replica', () => {
				const p = pidFrom(join(HOST_RUN[0], 'mysqld-replica.pid'));
				return p && process.kill(p, 'SIGTERM') ? 1 : 0;
			}], [0.65, 'host 1', () => killHost(0)]];
			for (const [at, what, fn] of plan) {
				while (Date.now() < t0 + at * SECONDS * 1000) await sleep(50);
				events.push({ what, at: Date.now(), killed: fn() });
			}
		}
		async function sampler() {
			while (Date.now() < until) {
				await sampleLag();
				await sleep(250);
			}
		}
		const loop = (fn) => async () => { while (Date.now() < until) await fn(); };
		await Promise.all([chaos(), sampler(), ...Array.from({ length: LOAD }, loop(one)),
			...Array.from({ length: READERS }, loop(read))]);
		const chaosMs = Date.now() - t0;

		// --- both hosts and the replica come back by themselves --------------
		let st = '', back = false;
		for (let i = 0; i < 240 && !back; i++) {
			try {
				st = execFileSync(STACK, ['status'], { env: { ...process.env, VAR }, encoding: 'utf8' });
				back = [0, 1].every((h) => Object.values(mastersOf(h)).every((p) => p && workersOf(p).length === WORKERS)) &&
					/replica +running .*IO Yes, SQL Yes/.test(st);
			} catch (e) { st = String(e.stdout); }
			if (!back) await sleep(250);
		}
		assert.ok(back, `the hosts and the replica did not come back within 60s:\n${st}`);

		// --- the ledger ----------------------------------------------------------
		const before = snapshot();
		const sent = new Set(reqs.map(keyOf));
		for (const k of before.keys()) assert.ok(sent.has(k), `${k}: a record no request asked for`);
		const failed = reqs.filter((x) => !x.ok);
		let ambiguous = 0;
		for (const x of reqs) if (check(before, x, 'after the load') === 1 && !x.ok) ambiguous++;
		const undrawn = await drawAndCheckGroups(setup.act);
		assert.match(ctl('verify'), /all invariants hold/, 'ctl verify after the load');

		// only what was in flight on a killed host, answered 502
		assert.deepEqual(failed.filter((x) => x.status !== 502).map((x) => `${x.op} ${x.status} ${x.error}`), [],
			'failed writes were 502s (in flight on a killed host) only');
		const hostKills = events.filter((e) => e.what.startsWith('host'));
		assert.ok(failed.length <= LOAD * hostKills.length,
			`${failed.length} writes failed: at most the ${LOAD} in flight per host kill`);
		// A read in flight on a killed host is sent to the other one. Only
		// when that one is itself being probed after a failure of its own
		// (nginx lets one request through after fail_timeout and counts the
		// server down until it answers) does nginx find no live server: 502.
		assert.deepEqual(reads.failed.filter((x) => !/ 502$/.test(x)), [], 'failed reads were 502s only');
		assert.ok(reads.failed.length <= hostKills.length,
			`${reads.failed.length} reads failed: at most one per host kill (${reads.failed.join(', ')})`);

		// every failed request again, with its key: once
		const replays = await retryFailed(reqs, before, { send, outcome });
		assert.match(ctl('verify'), /all invariants hold/, 'ctl verify after the retries');

		// --- the replica caught up holds the same ledger -------------------------
		let p = '', r = '';
		for (let i = 0; i < 600; i++) {
			[p, r] = await Promise.all([q('my.cnf', 'SELECT @@gtid_binlog_pos'), q('my-replica.cnf', 'SELECT @@gtid_slave_pos')]);
			if (p === r) break;
			await sleep(100);
		}
		assert.equal(r, p, 'the replica caught up with the primary');
		const tables = 'pintuan.journal, pintuan.postings, pintuan.accounts, pintuan.withdrawals, pintuan.gb_seats';
		assert.equal(await q('my-replica.cnf', `CHECKSUM TABLE ${tables}`), await q('my.cnf', `CHECKSUM TABLE ${tables}`),
			'the replica\'s ledger tables are the primary\'s');

		// --- figures ---------------------------------------------------------------
		const lost = hostKills.map((e) => `${e.what}: ${failed.filter((x) => x.at <= e.at + 2000 && x.at >= e.at - 10000).length}`);
		const perOp = {};
		for (const x of reqs) {
			const o = perOp[x.op] ||= { sent: 0, ok: 0 };
			o.sent++;
			if (!failed.includes(x)) o.ok++;
		}
		const fig = {
			seconds: +(chaosMs / 1000).toFixed(1), writes: reqs.length, writesFailed: failed.length, ambiguous, replays, undrawn,
			lostPerHostKill: lost, perOp, reads: reads.sent, readsFailed: reads.failed.length,
			killed: events.map((e) => `${e.what} at ${((e.at - t0) / 1000).toFixed(1)}s (${e.killed})`),
			// under load before the replica was stopped; after its restart
			// (catching up); samples that found it down
			lagSteady: lagFigures(t0, events.find((e) => e.what === 'replica').at),
			lagAfterRestart: lagFigures(events.find((e) => e.what === 'replica').at, until + 1),
			lagUnreachable: lagDown,
		};
		console.log(`# scale: ${JSON.stringify(fig)}`);
		if (process.env.SCALE_FIGURES) writeFileSync(process.env.SCALE_FIGURES, JSON.stringify(fig, null, 1));
		for (const op of ['join', 'transfer', 'withdraw']) assert.ok(perOp[op]?.ok > 0, `some ${op} succeeded`);
		assert.equal(hostKills.every((e) => e.killed > 0), true, 'both hosts were killed');
	});
