// C1 merchant onboarding: a member applies with business details; an
// admin approves (the member becomes a 商家) or rejects with a reason the
// member sees and may answer by applying again.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createMember, loginMember, adminClient, newPhone } from './lib.mjs';

function details(over = {}) {
	return { name: '鲜果小铺', contact: '王店长', phone: newPhone(), license_no: '91440300MA5XXXXX1',
		address: '深圳市南山区科技园 1 号', description: '水果生鲜', ...over };
}

async function member() {
	const m = createMember();
	m.client = await loginMember(m.phone);
	return m;
}

async function pendingOf(admin, memberId) {
	const r = await admin.client.get('/admin/merchants?status=pending', { json: true });
	return r.body.merchants.find((x) => x.member_id === memberId);
}

describe('merchant onboarding (C1)', () => {
	test('apply → approve: the member becomes a 商家 and is told', async () => {
		const m = await member();
		const r = await m.client.post('/merchant/apply', details());
		assert.equal(r.status, 200, r.text);
		assert.ok(r.body.merchant_id > 0);
		const again = await m.client.post('/merchant/apply', details());
		assert.equal(again.status, 409);
		assert.equal(again.body.error.code, 'pending');
		const home = await m.client.get('/merchant', { json: true });
		assert.equal(home.body.merchant.status, 'pending');

		const admin = await adminClient('operator');
		const app = await pendingOf(admin, m.id);
		assert.equal(app.name, '鲜果小铺');
		assert.equal((await admin.client.post(`/admin/merchants/${app.id}/approve`, {})).status, 200);
		assert.equal((await admin.client.post(`/admin/merchants/${app.id}/approve`, {})).status, 409);
		const me = await m.client.get('/member/me', { json: true });
		assert.ok(me.body.member.roles.some((x) => x.role === 'merchant'));
		assert.equal((await m.client.get('/merchant', { json: true })).body.merchant.status, 'approved');
		const msgs = await m.client.get('/member/messages', { json: true });
		assert.match(msgs.body.messages[0].title, /商家入驻已通过/);
		const more = await m.client.post('/merchant/apply', details());
		assert.equal(more.status, 409);
		assert.equal(more.body.error.code, 'approved');
	});

	test('a rejection carries its reason and the member may apply again', async () => {
		const m = await member();
		assert.equal((await m.client.post('/merchant/apply', details({ license_no: '12345678' }))).status, 200);
		const admin = await adminClient('super');
		const app = await pendingOf(admin, m.id);
		assert.equal((await admin.client.post(`/admin/merchants/${app.id}/reject`, {})).status, 400);
		assert.equal((await admin.client.post(`/admin/merchants/${app.id}/reject`, { reason: '营业执照号不正确' })).status, 200);
		const home = await m.client.get('/merchant', { json: true });
		assert.equal(home.body.merchant.status, 'rejected');
		assert.equal(home.body.merchant.reason, '营业执照号不正确');
		const html = await m.client.get('/merchant', { json: false });
		assert.match(html.text, /营业执照号不正确/);
		const again = await m.client.post('/merchant/apply', details({ license_no: '91440300MA5YYYYY2' }));
		assert.equal(again.status, 200, again.text);
		assert.equal(again.body.merchant_id, app.id, 'the same record, sent again');
		const back = await pendingOf(admin, m.id);
		assert.equal(back.license_no, '91440300MA5YYYYY2');
		assert.equal(back.reason, null);
	});

	for (const [field, value] of [['name', ''], ['phone', '123'], ['license_no', '12'], ['address', '']]) {
		test(`an application with a bad ${field} is refused and nothing is stored`, async () => {
			const m = await member();
			const r = await m.client.post('/merchant/apply', details({ [field]: value }));
			assert.equal(r.status, 400);
			assert.equal(r.body.error.field, field);
			assert.equal((await m.client.get('/merchant', { json: true })).body.merchant, null);
		});
	}

	test('visitors are sent to log in; finance may not decide applications', async () => {
		const v = await new Client().get('/merchant', { json: false });
		assert.equal(v.status, 303);
		assert.match(v.headers.get('location'), /^\/member\/login\?next=%2Fmerchant/);
		const m = await member();
		await m.client.post('/merchant/apply', details());
		const fin = await adminClient('finance');
		const admin = await adminClient('super');
		const app = await pendingOf(admin, m.id);
		assert.equal((await fin.client.post(`/admin/merchants/${app.id}/approve`, {})).status, 403);
	});
});
