// B5 withdrawals: apply freezes, approve pays net (fee to revenue, owner/
// leader deduction to goods credit), reject unfreezes with a reason; under
// 200 concurrent requests exactly what the balance covers is accepted.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createMember, loginMember, adminClient, ctl, sql, SZ_NANSHAN, bindPayout } from './lib.mjs';

async function member(amount, roles = []) {
	const m = createMember({ region: SZ_NANSHAN, roles });
	if (amount) ctl('credit', m.phone, 'CHANGE', amount, '测试入账');
	m.client = await loginMember(m.phone);
	m.payout = await bindPayout(m.client);
	return m;
}

async function wallet(m) {
	return (await m.client.get('/wallet', { json: true })).body;
}

function goodsFund() {
	const r = sql("SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE owner_type = 'system' AND kind = 'goods_fund'");
	return Number(r[0][0]);
}

describe('withdrawals (B5)', () => {
	test('apply freezes; approval pays net 95% and the member is told', async () => {
		const m = await member('100.00');
		const r = await m.client.post('/wallet/withdraw', { amount: '40.00' });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual([r.body.withdrawal.fee, r.body.withdrawal.deduction, r.body.withdrawal.net], ['2.00', '0.00', '38.00']);
		let w = await wallet(m);
		assert.equal(w.balances.CHANGE, '60.00');
		assert.equal(w.currencies.find((c) => c.code === 'CHANGE').frozen, '40.00');
		const admin = await adminClient('finance');
		const ok = await admin.client.post(`/admin/withdrawals/${r.body.withdrawal.id}/approve`, {});
		assert.equal(ok.status, 200, ok.text);
		const again = await admin.client.post(`/admin/withdrawals/${r.body.withdrawal.id}/approve`, {});
		assert.equal(again.status, 409, 'a second approval is refused');
		w = await wallet(m);
		assert.equal(w.balances.CHANGE, '60.00');
		assert.equal(w.currencies.find((c) => c.code === 'CHANGE').frozen, '0.00');
		const msgs = (await m.client.get('/member/messages', { json: true })).body.messages;
		assert.match(msgs[0].title, /提现已通过/);
		const audit = sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'withdraw.approve' AND target_id = ${r.body.withdrawal.id}`);
		assert.equal(Number(audit[0][0]), 1);
		assert.match(ctl('verify'), /all invariants hold/);
	});

	test('rejection needs a reason and returns the money', async () => {
		const m = await member('10.00');
		const r = await m.client.post('/wallet/withdraw', { amount: '10.00' });
		assert.equal(r.status, 200, r.text);
		const admin = await adminClient('finance');
		const bare = await admin.client.post(`/admin/withdrawals/${r.body.withdrawal.id}/reject`, {});
		assert.equal(bare.status, 400);
		const no = await admin.client.post(`/admin/withdrawals/${r.body.withdrawal.id}/reject`, { reason: '银行卡信息有误' });
		assert.equal(no.status, 200, no.text);
		const w = await wallet(m);
		assert.equal(w.balances.CHANGE, '10.00');
		const page = (await m.client.get('/wallet/withdraw', { json: true })).body;
		assert.equal(page.withdrawals[0].status, 'rejected');
		assert.equal(page.withdrawals[0].reason, '银行卡信息有误');
	});

	test('owners have 10% and leaders 20% deducted into the goods credit', async () => {
		const owner = await member('100.00', ['owner']);
		const leader = await member('100.00', ['leader']);
		const admin = await adminClient('super');
		for (const [m, ded, net] of [[owner, '10.00', '85.00'], [leader, '20.00', '75.00']]) {
			const r = await m.client.post('/wallet/withdraw', { amount: '100.00' });
			assert.equal(r.status, 200, r.text);
			assert.equal(r.body.withdrawal.deduction, ded);
			assert.equal(r.body.withdrawal.net, net);
			const before = goodsFund();
			assert.equal((await admin.client.post(`/admin/withdrawals/${r.body.withdrawal.id}/approve`, {})).status, 200);
			assert.equal(goodsFund() - before, Math.round(Number(ded) * 100), 'the deduction goes to the goods fund');
		}
	});

	test('the same Idempotency-Key applies once', async () => {
		const m = await member('10.00');
		const h = { 'Idempotency-Key': 'w-' + Math.random().toString(36).slice(2) };
		const r1 = await m.client.post('/wallet/withdraw', { amount: '3.00' }, { headers: h });
		const r2 = await m.client.post('/wallet/withdraw', { amount: '3.00' }, { headers: h });
		assert.equal(r1.body.withdrawal.id, r2.body.withdrawal.id);
		assert.equal(r2.body.withdrawal.replayed, true);
		assert.equal((await wallet(m)).balances.CHANGE, '7.00');
	});

	for (const [name, amount, code] of [
		['below the minimum', '0.99', 'below_min'],
		['more than the balance', '5.01', 'insufficient'],
		['negative', '-1.00', null],
		['too precise', '1.001', null],
	]) {
		test(`a withdrawal ${name} is refused and changes nothing`, async () => {
			const m = await member('5.00');
			const r = await m.client.post('/wallet/withdraw', { amount });
			assert.equal(r.status, 400, r.text);
			assert.equal(r.body.error.field, 'amount');
			if (code) assert.equal(r.body.error.code, code);
			assert.equal((await wallet(m)).balances.CHANGE, '5.00');
		});
	}

	test('members cannot decide withdrawals; auditors may only look', async () => {
		const m = await member('5.00');
		const r = await m.client.post('/wallet/withdraw', { amount: '5.00' });
		const auditor = await adminClient('auditor');
		assert.equal((await auditor.client.get('/admin/withdrawals', { json: true })).status, 200);
		assert.equal((await auditor.client.post(`/admin/withdrawals/${r.body.withdrawal.id}/approve`, {})).status, 403);
		const asMember = await m.client.post(`/admin/withdrawals/${r.body.withdrawal.id}/approve`, {});
		assert.notEqual(asMember.status, 200);
	});

	test('the goods menu: a shipment falls due at the threshold, is confirmed once, and can be cancelled', async () => {
		const owner = await member('50000.00', ['owner']);
		const leader = await member('50000.00', ['leader']);
		const admin = await adminClient('finance');
		const row = async (m) => (await admin.client.get('/admin/shipments', { json: true })).body.members.find((x) => x.member_id === m.id);
		// 49990.00 by an owner deducts 4999.00: just below the 5000 threshold
		let r = await owner.client.post('/wallet/withdraw', { amount: '49990.00' });
		assert.equal((await admin.client.post(`/admin/withdrawals/${r.body.withdrawal.id}/approve`, {})).status, 200);
		let o = await row(owner);
		assert.deepEqual([o.role, o.deducted, o.due, o.reached], ['owner', '4999.00', 0, false]);
		const early = await admin.client.post('/admin/shipments', { member: String(owner.id) });
		assert.equal(early.status, 409);
		assert.equal(early.body.error.code, 'none_due');
		// 10.00 more deducts 1.00: 5000.00 reached, one shipment of 500 due
		r = await owner.client.post('/wallet/withdraw', { amount: '10.00' });
		assert.equal((await admin.client.post(`/admin/withdrawals/${r.body.withdrawal.id}/approve`, {})).status, 200);
		o = await row(owner);
		assert.deepEqual([o.deducted, o.withdrawn, o.due, o.reached, o.shipment_value], ['5000.00', '50000.00', 1, true, '500.00']);
		const fund = goodsFund();
		const ok = await admin.client.post('/admin/shipments', { member: String(owner.id), note: 'SF123' });
		assert.equal(ok.status, 200, ok.text);
		assert.equal(fund - goodsFund(), 50000, '500.00 of goods leaves the fund');
		const twice = await admin.client.post('/admin/shipments', { member: String(owner.id) });
		assert.equal(twice.status, 409);
		o = await row(owner);
		assert.deepEqual([o.shipped, o.due], [1, 0]);
		const list = (await admin.client.get('/admin/shipments', { json: true })).body.shipments;
		const rec = list.find((x) => x.id === ok.body.shipment_id);
		assert.deepEqual([rec.amount, rec.status, rec.note], ['500.00', 'shipped', 'SF123']);
		assert.equal((await admin.client.post(`/admin/shipments/${rec.id}/cancel`, {})).status, 200);
		assert.equal((await admin.client.post(`/admin/shipments/${rec.id}/cancel`, {})).status, 409);
		assert.equal(goodsFund(), fund, 'cancelling returns the value to the fund');
		assert.equal((await row(owner)).due, 1);
		// a leader: 50000.00 deducts 10000.00, one shipment of 2000 due
		r = await leader.client.post('/wallet/withdraw', { amount: '50000.00' });
		assert.equal((await admin.client.post(`/admin/withdrawals/${r.body.withdrawal.id}/approve`, {})).status, 200);
		const l = await row(leader);
		assert.deepEqual([l.role, l.deducted, l.due, l.shipment_value], ['leader', '10000.00', 1, '2000.00']);
		const auditor = await adminClient('auditor');
		assert.equal((await auditor.client.post('/admin/shipments', { member: String(leader.id) })).status, 403);
		assert.match(ctl('verify'), /all invariants hold/);
	});

	test('the member detail shows balances and ledger to finance, not to operators', async () => {
		const m = await member('12.00');
		assert.equal((await m.client.post('/wallet/withdraw', { amount: '2.00' })).status, 200);
		const fin = await adminClient('finance');
		const d = (await fin.client.get(`/admin/members/${m.id}`, { json: true })).body;
		const change = d.balances.find((c) => c.code === 'CHANGE');
		assert.equal(change.balance, '10.00');
		assert.equal(change.frozen, '2.00');
		assert.deepEqual(d.ledger.map((l) => l.amount), ['-2.00', '12.00']);
		const op = await adminClient('operator');
		const o = (await op.client.get(`/admin/members/${m.id}`, { json: true })).body;
		assert.equal(o.balances, undefined);
		assert.equal(o.ledger, undefined);
	});

	test('200 concurrent withdrawals of 1.00 from 100.00: exactly 100 accepted', async () => {
		const m = await member('100.00');
		const t0 = Date.now();
		const rs = await Promise.all(Array.from({ length: 200 }, () => m.client.post('/wallet/withdraw', { amount: '1.00' })));
		const ms = Date.now() - t0;
		const ok = rs.filter((r) => r.status === 200).length;
		const refused = rs.filter((r) => r.status === 400 && r.body.error.code === 'insufficient');
		console.log(`# 200 concurrent withdrawals: ${ok} accepted, ${refused.length} refused, ${ms} ms`);
		assert.equal(ok, 100);
		assert.equal(refused.length, 100, 'the rest are refused for funds, nothing else');
		assert.equal(refused[0].body.error.message, '零钱余额不足');
		const w = await wallet(m);
		assert.equal(w.balances.CHANGE, '0.00');
		assert.equal(w.currencies.find((c) => c.code === 'CHANGE').frozen, '100.00');
		assert.match(ctl('verify'), /all invariants hold/);
	});
});
