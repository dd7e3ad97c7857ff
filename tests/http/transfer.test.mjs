// B3 transfers through the ledger: confirmation for browsers, idempotency,
// role restrictions, and refusals that change nothing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createMember, loginMember, ctl, SZ_NANSHAN } from './lib.mjs';

async function funded(amount = '100.00', opts = {}) {
	const m = createMember({ region: SZ_NANSHAN, ...opts });
	if (amount) ctl('credit', m.phone, 'CHANGE', amount, '测试入账');
	m.client = await loginMember(m.phone);
	return m;
}

async function balance(m, cur = 'CHANGE') {
	const w = await m.client.get('/wallet', { json: true });
	return w.body.balances[cur];
}

describe('transfers (B3)', () => {
	test('a JSON client transfers by member ID; both balances move, verify holds', async () => {
		const a = await funded('100.00');
		const b = await funded(null);
		const r = await a.client.post('/wallet/transfer', { to: String(b.id), currency: 'CHANGE', amount: '12.34' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.ok, true);
		assert.equal(r.body.transfer.to, b.id);
		assert.match(r.body.transfer.to_phone, /^\d{3}\*{4}\d{4}$/);
		assert.equal(await balance(a), '87.66');
		assert.equal(await balance(b), '12.34');
		const hist = await b.client.get('/wallet', { json: true });
		assert.match(hist.body.history[0].memo, new RegExp(`会员 ${a.id} → 会员 ${b.id}`));
		assert.match(ctl('verify'), /all invariants hold/);
	});

	test('the same Idempotency-Key twice pays once and returns the same result', async () => {
		const a = await funded('50.00');
		const b = await funded(null);
		const key = 'k-' + Math.random().toString(36).slice(2);
		const fields = { to: b.phone, currency: 'CHANGE', amount: '10.00' };
		const r1 = await a.client.post('/wallet/transfer', fields, { headers: { 'Idempotency-Key': key } });
		const r2 = await a.client.post('/wallet/transfer', fields, { headers: { 'Idempotency-Key': key } });
		assert.equal(r1.status, 200, r1.text);
		assert.equal(r2.status, 200, r2.text);
		assert.equal(r1.body.transfer.entry, r2.body.transfer.entry);
		assert.equal(r2.body.transfer.replayed, true);
		assert.equal(await balance(a), '40.00');
		assert.equal(await balance(b), '10.00');
	});

	test('the form token makes a double-submitted confirmation pay once', async () => {
		const a = await funded('50.00');
		const b = await funded(null);
		const page = await a.client.get('/wallet/transfer', { json: true });
		const fields = { to: String(b.id), currency: 'CHANGE', amount: '5.00', idem: page.body.idem, confirm: '1' };
		const r1 = await a.client.post('/wallet/transfer', fields, { json: false });
		const r2 = await a.client.post('/wallet/transfer', fields, { json: false });
		assert.equal(r1.status, 303);
		assert.equal(r2.status, 303);
		assert.equal(await balance(a), '45.00');
		assert.equal(await balance(b), '5.00');
	});

	test('a browser sees the masked recipient first and nothing moves until it confirms', async () => {
		const a = await funded('20.00');
		const b = await funded(null);
		const r = await a.client.post('/wallet/transfer', { to: String(b.id), currency: 'CHANGE', amount: '3.00' }, { json: false });
		assert.equal(r.status, 200);
		assert.match(r.text, /确认转账/);
		assert.ok(r.text.includes(b.phone.slice(0, 3) + '****' + b.phone.slice(7)), 'the masked phone is shown');
		assert.ok(!r.text.includes(b.phone), 'the full phone is not shown');
		assert.equal(await balance(a), '20.00');
		assert.equal(await balance(b), '0.00');
	});

	for (const [name, fields, status, field] of [
		['to oneself', (a) => ({ to: String(a.id), currency: 'CHANGE', amount: '1.00' }), 400, 'to'],
		['to an unknown member', () => ({ to: '99999999', currency: 'CHANGE', amount: '1.00' }), 404, 'to'],
		['a negative amount', (a, b) => ({ to: String(b.id), currency: 'CHANGE', amount: '-1.00' }), 400, 'amount'],
		['a zero amount', (a, b) => ({ to: String(b.id), currency: 'CHANGE', amount: '0' }), 400, 'amount'],
		['too many decimals', (a, b) => ({ to: String(b.id), currency: 'CHANGE', amount: '1.001' }), 400, 'amount'],
		['a huge amount', (a, b) => ({ to: String(b.id), currency: 'CHANGE', amount: '99999999999999999999' }), 400, 'amount'],
		['more than the balance', (a, b) => ({ to: String(b.id), currency: 'CHANGE', amount: '10.01' }), 400, 'amount'],
		['a currency that cannot be transferred', (a, b) => ({ to: String(b.id), currency: 'RED', amount: '1.00' }), 400, 'currency'],
		['an unknown currency', (a, b) => ({ to: String(b.id), currency: 'XYZ', amount: '1.00' }), 400, 'currency'],
	]) {
		test(`a transfer ${name} is refused and changes nothing`, async () => {
			const a = await funded('10.00');
			const b = await funded(null);
			const r = await a.client.post('/wallet/transfer', fields(a, b));
			assert.equal(r.status, status, r.text);
			assert.equal(r.body.ok, false);
			assert.equal(r.body.error.field, field);
			assert.equal(await balance(a), '10.00');
			assert.equal(await balance(b), '0.00');
		});
	}

	test('leaders and owners cannot transfer (A5)', async () => {
		const leader = await funded('10.00', { roles: ['leader'] });
		const b = await funded(null);
		const r = await leader.client.post('/wallet/transfer', { to: String(b.id), currency: 'CHANGE', amount: '1.00' });
		assert.equal(r.status, 403);
		assert.equal(r.body.error.code, 'role_forbidden');
		assert.equal(await balance(leader), '10.00');
	});
});
