// tests/bench/report.mjs — the table and build/bench.json of `make bench`
// (tests/bench/run.sh calls it with the wrk results, one JSON line per
// scenario and round).
//
// Writes are divided by the floor F (the floor program's req/s), pages by H
// (hello's); with several rounds each figure is the median, with the range
// beside it. Checks the targets of issue 7 and, after `make bench-long`,
// that no process's RSS grew by more than 1 MB; exits 1 when a target is
// missed and --strict 1 was given, or when RSS grew (always).
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
	options: {
		results: { type: 'string' }, out: { type: 'string' },
		durability: { type: 'string', default: '{}' }, long: { type: 'string', default: 'null' },
		verify: { type: 'string', default: '0' }, seconds: { type: 'string' },
		connections: { type: 'string' }, procs: { type: 'string' }, strict: { type: 'string', default: '0' },
	},
});

const KIND = { floor: 'floor', hello: 'floor', gb_join: 'write', shop_order: 'write', rp_grab: 'write',
	gb_list: 'page', gb_list_visitor: 'page', gb_list_rush: 'page', gb_group: 'page', wallet: 'page',
	queue_order_empty: 'write', queue_order: 'write' };
const ORDER = ['floor', 'hello', 'gb_join', 'gb_list', 'gb_list_visitor', 'gb_group', 'shop_order',
	'wallet', 'rp_grab', 'gb_list_rush', 'queue_order_empty', 'queue_order'];

const rows = readFileSync(opt.results, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const median = (v) => {
	const s = [...v].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round1 = (x) => Math.round(x * 10) / 10;
const round2 = (x) => Math.round(x * 100) / 100;
const errorsOf = (w) => Object.values(w.errors).reduce((a, b) => a + b, 0);
// server CPU (program + mariadbd + nginx workers) per request, µs
const cpuOf = (r) => (r.cpu_ticks !== undefined && r.wrk.requests > 0 ?
	(r.cpu_ticks / r.hz) * 1e6 / r.wrk.requests : NaN);

const byName = new Map();
for (const r of rows) {
	if (!byName.has(r.name)) byName.set(r.name, []);
	byName.get(r.name).push(r);
}
const rounds = Math.max(0, ...rows.map((r) => r.round));
// F and H per round, so each round's ratio uses its own floor
const floorOf = (name, round) => byName.get(name)?.find((r) => r.round === round)?.wrk.rps;
const floorCpu = (name, round) => {
	const r = byName.get(name)?.find((x) => x.round === round);
	return r ? cpuOf(r) : NaN;
};

const results = [];
for (const name of ORDER) {
	const runs = byName.get(name);
	if (!runs) continue;
	const rps = runs.map((r) => r.wrk.rps);
	const ratios = KIND[name] === 'floor' ? [] : runs.map((r) => {
		const f = floorOf(KIND[name] === 'write' ? 'floor' : 'hello', r.round);
		return f ? r.wrk.rps / f : NaN;
	}).filter((x) => !Number.isNaN(x));
	const cpus = runs.map(cpuOf).filter((x) => !Number.isNaN(x));
	const cpuRatios = KIND[name] === 'floor' ? [] : runs.map((r) => floorCpu(KIND[name] === 'write' ?
		'floor' : 'hello', r.round) / cpuOf(r)).filter((x) => !Number.isNaN(x));
	const last = runs[runs.length - 1];
	const maxKb = (a) => Math.max(...a.filter((x) => x !== null));
	results.push({
		name,
		program: last.program,
		rps: round1(median(rps)),
		p50_ms: round2(median(runs.map((r) => r.wrk.p50_ms))),
		p99_ms: round2(median(runs.map((r) => r.wrk.p99_ms))),
		ratio: ratios.length ? round2(median(ratios)) : null,
		cpu_us_per_req: cpus.length ? Math.round(median(cpus)) : null,
		cpu_ratio: cpuRatios.length ? round2(median(cpuRatios)) : null,
		rss_kb_before: maxKb(last.rss_before),
		rss_kb_after: maxKb(last.rss_after),
		requests: runs.reduce((a, r) => a + r.wrk.requests, 0),
		errors: runs.reduce((a, r) => a + errorsOf(r.wrk), 0),
		rps_range: [round1(Math.min(...rps)), round1(Math.max(...rps))],
		p99_range: [round2(Math.min(...runs.map((r) => r.wrk.p99_ms))), round2(Math.max(...runs.map((r) => r.wrk.p99_ms)))],
		ratio_range: ratios.length ? [round2(Math.min(...ratios)), round2(Math.max(...ratios))] : null,
		rss_kb_procs_before: last.rss_before,
		rss_kb_procs_after: last.rss_after,
	});
}

const get = (n) => results.find((r) => r.name === n);
const floor = get('floor'), hello = get('hello');
const durability = JSON.parse(opt.durability || '{}');
const long = JSON.parse(opt.long || 'null');

// --- targets -----------------------------------------------------------------
const targets = [];
const target = (what, ok, detail) => targets.push({ target: what, ok, detail });
if (get('gb_join') && floor) {
	const j = get('gb_join');
	target('group join >= 0.6 F', j.ratio >= 0.6, `${j.ratio} F`);
	target('group join p99 < 50 ms', j.p99_ms < 50, `${j.p99_ms} ms`);
}
if (get('rp_grab') && floor) {
	const g = get('rp_grab');
	target('red-packet grab >= 0.7 F', g.ratio >= 0.7, `${g.ratio} F`);
	target('red-packet grab p99 < 50 ms', g.p99_ms < 50, `${g.p99_ms} ms`);
}
if (get('gb_list_rush') && get('gb_list'))
	target('group list during a grab rush >= 0.5 of quiet', get('gb_list_rush').rps >= 0.5 * get('gb_list').rps,
		`${get('gb_list_rush').rps} vs ${get('gb_list').rps} req/s`);
if (get('gb_list') && hello) target('group list page >= 0.5 H', get('gb_list').ratio >= 0.5, `${get('gb_list').ratio} H`);
if (get('gb_list_visitor') && hello) target('group list page >= 0.5 H (visitor)', get('gb_list_visitor').ratio >= 0.5,
	`${get('gb_list_visitor').ratio} H`);
// the queue's cost does not grow with what waits (issue 15): a mall order
// funding a queue with 100k waiting entitlements, within 10% of the same
// order funding an empty one
if (get('queue_order') && get('queue_order_empty')) {
	const q = get('queue_order').rps / get('queue_order_empty').rps;
	target('queue order, 100k waiting >= 0.9 × empty queue', q >= 0.9, `${round2(q)} (${get('queue_order').rps} / ` +
		`${get('queue_order_empty').rps} req/s)`);
}
for (const r of results) if (r.errors > 0) target(`${r.name}: no errors`, false, `${r.errors} of ${r.requests}`);
target('ctl verify passes', opt.verify === '0', opt.verify === '0' ? 'all invariants hold' : `exit ${opt.verify}`);
let rssOk = true;
if (long) {
	const grew = long.rss_after.map((kb, i) => kb - long.rss_before[i]);
	rssOk = grew.every((d) => Math.abs(d) <= 1024);
	long.rss_kb_growth = grew;
	target(`RSS flat (±1 MB) over ${long.requests} requests of ${long.name}`, rssOk,
		`growth per process: ${grew.map((d) => `${d} kB`).join(', ')}`);
}

// --- table ---------------------------------------------------------------------
// Columns sized to their contents; with several rounds a figure is the
// median with [min–max] after it.
const rng = (v, r) => (rounds > 1 && r && r[0] !== r[1] ? `${v} [${r[0]}–${r[1]}]` : String(v));
const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'ratio', 'CPU µs', 'cpu ratio', 'program',
	'RSS kB before', 'after', 'errors'];
const table = [header];
for (const r of results) {
	const vs = KIND[r.name] === 'write' ? ' F' : KIND[r.name] === 'page' ? ' H' : '';
	table.push([r.name, rng(r.rps, r.rps_range), String(r.p50_ms), rng(r.p99_ms, r.p99_range),
		r.ratio === null ? '' : rng(r.ratio, r.ratio_range) + vs,
		r.cpu_us_per_req === null ? '' : String(r.cpu_us_per_req),
		r.cpu_ratio === null ? '' : r.cpu_ratio + vs, r.program,
		String(r.rss_kb_before), String(r.rss_kb_after), String(r.errors)]);
}
const width = header.map((_, c) => Math.max(...table.map((row) => row[c].length)));
const line = (row) => row.map((cell, c) => (c === 0 || c === 7 ? cell.padEnd(width[c]) :
	cell.padStart(width[c]))).join('  ');
console.log('');
console.log(`make bench: ${opt.seconds}s per scenario at ${opt.connections} connections, ` +
	`${opt.procs} processes per program, ${rounds} round(s)`);
console.log(`durability: innodb_flush_log_at_trx_commit=${durability.innodb_flush_log_at_trx_commit} ` +
	`(flush_method ${durability.innodb_flush_method}, doublewrite ${durability.innodb_doublewrite}, ` +
	`binlog ${durability.log_bin}), MariaDB ${durability.version}`);
console.log(`F (floor, durable 2-row tx) = ${floor ? rng(floor.rps, floor.rps_range) : '—'} req/s; ` +
	`H (hello) = ${hello ? rng(hello.rps, hello.rps_range) : '—'} req/s`);
console.log('');
for (const row of table) console.log(line(row));
console.log('');
console.log('RSS kB of each process, before → after (last round):');
for (const r of results)
	console.log(`  ${r.name.padEnd(width[0])}  ${r.program.padEnd(8)}  ${r.rss_kb_procs_before.join(' ')} → ` +
		`${r.rss_kb_procs_after.join(' ')}`);
console.log('');
console.log('ratio: req/s over F (writes) or H (pages). CPU µs: server CPU per request (the program,');
console.log('mariadbd, nginx workers); cpu ratio: F\'s or H\'s CPU per request over the scenario\'s, the');
console.log('ratio a quiet CPU-bound machine would show. RSS: the largest of the program\'s processes.');
console.log('');
for (const t of targets) console.log(`${t.ok ? 'PASS' : 'MISS'}  ${t.target}: ${t.detail}`);
console.log('');

const out = {
	floor_rps: floor ? floor.rps : null,
	hello_rps: hello ? hello.rps : null,
	seconds: Number(opt.seconds), connections: Number(opt.connections), procs: Number(opt.procs), rounds,
	durability,
	results: results.filter((r) => KIND[r.name] !== 'floor'),
	floors: results.filter((r) => KIND[r.name] === 'floor'),
	long,
	targets,
};
writeFileSync(opt.out, JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${opt.out}`);

const missed = targets.filter((t) => !t.ok && !t.target.startsWith('RSS') && !t.target.startsWith('ctl'));
if (!rssOk) process.exit(1);
if (opt.strict === '1' && missed.length) process.exit(1);
