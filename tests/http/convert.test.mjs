// B2 conversions: 绿券→零钱 1:1 and 积分→零钱 10:1 (rates are settings),
// exact or refused, through the ledger, idempotent.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createMember, loginMember, ctl, SZ_NANSHAN } from './lib.mjs';

async function member(credits) {
	const m = createMember({ region: SZ_NANSHAN });
	for (const [cur, amt] of Object.entries(credits)) ctl('credit', m.phone, cur, amt, '测试入账');
	m.client = await loginMember(m.phone);
	return m;
}

async function balances(m) {
	return (await m.client.get('/wallet', { json: true })).body.balances;
}

describe('conversions (B2)', () => {
	test('积分→零钱 at 10:1 and 绿券→零钱 at 1:1', async () => {
		const m = await member({ POINTS: '123.40', GREEN: '5.55' });
		const r = await m.client.post('/wallet/convert', { from: 'POINTS', to: 'CHANGE', amount: '123.40' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.conversion.out, '12.34');
		const g = await m.client.post('/wallet/convert', { from: 'GREEN', to: 'CHANGE', amount: '5.55' });
		assert.equal(g.status, 200, g.text);
		const b = await balances(m);
		assert.equal(b.POINTS, '0.00');
		assert.equal(b.GREEN, '0.00');
		assert.equal(b.CHANGE, '17.89');
		const hist = (await m.client.get('/wallet?currency=CHANGE', { json: true })).body.history;
		assert.match(hist[1].memo, /兑换：123\.40 积分 → 12\.34 零钱/);
		assert.match(ctl('verify'), /all invariants hold/);
	});

	test('an amount that would leave a fraction of a fen is refused, not rounded', async () => {
		const m = await member({ POINTS: '10.00' });
		const r = await m.client.post('/wallet/convert', { from: 'POINTS', to: 'CHANGE', amount: '1.05' });
		assert.equal(r.status, 400);
		assert.equal(r.body.error.code, 'inexact');
		assert.match(r.body.error.message, /0\.10 的整数倍/);
		assert.equal((await balances(m)).POINTS, '10.00');
	});

	for (const [name, fields, code] of [
		['a pair without a rate', { from: 'RED', to: 'CHANGE', amount: '1.00' }, 'no_rate'],
		['the reverse direction', { from: 'CHANGE', to: 'POINTS', amount: '1.00' }, 'no_rate'],
		['more than held', { from: 'GREEN', to: 'CHANGE', amount: '2.01' }, 'insufficient'],
		['zero', { from: 'GREEN', to: 'CHANGE', amount: '0' }, null],
		['an unknown currency', { from: 'XYZ', to: 'CHANGE', amount: '1.00' }, 'invalid'],
	]) {
		test(`converting ${name} is refused and changes nothing`, async () => {
			const m = await member({ GREEN: '2.00', RED: '5.00' });
			const r = await m.client.post('/wallet/convert', fields);
			assert.equal(r.status, 400, r.text);
			if (code) assert.equal(r.body.error.code, code);
			const b = await balances(m);
			assert.equal(b.GREEN, '2.00');
			assert.equal(b.RED, '5.00');
			assert.equal(b.CHANGE, '0.00');
		});
	}

	test('the same Idempotency-Key converts once', async () => {
		const m = await member({ GREEN: '10.00' });
		const h = { 'Idempotency-Key': 'c-' + Math.random().toString(36).slice(2) };
		const f = { from: 'GREEN', to: 'CHANGE', amount: '4.00' };
		const r1 = await m.client.post('/wallet/convert', f, { headers: h });
		const r2 = await m.client.post('/wallet/convert', f, { headers: h });
		assert.equal(r1.body.conversion.entry, r2.body.conversion.entry);
		assert.equal(r2.body.conversion.replayed, true);
		assert.equal((await balances(m)).CHANGE, '4.00');
	});

	test('a browser confirms first; nothing moves before', async () => {
		const m = await member({ POINTS: '20.00' });
		const r = await m.client.post('/wallet/convert', { from: 'POINTS', to: 'CHANGE', amount: '20.00' }, { json: false });
		assert.equal(r.status, 200);
		assert.match(r.text, /确认兑换/);
		assert.match(r.text, /2\.00 零钱/);
		assert.equal((await balances(m)).POINTS, '20.00');
	});
});
