// test-stack: serial (adds an account on purpose for ctl verify to find); runs alone, before the files that run at once
// Slotted system accounts under load: 200 concurrent recharge callbacks
// for 50 members all post against the 零钱 issuing account; the entries
// spread over its slots instead of queueing on one row, nothing is lost,
// and verify holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createMembers, loginMember, ctl, sql } from './lib.mjs';

test('200 concurrent recharges spread over the issuing account\'s slots', async () => {
	const members = [];
	for (const m of await createMembers(50)) {
		m.client = await loginMember(m.phone);
		members.push(m);
	}
	const pays = [];
	for (let i = 0; i < 200; i++) {
		const m = members[i % 50];
		const r = await m.client.post('/wallet/recharge', { amount: '1.00' });
		assert.equal(r.status, 200, r.text);
		const p = await m.client.get(r.body.pay_url, { json: true });
		pays.push(p.body.recharge);
	}
	const before = Number(sql("SELECT COUNT(*) FROM postings p JOIN accounts a ON a.id = p.account_id WHERE a.owner_type = 'system' AND a.kind = 'issue' AND a.currency = 'CHANGE'")[0][0]);
	const t0 = Date.now();
	const rs = await Promise.all(pays.map((rc) => new Client().post('/wallet/recharge/notify/sandbox',
		{ trade_no: rc.trade_no, amount: rc.amount, status: 'paid', sig: rc.sig }, { csrf: false })));
	const ms = Date.now() - t0;
	assert.ok(rs.every((r) => r.status === 200), rs.filter((r) => r.status !== 200).map((r) => r.text).join('\n'));
	const slots = sql("SELECT a.slot, COUNT(*) FROM postings p JOIN accounts a ON a.id = p.account_id WHERE a.owner_type = 'system' AND a.kind = 'issue' AND a.currency = 'CHANGE' GROUP BY a.slot ORDER BY a.slot");
	const after = slots.reduce((n, [, c]) => n + Number(c), 0);
	console.log(`# 200 recharge callbacks in ${ms} ms; issue/CHANGE postings per slot: ${slots.map(([s, c]) => `${s}:${c}`).join(' ')}`);
	assert.equal(after - before, 200, 'one issuing posting per recharge');
	assert.ok(slots.length >= 12, `entries use most of the 16 slots (${slots.length})`);
	for (const m of members) {
		const w = await m.client.get('/wallet', { json: true });
		assert.equal(w.body.balances.CHANGE, '4.00');
	}
	assert.match(ctl('verify'), /all invariants hold/);
});

test('verify fails when a non-issuing system account sums below zero', async () => {
	sql("INSERT INTO accounts (owner_type, owner_id, kind, currency, slot, balance, may_go_negative) "
		+ "VALUES ('system', 0, 'verify_probe', 'CHANGE', 0, -1, TRUE)");
	try {
		let out = '';
		assert.throws(() => ctl('verify'), (err) => {
			out = String(err.stdout || '') + String(err.message || '');
			return true;
		});
		assert.match(out, /system account verify_probe CHANGE: slots sum to -1/);
	} finally {
		sql("DELETE FROM accounts WHERE kind = 'verify_probe'");
	}
	assert.match(ctl('verify'), /all invariants hold/);
});
