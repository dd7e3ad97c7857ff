// test-stack: serial (turns the sandbox provider off for a moment); runs alone, before the files that run at once
// B4 recharge through the sandbox provider: hosted pay page, signed
// callback, idempotent, refusing forged or mismatched notifications.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createMember, loginMember, ctl, sql, storeSettings } from './lib.mjs';

async function member() {
	const m = createMember();
	m.client = await loginMember(m.phone);
	return m;
}

async function change(m) {
	return (await m.client.get('/wallet', { json: true })).body.balances.CHANGE;
}

async function payPage(m, amount) {
	const r = await m.client.post('/wallet/recharge', { amount });
	assert.equal(r.status, 200, r.text);
	assert.match(r.body.pay_url, /^\/wallet\/pay\/sandbox\/R/);
	const p = await m.client.get(r.body.pay_url, { json: true });
	assert.equal(p.status, 200, p.text);
	return p.body.recharge;
}

function notify(rc, over = {}) {
	// The provider calls back without our session or CSRF token.
	return new Client().post('/wallet/recharge/notify/sandbox',
		{ trade_no: rc.trade_no, amount: rc.amount, status: 'paid', sig: rc.sig, ...over }, { csrf: false });
}

describe('recharge via the sandbox provider (B4)', () => {
	test('paying the hosted page credits 零钱 1:1, once however often the callback comes', async () => {
		const m = await member();
		const rc = await payPage(m, '66.60');
		assert.equal(rc.amount, '66.60');
		assert.equal(rc.paid, false);
		const r1 = await notify(rc);
		assert.equal(r1.status, 200, r1.text);
		assert.equal(r1.body.already_paid, false);
		const r2 = await notify(rc);
		assert.equal(r2.status, 200);
		assert.equal(r2.body.already_paid, true);
		assert.equal(await change(m), '66.60');
		const again = await m.client.get(`/wallet/pay/sandbox/${rc.trade_no}`, { json: true });
		assert.equal(again.body.recharge.paid, true);
		assert.match(ctl('verify'), /all invariants hold/);
	});

	test('concurrent callbacks credit once', async () => {
		const m = await member();
		const rc = await payPage(m, '10.00');
		const rs = await Promise.all(Array.from({ length: 20 }, () => notify(rc)));
		assert.ok(rs.every((r) => r.status === 200), rs.map((r) => r.status).join(','));
		assert.equal(rs.filter((r) => r.body.already_paid === false).length, 1);
		assert.equal(await change(m), '10.00');
	});

	for (const [name, over, code] of [
		['a forged signature', { sig: 'a'.repeat(64) }, 'bad_signature'],
		['a changed amount', { amount: '99.99' }, 'bad_signature'],
		['a status other than paid', { status: 'failed' }, 'bad_signature'],
		['no signature', { sig: '' }, 'bad_signature'],
	]) {
		test(`a callback with ${name} is refused and credits nothing`, async () => {
			const m = await member();
			const rc = await payPage(m, '5.00');
			const r = await notify(rc, over);
			assert.equal(r.status, 400, r.text);
			assert.equal(r.body.error.code, code);
			assert.equal(await change(m), '0.00');
		});
	}

	test('with the sandbox switched off, neither recharge nor callback works', async () => {
		const m = await member();
		const rc = await payPage(m, '2.00');
		const was = sql("SELECT v FROM settings WHERE k = 'recharge.sandbox'");
		await storeSettings({ 'recharge.sandbox': 'false' });	// reloaded within a second
		try {
			const r = await m.client.post('/wallet/recharge', { amount: '1.00' });
			assert.equal(r.status, 503);
			const n = await notify(rc);
			assert.equal(n.status, 503);
			assert.equal(await change(m), '0.00');
		} finally {
			await storeSettings({ 'recharge.sandbox': was.length ? was[0][0] : null });
		}
	});

	test('amounts outside the limits are refused; others cannot open my pay page', async () => {
		const m = await member();
		for (const amount of ['0.99', '50000.01', '-5', '1.001']) {
			const r = await m.client.post('/wallet/recharge', { amount });
			assert.equal(r.status, 400, `${amount}: ${r.text}`);
			assert.equal(r.body.error.field, 'amount');
		}
		const rc = await payPage(m, '3.00');
		const other = await member();
		const p = await other.client.get(`/wallet/pay/sandbox/${rc.trade_no}`, { json: true });
		assert.equal(p.status, 404);
	});
});
