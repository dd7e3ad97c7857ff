// 64-way concurrent transfers back and forth among a handful of members:
// no deadlock escapes to the user, totals are unchanged, verify holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMembers, loginMember, ctl, SZ_NANSHAN } from './lib.mjs';

test('64 concurrent workers, 2000 transfers among 6 members: money is conserved', async () => {
	const members = [];
	for (const m of await createMembers(6, { region: SZ_NANSHAN, credit: { CHANGE: '1000.00' }, memo: '并发测试入账' })) {
		m.client = await loginMember(m.phone);
		members.push(m);
	}
	let next = 0, ok = 0, insufficient = 0;
	const other = [];
	const t0 = Date.now();
	async function worker() {
		while (next < 2000) {
			next++;
			const a = members[Math.floor(Math.random() * members.length)];
			let b = a;
			while (b === a) b = members[Math.floor(Math.random() * members.length)];
			const amount = (1 + Math.floor(Math.random() * 5000)) / 100;
			const r = await a.client.post('/wallet/transfer',
				{ to: String(b.id), currency: 'CHANGE', amount: amount.toFixed(2) });
			if (r.status === 200) ok++;
			else if (r.status === 400 && r.body.error.code === 'insufficient') insufficient++;
			else other.push(`${r.status} ${r.text.slice(0, 120)}`);
		}
	}
	await Promise.all(Array.from({ length: 64 }, worker));
	const ms = Date.now() - t0;
	console.log(`# transfers: ${ok} ok, ${insufficient} insufficient, ${other.length} other, ${ms} ms`);
	assert.deepEqual(other, [], 'no request failed for any reason but funds');
	let total = 0;
	for (const m of members) {
		const w = await m.client.get('/wallet', { json: true });
		total += Math.round(Number(w.body.balances.CHANGE) * 100);
	}
	assert.equal(total, 6 * 100000, 'the six balances still add up to 6000.00');
	assert.match(ctl('verify'), /all invariants hold/);
});
