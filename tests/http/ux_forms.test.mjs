// Member forms that used to dead-end (issue 21): a refusal shows the form
// again with each message beside its field and what was typed kept, never
// the error page; register reports every mistake at once; convert checks
// the balance on 下一步; a visitor's POST comes back after login. JSON
// clients keep their error shape (code, field, status).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createMember, loginMember, ctl, newPhone, SZ_NANSHAN, bindPayout } from './lib.mjs';

async function funded(cur, amount) {
	const m = createMember({ region: SZ_NANSHAN });
	if (amount) ctl('credit', m.phone, cur, amount, '测试入账');
	m.client = await loginMember(m.phone);
	return m;
}

// the inline messages of a page: field name → text
function inline(html) {
	const out = [];
	for (const m of html.matchAll(/<p class="pt-ferr" role="alert">([^<]*)<\/p>/g)) out.push(m[1]);
	return out;
}

describe('forms shown again with inline messages (issue 21)', () => {
	test('transfer to an unknown member: the form again, message under 收款人, values kept', async () => {
		const a = await funded('CHANGE', '50.00');
		const r = await a.client.post('/wallet/transfer', { to: '19999999999', currency: 'CHANGE', amount: '12.30' }, { json: false });
		assert.notEqual(r.status, 200);
		assert.doesNotMatch(r.text, /错误代码/);
		assert.match(r.text, /action="\/wallet\/transfer"/);
		assert.deepEqual(inline(r.text), ['收款会员不存在，请核对会员ID或手机号']);
		assert.match(r.text, /name="to"[^>]*value="19999999999"/);
		assert.match(r.text, /name="amount"[^>]*value="12.30"/);
		assert.match(r.text, /<option value="CHANGE" selected>/);
		// JSON: the same refusal in its shape
		const j = await a.client.post('/wallet/transfer', { to: '19999999999', currency: 'CHANGE', amount: '12.30' });
		assert.equal(j.status, 404);
		assert.equal(j.body.error.code, 'recipient_unknown');
		assert.equal(j.body.error.field, 'to');
	});

	test('convert more than held: refused on 下一步 beside 数量, balances still on the page', async () => {
		const a = await funded('GREEN', '5.00');
		const r = await a.client.post('/wallet/convert', { from: 'GREEN', to: 'CHANGE', amount: '8.00' }, { json: false });
		assert.equal(r.status, 400);
		assert.doesNotMatch(r.text, /确认兑换/);
		assert.deepEqual(inline(r.text), ['绿券余额不足，可用 5.00']);
		assert.match(r.text, /name="amount"[^>]*value="8.00"/);
		assert.match(r.text, /<option value="GREEN" selected>绿券 → 零钱/);
		assert.match(r.text, /可用余额/);
		assert.match(r.text, />绿券<\/div><div class="weui-cell__ft">5.00</);
		// enough: the confirmation page, nothing moved yet
		const ok = await a.client.post('/wallet/convert', { from: 'GREEN', to: 'CHANGE', amount: '5.00' }, { json: false });
		assert.equal(ok.status, 200);
		assert.match(ok.text, /确认兑换/);
		const w = await a.client.get('/wallet');
		assert.equal(w.body.balances.GREEN, '5.00');
	});

	test('a JSON convert over the balance keeps its shape (400 insufficient amount)', async () => {
		const a = await funded('GREEN', '1.00');
		const j = await a.client.post('/wallet/convert', { from: 'GREEN', to: 'CHANGE', amount: '3.00' });
		assert.equal(j.status, 400);
		assert.equal(j.body.ok, false);
		assert.equal(j.body.error.code, 'insufficient');
		assert.equal(j.body.error.field, 'amount');
	});

	test('withdraw over the balance: the form again with the withdrawable amount and the message', async () => {
		const a = await funded('CHANGE', '30.00');
		await bindPayout(a.client);	// a withdrawal needs a payout account (B5)
		const r = await a.client.post('/wallet/withdraw', { amount: '80.00' }, { json: false });
		assert.ok(r.status >= 400 && r.status < 500, String(r.status));
		assert.doesNotMatch(r.text, /错误代码/);
		assert.equal(inline(r.text).length, 1);
		assert.match(r.text, /class="pt-avail__v">30.00</);
		assert.match(r.text, /name="amount"[^>]*value="80.00"/);
	});

	test('register with several mistakes names each beside its field at once', async () => {
		const member = createMember({ region: SZ_NANSHAN });
		const c = new Client();
		const r = await c.post('/member/register', {
			phone: member.phone, sms_code: '12', password: 'short', province: '440000',
			city: '440300', district: '440305', address: '', inviter: '99999999', agree: '',
		}, { json: false });
		assert.equal(r.status, 400);
		const msgs = inline(r.text);
		assert.ok(msgs.length >= 6, msgs.join(' | '));
		assert.ok(msgs.includes('该手机号已注册，请直接登录'), msgs.join(' | '));
		assert.ok(msgs.includes('邀请人不存在，请核对会员ID或手机号'), msgs.join(' | '));
		assert.ok(msgs.includes('请阅读并同意《用户协议》'), msgs.join(' | '));
		assert.match(r.text, /name="inviter"[^>]*value="99999999"/);
		assert.match(r.text, /name="phone"[^>]*value="\d{11}"/);
		assert.doesNotMatch(r.text, /value="short"/);   // the password is never echoed
		// JSON: one error, the first, as before
		const j = await new Client().post('/member/register', { phone: '123', agree: '1' });
		assert.equal(j.status, 400);
		assert.equal(j.body.error.field, 'phone');
		assert.equal(j.body.errors, undefined);
	});

	test('only the inviter is wrong: the form again with that message', async () => {
		const c = new Client();
		const r = await c.post('/member/register', {
			phone: newPhone(), sms_code: '123456', password: 'long-enough-1', province: '440000',
			city: '440300', district: '440305', address: '科技园 1 号', inviter: '99999999', agree: '1',
		}, { json: false });
		assert.equal(r.status, 400);
		assert.deepEqual(inline(r.text), ['邀请人不存在，请核对会员ID或手机号']);
	});

	test('a visitor posting a member form goes to login with next = the page it was on', async () => {
		const c = new Client();
		const base = process.env.BASE_URL || 'http://127.0.0.1:8080';
		const r = await c.post('/wallet/transfer', { to: '1', currency: 'CHANGE', amount: '1.00' },
			{ json: false, headers: { Referer: base + '/gb/activity/7?from=share' } });
		assert.equal(r.status, 303);
		assert.equal(r.location, '/member/login?next=%2Fgb%2Factivity%2F7%3Ffrom%3Dshare');
		// another site's page is not a place to come back to
		const x = await c.post('/wallet/transfer', {}, { json: false, headers: { Referer: 'https://evil.example/gb/activity/7' } });
		assert.equal(x.location, '/member/login');
		// JSON still gets its 401
		const j = await c.post('/wallet/transfer', {});
		assert.equal(j.status, 401);
		assert.equal(j.body.error.code, 'login_required');
	});
});
