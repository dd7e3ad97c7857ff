// B5 payout accounts (issue 20): a member binds a payout account (real
// name + bank card checked with Luhn, or Alipay) before the first
// withdrawal; a change needs an SMS code; the member sees it masked; the
// withdrawal keeps the account it was applied for. The back office shows
// payees, full accounts to finance only (the permission matrix), confirms
// an approval with amount and account, records who paid, approves in
// batches and exports the bank's bulk-transfer CSV.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createMember, loginMember, adminClient, ctl, sql, luhnCard, bindPayout } from './lib.mjs';

async function member(amount = '100.00', roles = []) {
	const m = createMember({ roles });
	if (amount) ctl('credit', m.phone, 'CHANGE', amount, '测试入账');
	m.client = await loginMember(m.phone);
	return m;
}

// The visible text of an HTML page: no tags, scripts or attributes.
function text(html) {
	return html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<style[\s\S]*?<\/style>/g, ' ')
		.replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ');
}

describe('payout accounts (B5)', () => {
	test('no withdrawal before an account is bound; the page links to binding', async () => {
		const m = await member('10.00');
		const r = await m.client.post('/wallet/withdraw', { amount: '5.00' });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.body.error.code, 'no_account');
		const page = await m.client.get('/wallet/withdraw', { json: false });
		assert.match(page.text, /绑定收款账户/);
		assert.match(page.text, /href="\/wallet\/account"/);
		assert.equal((await m.client.get('/wallet', { json: true })).body.balances.CHANGE, '10.00');
	});

	for (const [name, fields, field, code] of [
		['a card failing the Luhn check', { account: '6222020200112233440' }, 'account', null],
		['a card with letters', { account: '62220202001122334x1' }, 'account', 'invalid'],
		['a short card', { account: '79927398713' }, 'account', 'invalid'],
		['no branch', { branch: '' }, 'branch', 'required'],
		['no bank', { bank: '' }, 'bank', 'required'],
		['a name with digits', { name: '张三1' }, 'name', 'invalid'],
		['a one-character name', { name: '张' }, 'name', 'invalid'],
		['a bad Alipay account', { kind: 'alipay', account: 'not-an-account' }, 'account', 'invalid'],
		['an unknown kind', { kind: 'wechat' }, 'kind', null],
	]) {
		test(`binding ${name} is refused and binds nothing`, async () => {
			const m = await member(null);
			const base = { kind: 'bank', name: '李四', bank: '招商银行', branch: '深圳分行', account: luhnCard() };
			const f = { ...base, ...fields };
			// a Luhn failure: make the last digit wrong on purpose
			if (name.includes('Luhn')) {
				const good = luhnCard();
				f.account = good.slice(0, -1) + String((Number(good.slice(-1)) + 1) % 10);
			}
			const r = await m.client.post('/wallet/account', f);
			assert.equal(r.status, 400, r.text);
			assert.equal(r.body.error.field, field);
			if (code) assert.equal(r.body.error.code, code);
			if (name.includes('Luhn')) assert.equal(r.body.error.code, 'luhn');
			assert.equal(Number(sql(`SELECT COUNT(*) FROM payout_accounts WHERE member_id = ${m.id}`)[0][0]), 0);
		});
	}

	test('bound once freely, shown masked; a change needs the SMS code and tells the member', async () => {
		const m = await member(null);
		const card = luhnCard('621700');
		const spaced = card.replace(/(\d{4})/g, '$1 ');
		let r = await m.client.post('/wallet/account', { kind: 'bank', name: '王小明', bank: '中国建设银行', branch: '北京东城支行', account: spaced });
		assert.equal(r.status, 200, r.text);
		const view = (await m.client.get('/wallet/account', { json: true })).body.account;
		assert.equal(view.account, card.slice(0, 4) + '****' + card.slice(-4));
		assert.equal(view.name, '**明');
		assert.equal(view.kind_name, '银行卡');
		assert.ok(!JSON.stringify(view).includes(card), 'the full number is never shown to the member');
		const html = await m.client.get('/wallet/account', { json: false });
		assert.ok(!html.text.includes(card));
		// a change without a code, or with a wrong one, changes nothing
		const alipay = { kind: 'alipay', name: '王小明', account: 'wxm@example.com' };
		r = await m.client.post('/wallet/account', alipay);
		assert.equal(r.status, 400);
		assert.equal(r.body.error.field, 'sms_code');
		r = await m.client.post('/wallet/account/sms', {});
		assert.equal(r.status, 200, r.text);
		const code = ctl('sms-last', m.phone);
		assert.match(code, /^\d{6}$/);
		const wrong = code === '000000' ? '111111' : '000000';
		r = await m.client.post('/wallet/account', { ...alipay, sms_code: wrong });
		assert.equal(r.status, 400);
		assert.equal(r.body.error.code, 'sms_code');
		assert.equal(sql(`SELECT kind FROM payout_accounts WHERE member_id = ${m.id}`)[0][0], 'bank');
		r = await m.client.post('/wallet/account', { ...alipay, sms_code: code });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.account.account, 'w***@example.com');
		assert.equal(r.body.account.kind_name, '支付宝');
		// the code is used up
		r = await m.client.post('/wallet/account', { ...alipay, account: '13800138000', sms_code: code });
		assert.equal(r.status, 400);
		const msgs = (await m.client.get('/member/messages', { json: true })).body.messages;
		assert.match(msgs[0].title, /收款账户已更换/);
		// the SMS log names the purpose in Chinese
		const hashed = sql(`SELECT COUNT(*) FROM sms_codes WHERE phone = '${m.phone}' AND purpose = 'payout' AND LENGTH(code_hash) = 32 AND code_hash <> '${code}'`);
		assert.equal(Number(hashed[0][0]), 1, 'the code is stored hashed');
	});

	test('the confirmation shows the account; the withdrawal keeps the account it was applied for', async () => {
		const m = await member('50.00');
		const f = await bindPayout(m.client, { name: '赵六' });
		const page = await m.client.get('/wallet/withdraw', { json: true });
		const conf = await m.client.post('/wallet/withdraw', { amount: '20.00', idem: page.body.idem }, { json: false });
		assert.equal(conf.status, 200);
		assert.match(conf.text, /确认提现/);
		assert.match(conf.text, new RegExp(f.account.slice(0, 4) + '\\*\\*\\*\\*' + f.account.slice(-4)));
		assert.match(conf.text, /中国工商银行/);
		assert.match(conf.text, /\*六/);
		const r = await m.client.post('/wallet/withdraw', { amount: '20.00' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.withdrawal.account.account, f.account.slice(0, 4) + '****' + f.account.slice(-4));
		const row = sql(`SELECT payee_name, payee_account, payee_bank FROM withdrawals WHERE id = ${r.body.withdrawal.id}`)[0];
		assert.deepEqual(row, ['赵六', f.account, '中国工商银行']);
	});
});

describe('withdrawal review with payees (B5)', () => {
	test('finance sees full accounts and the CSV; an auditor sees them masked; an operator not at all', async () => {
		const m = await member('30.00');
		const f = await bindPayout(m.client, { name: '孙七' });
		const w = (await m.client.post('/wallet/withdraw', { amount: '10.00' })).body.withdrawal;
		const mask = f.account.slice(0, 4) + '****' + f.account.slice(-4);
		const finance = await adminClient('finance');
		const auditor = await adminClient('auditor');
		const operator = await adminClient('operator');
		const find = (b) => b.withdrawals.find((x) => x.id === w.id);
		let fin = find((await finance.client.get('/admin/withdrawals', { json: true })).body);
		assert.deepEqual([fin.payee.name, fin.payee.account, fin.payee.bank, fin.amount, fin.fee, fin.net],
			['孙七', f.account, '中国工商银行', '10.00', '0.50', '9.50']);
		const aud = find((await auditor.client.get('/admin/withdrawals', { json: true })).body);
		assert.equal(aud.payee.account, mask);
		assert.equal(aud.payee.name, '孙七');
		const audHtml = await auditor.client.get('/admin/withdrawals', { json: false });
		assert.ok(!audHtml.text.includes(f.account), 'no full account in the auditor page');
		assert.ok(!audHtml.text.includes('data-copy'), 'nothing to copy for an auditor');
		const finHtml = await finance.client.get('/admin/withdrawals', { json: false });
		assert.ok(finHtml.text.includes(`data-copy="${f.account}"`), 'finance gets a copy button');
		assert.equal((await operator.client.get('/admin/withdrawals', { json: true })).status, 403);
		// the CSV: finance only
		const csv = await finance.client.get('/admin/withdrawals.csv?status=pending', { json: false });
		assert.equal(csv.status, 200);
		assert.match(csv.headers.get('content-type'), /text\/csv/);
		const line = csv.text.split('\r\n').find((l) => l.startsWith(`${w.id},`));
		assert.ok(line, 'the withdrawal is in the CSV');
		assert.deepEqual(line.split(',').slice(0, 7), [String(w.id), '孙七', '银行卡', f.account, '中国工商银行', '深圳南山支行', '9.50']);
		assert.equal((await auditor.client.get('/admin/withdrawals.csv', { json: false })).status, 403);
		assert.equal((await operator.client.get('/admin/withdrawals.csv', { json: false })).status, 403);
		// the confirmation page before approving: amount and account
		const conf = await finance.client.get(`/admin/withdrawals/${w.id}/approve`, { json: false });
		assert.equal(conf.status, 200);
		assert.match(conf.text, /9\.50 元/);
		assert.ok(conf.text.includes(f.account));
		assert.match(conf.text, /孙七/);
		assert.equal((await auditor.client.get(`/admin/withdrawals/${w.id}/approve`, { json: false })).status, 403);
		// a browser's POST without confirm=1 gets the confirmation, not the approval
		const csrf = await finance.client.csrfFor('/admin/withdrawals');
		const pre = await finance.client.post(`/admin/withdrawals/${w.id}/approve`, {}, { json: false, csrf });
		assert.equal(pre.status, 200);
		assert.match(pre.text, /确认通过/);
		assert.equal(sql(`SELECT status FROM withdrawals WHERE id = ${w.id}`)[0][0], 'pending');
		const ok = await finance.client.post(`/admin/withdrawals/${w.id}/approve`, { confirm: '1' });
		assert.equal(ok.status, 200, ok.text);
		fin = (await finance.client.get('/admin/withdrawals?status=approved', { json: true })).body.withdrawals.find((x) => x.id === w.id);
		assert.equal(fin.decided_by_name, finance.username, 'who paid is recorded');
	});

	test('batch approval: a confirmation with the total, then each approved once', async () => {
		const a = await member('20.00');
		const b = await member('20.00');
		await bindPayout(a.client);
		await bindPayout(b.client, { kind: 'alipay', name: '周八', account: '13912345678', bank: '', branch: '' });
		const wa = (await a.client.post('/wallet/withdraw', { amount: '10.00' })).body.withdrawal;
		const wb = (await b.client.post('/wallet/withdraw', { amount: '20.00' })).body.withdrawal;
		const finance = await adminClient('finance');
		const ids = `${wa.id},${wb.id}`;
		const csrf = await finance.client.csrfFor('/admin/withdrawals');
		const conf = await finance.client.post('/admin/withdrawals/batch', { ids }, { json: false, csrf });
		assert.equal(conf.status, 200);
		assert.match(conf.text, /共 <b>2<\/b> 笔/);
		assert.match(conf.text, /28\.50/, '9.50 + 19.00');
		assert.match(conf.text, /13912345678/);
		assert.equal(sql(`SELECT COUNT(*) FROM withdrawals WHERE id IN (${ids}) AND status = 'pending'`)[0][0], '2');
		const r = await finance.client.post('/admin/withdrawals/batch', { ids, confirm: '1' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.approved, 2);
		const again = await finance.client.post('/admin/withdrawals/batch', { ids, confirm: '1' });
		assert.equal(again.body.approved, 0);
		assert.equal(again.body.failed.length, 2);
		assert.equal(sql(`SELECT COUNT(*) FROM journal WHERE kind = 'withdraw.approve' AND ref_id IN (${ids})`)[0][0], '2');
		const bad = await finance.client.post('/admin/withdrawals/batch', { ids: '1,x' });
		assert.equal(bad.status, 400);
		const none = await finance.client.post('/admin/withdrawals/batch', {});
		assert.equal(none.status, 400);
		const operator = await adminClient('operator');
		assert.equal((await operator.client.post('/admin/withdrawals/batch', { ids, confirm: '1' })).status, 403);
		assert.match(ctl('verify'), /all invariants hold/);
	});

	test('the goods menu shows the owner\'s name (姓名)', async () => {
		const owner = await member(null, ['owner']);
		await bindPayout(owner.client, { name: '吴九' });
		const admin = await adminClient('finance');
		const row = (await admin.client.get('/admin/shipments', { json: true })).body.members.find((x) => x.member_id === owner.id);
		assert.equal(row.name, '吴九');
		const html = await admin.client.get('/admin/shipments', { json: false });
		assert.match(html.text, /<th>姓名<\/th>/);
	});

	test('the pages touched show no raw codes', async () => {
		const m = await member('20.00');
		await bindPayout(m.client, { kind: 'alipay', name: '郑十', account: 'zs@example.com', bank: '', branch: '' });
		const w = (await m.client.post('/wallet/withdraw', { amount: '10.00' })).body.withdrawal;
		await m.client.post('/wallet/account/sms', {});
		const admin = await adminClient('super');
		const raw = /\b(pending|approved|rejected|alipay|bank|leader|owner|payout|register|login|reset|finance|operator|auditor|super)\b/;
		for (const path of ['/admin/withdrawals', '/admin/withdrawals?status=approved', `/admin/withdrawals/${w.id}/approve`,
			'/admin/shipments', '/admin/sms']) {
			const r = await admin.client.get(path, { json: false });
			assert.equal(r.status, 200, path);
			const t = text(r.text);
			assert.doesNotMatch(t, raw, `${path} shows a raw code: ${t.match(raw)?.[0]}`);
		}
		for (const path of ['/wallet/account', '/wallet/withdraw']) {
			const t = text((await m.client.get(path, { json: false })).text);
			assert.doesNotMatch(t, raw, `${path} shows a raw code`);
		}
	});
});
