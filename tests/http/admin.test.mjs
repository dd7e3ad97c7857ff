// tests/http/admin.test.mjs — the back office (admin.fcgi): its own login and
// session, refusal of visitors and members, member search and detail, and
// role grants guarded by the admin role's permissions.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
	Client, ctl, newPhone, randomName, createMember, loginMember, adminClient,
	memberCount, sql, setCookies, SZ_NANSHAN,
} from './lib.mjs';

function assertError(r, status, field, code) {
	assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
	assert.ok(r.body, `a JSON body: ${r.text}`);
	assert.equal(r.body.ok, false);
	if (field !== undefined) assert.equal(r.body.error.field, field, `error.field in ${r.text}`);
	if (code !== undefined) assert.equal(r.body.error.code, code, `error.code in ${r.text}`);
}

describe('admin pages are refused to visitors and members', () => {
	test('a visitor: /admin/members → 303 to /admin/login?next=…; JSON → 401', async () => {
		const c = new Client();
		const r = await c.get('/admin/members', { json: false });
		assert.equal(r.status, 303);
		assert.equal(r.location, '/admin/login?next=%2Fadmin%2Fmembers');
		assertError(await c.get('/admin/members'), 401, null, 'login_required');
	});

	test('a logged-in member: /admin/members → 303 to /admin/login; JSON → 401; POSTs refused', async () => {
		const m = createMember();
		const c = await loginMember(m.phone, m.password);
		assert.equal((await c.get('/member/me')).status, 200, 'the member session works');
		const r = await c.get('/admin/members', { json: false });
		assert.equal(r.status, 303);
		assert.match(r.location, /^\/admin\/login(\?|$)/);
		assertError(await c.get('/admin/members'), 401, null, 'login_required');
		// the member's own CSRF token does not carry over either
		const memberCsrf = await c.csrfFor('/');
		const g = await c.post(`/admin/members/${m.id}/roles`, { role: 'leader' }, { csrf: memberCsrf });
		assert.equal(g.status, 401, g.text);
		assert.deepEqual((await loginMember(m.phone, m.password).then((x) => x.get('/member/me'))).body.member.roles, []);
	});

	test('an admin session is not a member session', async () => {
		const { client } = await adminClient('super');
		assert.match(client.cookie('pta'), /^s/);
		assert.equal(client.cookie('pt'), undefined, 'no member cookie was set');
		assertError(await client.get('/member/me'), 401, null, 'login_required');
	});
});

describe('admin login', () => {
	test('an admin made by ctl logs in: 200 ok, a pta cookie on Path=/admin, the views name the admin', async () => {
		const username = randomName('tsup');
		const password = 'Admin-pass-1234';
		ctl('admin-create', username, password, 'super');
		const c = new Client();
		await c.get('/admin/login');
		const anon = c.cookie('pta');
		assert.match(anon, /^a/);
		const r = await c.post('/admin/login', { username, password });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.ok, true);
		assert.ok(r.body.admin_id > 0);
		const sc = setCookies(r.headers).find((s) => s.startsWith('pta='));
		assert.match(sc, /;\s*Path=\/admin(;|$)/);
		assert.match(sc, /;\s*HttpOnly/i);
		assert.notEqual(c.cookie('pta'), anon, 'a new token at login');
		const d = await c.get('/admin');
		assert.equal(d.status, 200, d.text);
		assert.equal(d.body.admin.name, username);
		assert.equal(d.body.admin.role, 'super');
		assert.equal(typeof d.body.stats.members, 'number');
	});

	test('a wrong password → 400 naming password, no admin session', async () => {
		const username = randomName('tsup');
		ctl('admin-create', username, 'Admin-pass-1234', 'super');
		const c = new Client();
		assertError(await c.post('/admin/login', { username, password: 'not-it-at-all' }), 400, 'password', 'bad_login');
		assertError(await c.get('/admin'), 401, null, 'login_required');
	});

	test('a browser login redirects to next under /admin only', async () => {
		const username = randomName('tsup');
		ctl('admin-create', username, 'Admin-pass-1234', 'super');
		const r = await new Client().post('/admin/login',
			{ username, password: 'Admin-pass-1234', next: '/admin/members' }, { json: false });
		assert.equal(r.status, 303);
		assert.equal(r.location, '/admin/members');
		const r2 = await new Client().post('/admin/login',
			{ username, password: 'Admin-pass-1234', next: '//evil.example/admin' }, { json: false });
		assert.equal(r2.status, 303);
		assert.equal(r2.location, '/admin');
	});

	test('GET /admin/login?next=/admin%0D%0AX-Injected:… while logged in → no injected header', async () => {
		const { client } = await adminClient('super');
		const r = await client.get('/admin/login?next=/admin%0D%0AX-Injected:%20yes', { json: false });
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('x-injected'), null, 'CRLF in next must not reach the response head');
		assert.doesNotMatch(r.location, /[\x00-\x1f\x7f]/);
	});

	test('logout ends the admin session', async () => {
		const { client } = await adminClient('super');
		const r = await client.post('/admin/logout', {});
		assert.equal(r.status, 200, r.text);
		assertError(await client.get('/admin/members'), 401, null, 'login_required');
	});
});

describe('members in the back office', () => {
	let admin, m, child;

	before(async () => {
		({ client: admin } = await adminClient('super'));
		m = createMember({ region: SZ_NANSHAN });
		child = createMember({ inviter: m.id });
	});

	test('/admin/members?q=<phone> finds exactly that member', async () => {
		const r = await admin.get('/admin/members?q=' + m.phone);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.total, 1);
		assert.equal(r.body.members.length, 1);
		assert.equal(r.body.members[0].id, m.id);
		assert.equal(r.body.members[0].phone, m.phone);
		assert.equal(r.body.members[0].team1, 1);
		assert.match(r.body.members[0].region, /南山区/);
		assert.equal(await memberCount(admin, newPhone()), 0, 'an unknown phone finds nothing');
	});

	test('/admin/members?q=<id> finds the member by ID', async () => {
		const r = await admin.get('/admin/members?q=' + m.id);
		assert.equal(r.status, 200);
		assert.ok(r.body.members.some((x) => x.id === m.id));
	});

	test('a search longer than 20 characters → 400 q', async () => {
		assertError(await admin.get('/admin/members?q=' + '1'.repeat(21)), 400, 'q');
	});

	test('/admin/members/:id shows the profile and the direct downline', async () => {
		const r = await admin.get(`/admin/members/${m.id}`);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.member.id, m.id);
		assert.equal(r.body.member.city, SZ_NANSHAN.city);
		assert.deepEqual(r.body.member.team, { gen1: 1, gen2: 0 });
		assert.deepEqual(r.body.downline.map((x) => x.id), [child.id]);
		assert.equal(r.body.can_edit, true);
	});

	test('an unknown member ID → 404', async () => {
		assertError(await admin.get('/admin/members/999999999'), 404, null, 'not_found');
		assertError(await admin.get('/admin/members/abc'), 404, null, 'not_found');
	});
});

describe('role grants and admin permissions', () => {
	let superAdmin, auditor;

	before(async () => {
		[{ client: superAdmin }, { client: auditor }] = await Promise.all([adminClient('super'), adminClient('auditor')]);
	});

	async function rolesOf(id) {
		const r = await superAdmin.get(`/admin/members/${id}`);
		assert.equal(r.status, 200, r.text);
		return r.body.member.roles.map((x) => x.role);
	}

	test('an auditor may view members but POST /admin/members/:id/roles → 403, nothing granted', async () => {
		const m = createMember();
		const view = await auditor.get(`/admin/members/${m.id}`);
		assert.equal(view.status, 200, view.text);
		assert.equal(view.body.can_edit, false);
		const r = await auditor.post(`/admin/members/${m.id}/roles`, { role: 'leader' });
		assertError(r, 403, null, 'forbidden');
		const b = await auditor.post(`/admin/members/${m.id}/roles`, { role: 'leader' }, { json: false });
		assert.equal(b.status, 403);
		assert.deepEqual(await rolesOf(m.id), []);
	});

	test('an auditor is refused the admin accounts page (403)', async () => {
		assertError(await auditor.get('/admin/admins'), 403, null, 'forbidden');
	});

	test('a super admin grants leader: 200 ok, and the member sees it on /member/me', async () => {
		const m = createMember();
		const r = await superAdmin.post(`/admin/members/${m.id}/roles`, { role: 'leader' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.ok, true);
		assert.deepEqual(await rolesOf(m.id), ['leader']);
		const me = await (await loginMember(m.phone, m.password)).get('/member/me');
		assert.deepEqual(me.body.member.roles.map((x) => [x.role, x.name]), [['leader', '团长']]);
	});

	test('granting a role the member already holds → 409 role', async () => {
		const m = createMember({ roles: ['leader'] });
		assertError(await superAdmin.post(`/admin/members/${m.id}/roles`, { role: 'leader' }), 409, 'role', 'role_taken');
	});

	test('an unknown role → 400 role; branch without a scope → 400 scope; nothing granted', async () => {
		const m = createMember();
		assertError(await superAdmin.post(`/admin/members/${m.id}/roles`, { role: 'king' }), 400, 'role');
		assertError(await superAdmin.post(`/admin/members/${m.id}/roles`, { role: 'branch' }), 400, 'scope');
		assert.deepEqual(await rolesOf(m.id), []);
	});

	test('a role for a member ID that does not exist → 404, nothing written', async () => {
		const id = 900000000 + Math.floor(Math.random() * 99999999);
		const r = await superAdmin.post(`/admin/members/${id}/roles`, { role: 'leader' });
		assertError(r, 404, null, 'not_found');
		assert.deepEqual(sql(`SELECT COUNT(*) FROM member_roles WHERE member_id = ${id}`), [['0']]);
	});

	test('a branch (分公司) scope must be a city: a district code → 400 scope, nothing granted', async () => {
		const m = createMember();
		const r = await superAdmin.post(`/admin/members/${m.id}/roles`, { role: 'branch', scope: '110101' });
		assertError(r, 400, 'scope');
		assert.deepEqual(await rolesOf(m.id), []);
	});

	test('an operator may grant roles (members.edit)', async () => {
		const { client: operator } = await adminClient('operator');
		const m = createMember();
		const r = await operator.post(`/admin/members/${m.id}/roles`, { role: 'promoter' });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(await rolesOf(m.id), ['promoter']);
	});
});
