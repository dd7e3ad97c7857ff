// test-stack: serial (changes withdraw.fee_bp and the name of 零钱); runs alone, before the files that run at once
// CHANGES GLOBAL SETTINGS: withdraw.fee_bp and the name of 零钱 (CHANGE)
// are changed on /admin/settings and restored in `finally`. Do not run
// this file concurrently with other test files (they read the fee and the
// currency names).
//
// I5 settings page: GET /admin/settings lists the registry grouped; POST
// changes one or several settings all or none, validated, audited; a change
// reaches every process within a second without a restart.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createMember, loginMember, adminClient, ctl, sql, bindPayout } from './lib.mjs';

const wait = () => new Promise((res) => setTimeout(res, 1100));

function find(body, key) {
	for (const g of body.groups)
		for (const s of g.settings)
			if (s.key === key) return { group: g.name, ...s };
	return undefined;
}

async function settings(admin) {
	const r = await admin.client.get('/admin/settings');
	assert.equal(r.status, 200, r.text);
	return r.body;
}

describe('settings page (I5)', () => {
	test('GET lists every group with key, value, default, type and label', async () => {
		const admin = await adminClient();
		const b = await settings(admin);
		const names = b.groups.map((g) => g.name);
		for (const g of ['会员', '钱包与提现', '商城', '拼团', '购物金与分红', '短信与登录', '上传', '币种名称'])
			assert.ok(names.includes(g), `group ${g}`);
		const fee = find(b, 'withdraw.fee_bp');
		assert.equal(fee.group, '钱包与提现');
		assert.equal(fee.type, 'bp');
		assert.equal(fee.default, 500);
		assert.equal(typeof fee.value, 'number');
		assert.equal(fee.label, '提现手续费');
		const min = find(b, 'withdraw.min');
		assert.equal(min.type, 'amount');
		assert.equal(min.default, '1.00');
		assert.ok(find(b, 'gb.zones').default.includes('1000000'), '100 万元区');
		assert.equal(find(b, 'currency.CHANGE.name').default, '零钱');
	});

	test('an auditor sees the page but may not POST', async () => {
		const aud = await adminClient('auditor');
		assert.equal((await aud.client.get('/admin/settings')).status, 200);
		const r = await aud.client.post('/admin/settings', { 'withdraw.fee_bp': '600' });
		assert.equal(r.status, 403);
	});

	test('withdraw.fee_bp changes the next withdrawal with no restart; out of bounds is refused and changes nothing', async () => {
		const admin = await adminClient();
		const start = await settings(admin);
		const before = find(start, 'withdraw.fee_bp').value;
		const minBefore = find(start, 'withdraw.min').value;
		assert.notEqual(minBefore, '2.00');
		const m = createMember();
		ctl('credit', m.phone, 'CHANGE', '100.00', '测试入账');
		m.client = await loginMember(m.phone);
		await bindPayout(m.client);
		try {
			let r = await admin.client.post('/admin/settings', { 'withdraw.fee_bp': '800' });
			assert.equal(r.status, 200, r.text);
			await wait();
			r = await m.client.post('/wallet/withdraw', { amount: '40.00' });
			assert.equal(r.status, 200, r.text);
			assert.equal(r.body.withdrawal.fee, '3.20', '8% of 40.00');

			// one field out of bounds: the whole POST is refused
			r = await admin.client.post('/admin/settings', { 'withdraw.min': '2.00', 'withdraw.fee_bp': '5001' });
			assert.equal(r.status, 400, r.text);
			assert.equal(r.body.error.field, 'withdraw.fee_bp');
			assert.match(r.body.error.message, /提现手续费/);
			r = await admin.client.post('/admin/settings', { 'no.such.key': '1' });
			assert.equal(r.status, 400);
			assert.equal(r.body.error.field, 'no.such.key');
			await wait();
			const b = await settings(admin);
			assert.equal(find(b, 'withdraw.fee_bp').value, 800);
			assert.equal(find(b, 'withdraw.min').value, minBefore, 'nothing of the refused POST was stored');

			// the change is in the audit log with old and new values
			const rows = sql("SELECT JSON_VALUE(detail, '$.old'), JSON_VALUE(detail, '$.new') FROM audit_log WHERE action = 'settings.set' AND JSON_VALUE(detail, '$.key') = 'withdraw.fee_bp' ORDER BY id DESC LIMIT 1");
			assert.deepEqual(rows[0], [String(before), '800']);
			// and on the audit page (I8), by this admin, with both values
			const id = sql(`SELECT id FROM admins WHERE username = '${admin.username}'`)[0][0];
			const log = await admin.client.get(`/admin/audit?admin=${id}&action=settings.set`);
			assert.equal(log.status, 200, log.text);
			const line = log.body.entries[0];
			assert.equal(line.admin, admin.username);
			assert.equal(line.action, '修改系统设置');
			assert.equal(line.target, '提现手续费（withdraw.fee_bp）');
			assert.equal(line.old, String(before));
			assert.equal(line.new, '800');
			assert.ok(line.ip, 'the IP is recorded');
			// an amount reads as an operator types it, not as stored JSON
			r = await admin.client.post('/admin/settings', { 'withdraw.min': '1.5' });
			assert.equal(r.status, 200, r.text);
			const min = (await admin.client.get(`/admin/audit?admin=${id}&action=settings.set`)).body.entries[0];
			assert.equal(min.target, '最低提现金额（withdraw.min）');
			assert.equal(min.old, minBefore);
			assert.equal(min.new, '1.50');
		} finally {
			await admin.client.post('/admin/settings', { 'withdraw.fee_bp': String(before), 'withdraw.min': minBefore });
			await wait();
		}
	});

	test('renaming 零钱 shows the new name on the wallet and in the mall', async () => {
		const admin = await adminClient();
		const m = createMember();
		m.client = await loginMember(m.phone);
		const name = '测试币' + String(Date.now() % 1000);
		try {
			let r = await admin.client.post('/admin/settings', { 'currency.CHANGE.name': name });
			assert.equal(r.status, 200, r.text);
			await wait();
			const w = await m.client.get('/wallet', { json: false });
			assert.equal(w.status, 200);
			assert.ok(w.text.includes(name), 'wallet page shows the new name');
			assert.ok(!w.text.includes('零钱余额'), 'and not the old one');
			const mall = await new Client().get('/shop/mall/CHANGE', { json: true });
			assert.equal(mall.status, 200, mall.text);
			assert.ok(JSON.stringify(mall.body).includes(name), 'the mall shows the new name');
			// a page whose template once carried the name as text
			const hot = await new Client().get('/shop/hot', { json: false });
			assert.equal(hot.status, 200);
			assert.ok(hot.text.includes(name + '抢购'), 'the hot items page shows the new name');
			assert.ok(!hot.text.includes('零钱抢购'));
		} finally {
			await admin.client.post('/admin/settings', { 'currency.CHANGE.name': '零钱' });
			await wait();
		}
		const back = await new Client().get('/shop/mall/CHANGE', { json: true });
		assert.ok(JSON.stringify(back.body).includes('零钱'));
	});

	test('ctl verify reports a key of the settings table that the registry does not know', () => {
		const key = 'no.such.setting_' + String(Date.now() % 100000);
		sql(`INSERT INTO settings (k, v, updated_at) VALUES ('${key}', '1', NOW())`);
		try {
			assert.throws(() => ctl('verify'), (e) => {
				assert.notEqual(e.status, 0);
				assert.match(String(e.stderr), new RegExp(`setting ${key.replace(/\./g, '\\.')} is not in the registry`));
				return true;
			});
		} finally {
			sql(`DELETE FROM settings WHERE k = '${key}'`);
		}
		ctl('verify');
	});
});
