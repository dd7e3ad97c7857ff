// The ledger's paths only a database shows (tests/ledger/test_ledger_db.c,
// cmocka, run here against the test stack's database): a batch meeting an
// entry posted before, a batch or a two-leg entry that would overdraw a
// member, a batch's net-movement funds check, and accounts first used by
// a transaction that rolls back. ctl verify holds afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { CTL, PINTUAN_CONF, createMember, ctl, sql } from './lib.mjs';

test('ledger against the database: duplicates, overdrafts, net movement, rolled-back accounts (test_ledger_db)', () => {
	const ms = [createMember(), createMember(), createMember()];
	for (const m of ms) ctl('credit', m.phone, 'CHANGE', '100.00', '测试入账');
	let out;
	try {
		out = execFileSync(join(dirname(CTL), 'test_ledger_db'), ms.map((m) => String(m.id)), {
			env: { ...process.env, PINTUAN_CONF }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
		});
	} catch (e) {
		assert.fail(`test_ledger_db failed:\n${e.stdout}\n${e.stderr}`);
	}
	assert.equal(out.match(/^\[ +OK \]/gm)?.length, 7, out);
	// what it left, in fen: the first member paid 10.00 + 20.00 into the
	// probe account, the second ends as it began, the third paid 1.00 for
	// each of the two system accounts it created
	const bal = (id, cur) => sql(`SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE owner_type = 'member' AND owner_id = ${id} AND currency = '${cur}'`)[0][0];
	assert.equal(bal(ms[0].id, 'CHANGE'), '7000');
	assert.equal(bal(ms[1].id, 'CHANGE'), '10000');
	assert.equal(bal(ms[2].id, 'CHANGE'), '9800');
	assert.match(ctl('verify'), /all invariants hold/);
});

test('the payout path against the database: every action, reruns, capping, batches (test_payout_db)', () => {
	const ms = [createMember(), createMember(), createMember()];
	for (const m of ms) ctl('credit', m.phone, 'CHANGE', '100.00', '测试入账');
	let out;
	try {
		out = execFileSync(join(dirname(CTL), 'test_payout_db'), ms.map((m) => String(m.id)), {
			env: { ...process.env, PINTUAN_CONF }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
		});
	} catch (e) {
		assert.fail(`test_payout_db failed:\n${e.stdout}\n${e.stderr}`);
	}
	assert.equal(out.match(/^\[ +OK \]/gm)?.length, 4, out);
	// in fen: the first member got 10.00 购物金, released 3.00 of it,
	// converted 10.00 零钱 into 100.00 积分, had 2.00 from the pool and
	// 1.50 + 2.50 from the batch; the others each released the 5.00
	// 购物金 they were given
	const bal = (id, cur) => sql(`SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE owner_type = 'member' AND owner_id = ${id} AND currency = '${cur}'`)[0][0];
	assert.equal(bal(ms[0].id, 'CHANGE'), String(10000 + 300 - 1000 + 200 + 400));
	assert.equal(bal(ms[0].id, 'GOLD'), '700');
	assert.equal(bal(ms[0].id, 'POINTS'), '10000');
	assert.equal(bal(ms[1].id, 'CHANGE'), '10500');
	assert.equal(bal(ms[2].id, 'CHANGE'), '10500');
	assert.match(ctl('verify'), /all invariants hold/);
});
