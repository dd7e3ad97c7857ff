// A5 role applications and J4 site messages: members apply, leaders
// recommend 团长, admins approve or reject with a reason; the member is told.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createMember, loginMember, adminClient, sql, SZ_NANSHAN } from './lib.mjs';

async function member(opts = {}) {
	const m = createMember(opts);
	m.client = await loginMember(m.phone);
	return m;
}

async function pending(admin, memberId) {
	const r = await admin.client.get('/admin/applications?status=pending', { json: true });
	assert.equal(r.status, 200);
	return r.body.applications.filter((a) => a.member_id === memberId);
}

describe('role applications (A5)', () => {
	test('a member applies for 团长, an admin approves, the role is granted and the member is told', async () => {
		const root = createMember({ region: SZ_NANSHAN });
		const m = await member({ inviter: root.id });
		const r = await m.client.post('/member/roles/apply', { role: 'leader', note: '我想开团' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.ok, true);
		const again = await m.client.post('/member/roles/apply', { role: 'leader' });
		assert.equal(again.status, 409);
		assert.equal(again.body.error.code, 'pending');

		const admin = await adminClient('operator');
		const apps = await pending(admin, m.id);
		assert.equal(apps.length, 1);
		assert.equal(apps[0].role, 'leader');
		const ok = await admin.client.post(`/admin/applications/${apps[0].id}/approve`, {});
		assert.equal(ok.status, 200, ok.text);
		const twice = await admin.client.post(`/admin/applications/${apps[0].id}/approve`, {});
		assert.equal(twice.status, 409);

		const me = await m.client.get('/member/me', { json: true });
		assert.deepEqual(me.body.member.roles.map((x) => x.role), ['leader']);
		const msgs = await m.client.get('/member/messages', { json: true });
		assert.equal(msgs.body.unread, 1);
		assert.match(msgs.body.messages[0].title, /团长申请已通过/);
		const seen = await m.client.get('/member/messages', { json: true });
		assert.equal(seen.body.unread, 0, 'viewing the messages marks them read');
	});

	test('a rejection needs a reason, and the member sees it', async () => {
		const root = createMember({ region: SZ_NANSHAN });
		const m = await member({ inviter: root.id });
		assert.equal((await m.client.post('/member/roles/apply', { role: 'leader' })).status, 200);
		const admin = await adminClient('super');
		const [app] = await pending(admin, m.id);
		const bare = await admin.client.post(`/admin/applications/${app.id}/reject`, {});
		assert.equal(bare.status, 400);
		assert.equal(bare.body.error.field, 'reason');
		assert.equal((await pending(admin, m.id)).length, 1, 'a refused rejection changes nothing');
		const r = await admin.client.post(`/admin/applications/${app.id}/reject`, { reason: '资料不全' });
		assert.equal(r.status, 200, r.text);
		const mine = await m.client.get('/member/roles', { json: true });
		assert.equal(mine.body.applications[0].status, 'rejected');
		assert.equal(mine.body.applications[0].reason, '资料不全');
		const me = await m.client.get('/member/me', { json: true });
		assert.deepEqual(me.body.member.roles, []);
	});

	test('群主 only when the inviter is a leader', async () => {
		const leader = createMember({ region: SZ_NANSHAN, roles: ['leader'] });
		const plain = createMember({ region: SZ_NANSHAN });
		const underLeader = await member({ inviter: leader.id });
		const underPlain = await member({ inviter: plain.id });
		const no = await underPlain.client.post('/member/roles/apply', { role: 'owner' });
		assert.equal(no.status, 400);
		assert.equal(no.body.error.code, 'inviter_not_leader');
		const yes = await underLeader.client.post('/member/roles/apply', { role: 'owner' });
		assert.equal(yes.status, 200, yes.text);
	});

	test('a leader recommends a member for 团长; approval records the recommender', async () => {
		const leader = await member({ region: SZ_NANSHAN, roles: ['leader'] });
		const m = createMember({ inviter: leader.id });
		const plain = await member({ inviter: leader.id });
		const notLeader = await plain.client.post('/member/roles/recommend', { member: m.phone });
		assert.equal(notLeader.status, 403);
		const unknown = await leader.client.post('/member/roles/recommend', { member: '99999999' });
		assert.equal(unknown.status, 404);
		const self = await leader.client.post('/member/roles/recommend', { member: String(leader.id) });
		assert.equal(self.status, 400);
		const r = await leader.client.post('/member/roles/recommend', { member: m.phone, note: '骨干' });
		assert.equal(r.status, 200, r.text);
		const admin = await adminClient('super');
		const [app] = await pending(admin, m.id);
		assert.equal(app.recommender_id, leader.id);
		assert.equal((await admin.client.post(`/admin/applications/${app.id}/approve`, {})).status, 200);
		const row = sql(`SELECT recommender_id FROM member_roles WHERE member_id = ${m.id} AND role = 'leader'`);
		assert.equal(Number(row[0][0]), leader.id);
	});

	test('分公司 is for the member\'s own city, once per city', async () => {
		const root = createMember({ region: { province: '440000', city: '440100', district: '440106' } });
		const a = await member({ inviter: root.id });
		const b = await member({ inviter: root.id });
		assert.equal((await a.client.post('/member/roles/apply', { role: 'branch' })).status, 200);
		const admin = await adminClient('super');
		const [app] = await pending(admin, a.id);
		assert.equal(app.scope_name, '广州市');
		// someone else already holds 广州: b's application is refused at once
		const held = sql("SELECT COUNT(*) FROM member_roles WHERE role = 'branch' AND scope = '440100'");
		if (Number(held[0][0]) === 0) {
			assert.equal((await admin.client.post(`/admin/applications/${app.id}/approve`, {})).status, 200);
		}
		const r = await b.client.post('/member/roles/apply', { role: 'branch' });
		assert.equal(r.status, 409);
		assert.equal(r.body.error.code, 'scope_taken');
	});

	test('auditors may look at applications but not decide them; visitors are sent to log in', async () => {
		const auditor = await adminClient('auditor');
		const list = await auditor.client.get('/admin/applications', { json: true });
		assert.equal(list.status, 200);
		const r = await auditor.client.post('/admin/applications/1/approve', {});
		assert.equal(r.status, 403);
		const visitor = new Client();
		const v = await visitor.get('/member/roles', { json: false });
		assert.equal(v.status, 303);
		assert.match(v.headers.get('location'), /^\/member\/login\?next=/);
	});
});

describe('wallet page (B1) and ctl credit / verify', () => {
	test('every currency shows, credits appear in the history, bad filters are refused', async () => {
		const m = await member({ region: SZ_NANSHAN });
		const { ctl } = await import('./lib.mjs');
		ctl('credit', m.phone, 'CHANGE', '12.34', '测试入账');
		const w = await m.client.get('/wallet', { json: true });
		assert.equal(w.status, 200);
		assert.equal(w.body.balances.CHANGE, '12.34');
		assert.equal(w.body.balances.POINTS, '0.00');
		assert.equal(Object.keys(w.body.balances).length, 11);
		assert.equal(w.body.history[0].memo, '测试入账');
		assert.equal(w.body.history[0].amount, '12.34');
		const pts = await m.client.get('/wallet?currency=POINTS', { json: true });
		assert.equal(pts.body.history.length, 0);
		const bad = await m.client.get('/wallet?currency=NOPE', { json: true });
		assert.equal(bad.status, 400);
		assert.equal(bad.body.error.field, 'currency');
		assert.throws(() => ctl('credit', m.phone, 'CHANGE', '-20.00', '超额扣回'), /余额不足|refused/);
		const after = await m.client.get('/wallet', { json: true });
		assert.equal(after.body.balances.CHANGE, '12.34', 'a refused debit changes nothing');
		assert.match(ctl('verify'), /all invariants hold/);
	});
});
