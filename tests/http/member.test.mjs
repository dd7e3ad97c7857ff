// tests/http/member.test.mjs — registration, SMS codes, login, logout,
// password reset, CSRF, access control, routing and the region picker and
// invite links of member.fcgi, against a running stack (etc/test-stack.sh).
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
	Client, ctl, newPhone, masked, createMember, smsCode, registerMember, registrationFields,
	loginMember, memberExists, adminClient, sql, setCookies, BASE_URL, SZ_NANSHAN, BJ_DONGCHENG, DONGGUAN,
} from './lib.mjs';

// An error answer to a JSON client: status, ok:false, error.code and field.
function assertError(r, status, field, code) {
	assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
	assert.ok(r.body, `a JSON body: ${r.text}`);
	assert.equal(r.body.ok, false);
	assert.equal(typeof r.body.error, 'object');
	if (field !== undefined) assert.equal(r.body.error.field, field, `error.field in ${r.text}`);
	if (code !== undefined) assert.equal(r.body.error.code, code, `error.code in ${r.text}`);
	assert.ok(r.body.error.message, 'the error carries a message');
}

// An address with markup: stored as typed, shown escaped.
const ADDRESS = `东城<script>alert("x")</script>路&'1'号`;

describe('registration with a valid invite', () => {
	// A: like the first demo member, registered in 深圳南山 (by ctl).
	// B registers over HTTP with A's member ID, living in 北京东城;
	// C registers over HTTP with B's phone, living in 东莞 (a city without districts).
	let A, B, C, regB;

	before(async () => {
		A = createMember({ region: SZ_NANSHAN });
		B = await registerMember({ inviter: A.id, region: BJ_DONGCHENG, wallet: 'TXwallet0001', address: ADDRESS });
		const client = new Client();
		const phone = newPhone();
		const code = await smsCode(client, phone, 'register');
		regB = await client.post('/member/register',
			registrationFields({ phone, code, inviter: B.phone, region: DONGGUAN }));
		C = { client, phone, id: regB.body?.member_id };
	});

	test('by the inviter\'s member ID: 200 ok, then /member/me shows member.id and the masked phone', async () => {
		const r = await B.client.get('/member/me');
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.member.id, B.id);
		assert.equal(r.body.member.phone, masked(B.phone));
		assert.match(r.body.member.phone, /^139\*{4}\d{4}$/);
		assert.equal(r.body.member.inviter.id, A.id);
		assert.equal(r.body.member.inviter.phone, masked(A.phone));
		assert.equal(r.body.member.province, '110000');
		assert.equal(r.body.member.city, '110100');
		assert.equal(r.body.member.district, '110101');
		assert.equal(r.body.member.wallet, 'TXwallet0001');
		assert.equal(r.body.member.address, ADDRESS);
		assert.equal(r.body.member.is_new, true);
		assert.equal(r.body.me.id, B.id, 'every view names the logged-in member');
		assert.equal(r.body.me.phone, masked(B.phone));
		assert.ok(!r.text.includes(B.phone), 'the full phone number never appears');
	});

	test('by the inviter\'s phone: 200 ok with member_id, logged in at once', async () => {
		assert.equal(regB.status, 200, regB.text);
		assert.equal(regB.body.ok, true);
		assert.ok(C.id > 0);
		assert.match(C.client.cookie('pt'), /^s/, 'a member session cookie');
		const r = await C.client.get('/member/me');
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.member.id, C.id);
		assert.equal(r.body.member.phone, masked(C.phone));
		assert.equal(r.body.member.inviter.id, B.id);
		assert.equal(r.body.member.district, '441900', '东莞 stands for its own district');
	});

	test('team counts: A has gen1 = 1 (B) and gen2 = 1 (C); B has gen1 = 1', async () => {
		const a = await loginMember(A.phone);
		const r = await a.get('/member/me');
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.body.member.team, { gen1: 1, gen2: 1 });
		const rb = await B.client.get('/member/me');
		assert.deepEqual(rb.body.member.team, { gen1: 1, gen2: 0 });
	});

	test('/member/team lists B in generation 1 and C in generation 2, phones masked', async () => {
		const a = await loginMember(A.phone);
		const g1 = await a.get('/member/team?gen=1');
		assert.equal(g1.status, 200, g1.text);
		assert.deepEqual(g1.body.members.map((m) => m.id), [B.id]);
		assert.equal(g1.body.members[0].phone, masked(B.phone));
		assert.equal(g1.body.members[0].team1, 1, 'B has one direct member');
		assert.equal(g1.body.gen, 1);
		const g2 = await a.get('/member/team?gen=2');
		assert.equal(g2.status, 200, g2.text);
		assert.deepEqual(g2.body.members.map((m) => m.id), [C.id]);
		assert.equal(g2.body.members[0].phone, masked(C.phone));
		assert.equal(g2.body.gen, 2);
		assert.deepEqual(g2.body.counts, { gen1: 1, gen2: 1 });
		assert.equal(g2.body.pager.total, 1);
	});

	test('the address is escaped on the member\'s page and in the back office', async () => {
		const page = await B.client.get('/member/me', { json: false });
		assert.equal(page.status, 200);
		assert.match(page.headers.get('content-type'), /^text\/html/);
		assert.ok(!page.text.includes('<script>alert'), 'no raw markup from the address');
		assert.ok(page.text.includes('&lt;script&gt;alert('), 'the address is shown, escaped');
		const { client: admin } = await adminClient('auditor');
		const ap = await admin.get(`/admin/members/${B.id}`, { json: false });
		assert.equal(ap.status, 200);
		assert.ok(!ap.text.includes('<script>alert'), 'no raw markup in the back office');
		assert.ok(ap.text.includes('&lt;script&gt;alert('));
	});

	// A8: fixed at registration from the inviter's registered address. No
	// page shows it yet (neither /member/me nor the admin member view), so
	// this reads the members table.
	test('attribution: branch and region are the inviter\'s city and district, not the member\'s own', () => {
		const rows = sql(`SELECT id, branch_city, region_district FROM members WHERE id IN (${B.id}, ${C.id}) ORDER BY id`);
		assert.deepEqual(rows, [
			[String(B.id), SZ_NANSHAN.city, SZ_NANSHAN.district],
			[String(C.id), BJ_DONGCHENG.city, BJ_DONGCHENG.district],
		]);
	});
});

describe('registration refusals: a 4xx naming the field, and nothing written', () => {
	// One phone P with one real SMS code: every refusal below sends P with
	// that code and exactly one bad field; the last test then registers P
	// with the same code, so none of the refusals wrote or consumed anything.
	let inviter, P, code, client;

	before(async () => {
		inviter = createMember({ region: SZ_NANSHAN });
		client = new Client();
		P = newPhone();
		code = await smsCode(client, P, 'register');
	});

	const good = () => registrationFields({ phone: P, code, inviter: inviter.id });

	async function refused(fields, status, field, errCode) {
		const r = await client.post('/member/register', fields);
		assertError(r, status, field, errCode);
		assert.equal(r.body.member_id, undefined);
		assert.equal(await memberExists(P), false, `${P} was not registered`);
		assert.equal(client.cookie('pt')[0], 'a', 'still an anonymous session');
		return r;
	}

	test('unknown inviter ID → 400 inviter', async () => {
		await refused({ ...good(), inviter: '1' }, 400, 'inviter', 'inviter_unknown');
	});

	test('unknown inviter phone → 400 inviter', async () => {
		await refused({ ...good(), inviter: newPhone() }, 400, 'inviter', 'inviter_unknown');
	});

	test('no inviter → 400 inviter', async () => {
		await refused({ ...good(), inviter: undefined }, 400, 'inviter', 'required');
	});

	test('agreement not ticked (absent, or 0) → 400 agree', async () => {
		await refused({ ...good(), agree: undefined }, 400, 'agree', 'required');
		await refused({ ...good(), agree: '0' }, 400, 'agree', 'required');
	});

	test('password shorter than 8 → 400 password', async () => {
		await refused({ ...good(), password: 'abc1234' }, 400, 'password', 'too_short');
	});

	test('address missing or blank → 400 address', async () => {
		await refused({ ...good(), address: undefined }, 400, 'address', 'required');
		await refused({ ...good(), address: '   ' }, 400, 'address', 'required');
	});

	test('region codes that do not form a path → 400 naming a region field', async () => {
		for (const region of [
			{ province: '110000', city: '440300', district: '440305' }, // 北京 + 深圳
			{ province: '440000', city: '440300', district: '110101' }, // 深圳 + 东城区
			{ province: '440000', city: '440300', district: '440300' }, // 深圳 has districts
			{ province: '440000', city: '440000', district: '440000' }, // a province as city
			{ province: '999999', city: '999999', district: '999999' },
		]) {
			const r = await client.post('/member/register', { ...good(), ...region });
			assert.equal(r.status, 400, `${JSON.stringify(region)}: ${r.text}`);
			assert.equal(r.body.ok, false);
			assert.ok(['province', 'city', 'district'].includes(r.body.error.field),
				`${JSON.stringify(region)} names ${r.body.error.field}`);
		}
		assert.equal(await memberExists(P), false);
	});

	test('region code that is not 6 digits → 400 city', async () => {
		await refused({ ...good(), city: '4403' }, 400, 'city', 'invalid');
	});

	test('address or wallet too long → 400 naming it', async () => {
		await refused({ ...good(), address: '路'.repeat(101) }, 400, 'address', 'too_long');
		await refused({ ...good(), wallet: 'w'.repeat(129) }, 400, 'wallet', 'too_long');
	});

	test('malformed phone → 400 phone', async () => {
		for (const phone of ['23912345678', '1391234567', '139123456789', '1391234567a', '+8613912345']) {
			const r = await client.post('/member/register', { ...good(), phone });
			assertError(r, 400, 'phone', 'invalid');
			assert.equal(await memberExists(phone), false, `${phone} not registered`);
		}
	});

	test('SMS code that is not 6 digits → 400 sms_code', async () => {
		await refused({ ...good(), sms_code: '12345' }, 400, 'sms_code');
		await refused({ ...good(), sms_code: undefined }, 400, 'sms_code', 'required');
	});

	test('the same SMS code then registers the phone: the refusals consumed nothing', async () => {
		const r = await client.post('/member/register', good());
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.ok, true);
		assert.equal(await memberExists(P), true);
	});

	test('duplicate phone → 400 sms_code as for any phone without a code, and the existing member is untouched', async () => {
		const m = createMember();
		const r = await new Client().post('/member/register',
			registrationFields({ phone: m.phone, code: '123456', inviter: inviter.id }));
		assertError(r, 400, 'sms_code');
		assert.equal(await memberExists(m.phone), true);
		await loginMember(m.phone, m.password); // the old password still works
	});

	test('asking a registration code for a registered phone → 200 as for any phone, no code issued', async () => {
		const m = createMember();
		const r = await new Client().post('/member/sms', { phone: m.phone, purpose: 'register' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.ok, true);
		assert.throws(() => ctl('sms-last', m.phone), 'the message carries no code');
	});

	test('no SMS code ever requested → 400 sms_code', async () => {
		const phone = newPhone();
		const r = await new Client().post('/member/register',
			registrationFields({ phone, code: '123456', inviter: inviter.id }));
		assertError(r, 400, 'sms_code', 'sms_code');
		assert.equal(await memberExists(phone), false);
	});

	test('wrong SMS code → 400 sms_code; the right one still works afterwards', async () => {
		const c = new Client();
		const phone = newPhone();
		const right = await smsCode(c, phone, 'register');
		const wrong = right === '000000' ? '111111' : '000000';
		const r = await c.post('/member/register', registrationFields({ phone, code: wrong, inviter: inviter.id }));
		assertError(r, 400, 'sms_code', 'sms_code');
		assert.equal(await memberExists(phone), false);
		const ok = await c.post('/member/register', registrationFields({ phone, code: right, inviter: inviter.id }));
		assert.equal(ok.status, 200, ok.text);
		assert.equal(await memberExists(phone), true);
	});

	test('a browser gets the form again: 400, the message on the page, the password not echoed', async () => {
		const r = await new Client().post('/member/register',
			{ ...good(), phone: newPhone(), inviter: '1', password: 'Secret-browser-1' }, { json: false });
		assert.equal(r.status, 400);
		assert.match(r.headers.get('content-type'), /^text\/html/);
		assert.ok(r.text.includes('邀请人不存在'), 'the message is on the page');
		assert.ok(!r.text.includes('Secret-browser-1'), 'the password is not echoed');
	});
});

describe('SMS codes', () => {
	test('a second code for the same phone within 60 s → 429 naming phone', async () => {
		const c = new Client();
		const phone = newPhone();
		await smsCode(c, phone, 'register');
		const r = await c.post('/member/sms', { phone, purpose: 'register' });
		assertError(r, 429, 'phone', 'sms_rate');
	});

	test('bad purpose or phone → 400 naming the field', async () => {
		const c = new Client();
		assertError(await c.post('/member/sms', { phone: newPhone(), purpose: 'spam' }), 400, 'purpose');
		assertError(await c.post('/member/sms', { phone: '12345', purpose: 'register' }), 400, 'phone');
	});

	test('a login or reset code for an unregistered phone → 404 phone', async () => {
		const c = new Client();
		assertError(await c.post('/member/sms', { phone: newPhone(), purpose: 'login' }), 404, 'phone', 'phone_unknown');
	});

	test('after 5 wrong attempts even the right code is refused, and nothing is written', async () => {
		const inviter = createMember();
		const c = new Client();
		const phone = newPhone();
		const right = await smsCode(c, phone, 'register');
		const wrongs = ['000000', '111111', '222222', '333333', '444444', '555555'].filter((w) => w !== right).slice(0, 5);
		for (const w of wrongs) {
			const r = await c.post('/member/register', registrationFields({ phone, code: w, inviter: inviter.id }));
			assertError(r, 400, 'sms_code', 'sms_code');
		}
		const r = await c.post('/member/register', registrationFields({ phone, code: right, inviter: inviter.id }));
		assertError(r, 400, 'sms_code', 'sms_code');
		assert.match(r.body.error.message, /次数过多/);
		assert.equal(await memberExists(phone), false);
	});
});

describe('login and logout', () => {
	test('by password: 200 ok, and the session cookie is replaced (not the anonymous one)', async () => {
		const m = createMember();
		const c = new Client();
		await c.get('/');
		const anon = c.cookie('pt');
		assert.match(anon, /^a/);
		const r = await c.post('/member/login', { phone: m.phone, password: m.password });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.ok, true);
		assert.equal(r.body.member_id, m.id);
		const sess = c.cookie('pt');
		assert.notEqual(sess, anon);
		assert.match(sess, /^s/);
		const me = await c.get('/member/me');
		assert.equal(me.status, 200);
		assert.equal(me.body.member.id, m.id);
		// the pre-login token is worth nothing
		const old = new Client();
		old.jar.set('pt', { value: anon, path: '/' });
		assert.equal((await old.get('/member/me')).status, 401);
		// and logging in again issues yet another token
		await c.post('/member/login', { phone: m.phone, password: m.password });
		assert.notEqual(c.cookie('pt'), sess);
	});

	test('the session cookie is HttpOnly, SameSite=Lax, Path=/', async () => {
		const m = createMember();
		const r = await new Client().post('/member/login', { phone: m.phone, password: m.password });
		assert.equal(r.status, 200, r.text);
		const sc = setCookies(r.headers).find((s) => s.startsWith('pt='));
		assert.ok(sc, 'a pt cookie is set at login');
		assert.match(sc, /;\s*HttpOnly/i);
		assert.match(sc, /;\s*SameSite=Lax/i);
		assert.match(sc, /;\s*Path=\/(;|$)/);
	});

	test('a browser login redirects (303) to next, or to /member/me', async () => {
		const m = createMember();
		const c = new Client();
		const r = await c.post('/member/login', { phone: m.phone, password: m.password, next: '/member/team' }, { json: false });
		assert.equal(r.status, 303);
		assert.equal(r.location, '/member/team');
		const c2 = new Client();
		const r2 = await c2.post('/member/login', { phone: m.phone, password: m.password, next: '//evil.example/' }, { json: false });
		assert.equal(r2.status, 303);
		assert.equal(r2.location, '/member/me', 'no open redirect');
	});

	test('wrong password → 400 naming password, no session', async () => {
		const m = createMember();
		const c = new Client();
		const r = await c.post('/member/login', { phone: m.phone, password: 'not-the-password' });
		assertError(r, 400, 'password', 'bad_login');
		assert.equal((await c.get('/member/me')).status, 401);
	});

	test('unknown phone gets the same answer as a wrong password', async () => {
		const r = await new Client().post('/member/login', { phone: newPhone(), password: 'whatever-123' });
		assertError(r, 400, 'password', 'bad_login');
	});

	test('no password and no code → 400 password', async () => {
		const r = await new Client().post('/member/login', { phone: newPhone() });
		assertError(r, 400, 'password', 'required');
	});

	test('by SMS code: 200 ok and logged in; the code works once', async () => {
		const m = createMember();
		const c = new Client();
		const code = await smsCode(c, m.phone, 'login');
		const r = await c.post('/member/login', { phone: m.phone, sms_code: code });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.member_id, m.id);
		assert.match(c.cookie('pt'), /^s/);
		assert.equal((await c.get('/member/me')).body.member.id, m.id);
		const again = await new Client().post('/member/login', { phone: m.phone, sms_code: code });
		assertError(again, 400, 'sms_code', 'sms_code');
	});

	test('logout ends the session: /member/me then redirects to the login page, the old token is dead', async () => {
		const m = createMember();
		const c = await loginMember(m.phone, m.password);
		const token = c.cookie('pt');
		const r = await c.post('/member/logout', {});
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.ok, true);
		assert.match(c.cookie('pt'), /^a/, 'back to an anonymous session');
		const me = await c.get('/member/me', { json: false });
		assert.equal(me.status, 303);
		assert.equal(me.location, '/member/login?next=%2Fmember%2Fme');
		const old = new Client();
		old.jar.set('pt', { value: token, path: '/' });
		const r2 = await old.get('/member/me', { json: false });
		assert.equal(r2.status, 303);
		assert.match(r2.location, /^\/member\/login\?next=/);
	});

	test('a browser logout redirects (303) to /', async () => {
		const m = createMember();
		const c = await loginMember(m.phone, m.password);
		const r = await c.post('/member/logout', {}, { json: false });
		assert.equal(r.status, 303);
		assert.equal(r.location, '/');
	});

	test('after 5 wrong passwords for a phone, the 6th attempt → 429 even with the right password', async () => {
		const m = createMember();
		const c = new Client();
		for (let i = 0; i < 5; i++) {
			const r = await c.post('/member/login', { phone: m.phone, password: 'wrong-password-' + i });
			assertError(r, 400, 'password', 'bad_login');
		}
		const r = await c.post('/member/login', { phone: m.phone, password: m.password });
		assertError(r, 429, 'password', 'rate_limited');
		assert.match(c.cookie('pt'), /^a/, 'not logged in');
		// another phone from the same place is not locked out
		const other = createMember();
		await loginMember(other.phone, other.password);
	});
});

describe('password reset by SMS', () => {
	test('the old password stops working, the new one works, other sessions end', async () => {
		const m = createMember();
		const elsewhere = await loginMember(m.phone, m.password);
		const c = new Client();
		const code = await smsCode(c, m.phone, 'reset');
		const newPw = 'Brand-new-pass-9';
		const r = await c.post('/member/reset', { phone: m.phone, sms_code: code, password: newPw });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.ok, true);
		assert.equal((await c.get('/member/me')).body.member.id, m.id, 'logged in by the reset');
		assert.equal((await elsewhere.get('/member/me')).status, 401, 'the other session ended');
		const bad = await new Client().post('/member/login', { phone: m.phone, password: m.password });
		assertError(bad, 400, 'password', 'bad_login');
		await loginMember(m.phone, newPw);
	});

	test('a wrong code or a short new password changes nothing', async () => {
		const m = createMember();
		const c = new Client();
		const code = await smsCode(c, m.phone, 'reset');
		const wrong = code === '000000' ? '111111' : '000000';
		assertError(await c.post('/member/reset', { phone: m.phone, sms_code: wrong, password: 'Another-pass-1' }),
			400, 'sms_code', 'sms_code');
		assertError(await c.post('/member/reset', { phone: m.phone, sms_code: code, password: 'short' }),
			400, 'password', 'too_short');
		await loginMember(m.phone, m.password);
	});
});

describe('CSRF', () => {
	test('a POST without the token → 403 csrf, and nothing happens', async () => {
		const m = createMember();
		const c = new Client();
		await c.get('/');
		const r = await c.post('/member/login', { phone: m.phone, password: m.password }, { csrf: false });
		assertError(r, 403, null, 'csrf');
		assert.match(c.cookie('pt'), /^a/, 'not logged in');
		const b = await c.post('/member/login', { phone: m.phone, password: m.password }, { csrf: false, json: false });
		assert.equal(b.status, 403);
	});

	test('a POST with a valid token but Sec-Fetch-Site: cross-site → 403 csrf', async () => {
		const m = createMember();
		const c = new Client();
		const r = await c.post('/member/login', { phone: m.phone, password: m.password },
			{ headers: { 'Sec-Fetch-Site': 'cross-site' } });
		assertError(r, 403, null, 'csrf');
		assert.match(c.cookie('pt'), /^a/);
	});

	test('another session\'s token, or a garbled one → 403 csrf', async () => {
		const m = createMember();
		const other = await new Client().csrfFor('/');
		const c = new Client();
		await c.get('/');
		assertError(await c.post('/member/login', { phone: m.phone, password: m.password }, { csrf: other }), 403, null, 'csrf');
		assertError(await c.post('/member/login', { phone: m.phone, password: m.password }, { csrf: 'x'.repeat(43) }), 403, null, 'csrf');
	});

	test('the token as X-CSRF-Token header with Sec-Fetch-Site: same-origin is accepted', async () => {
		const m = createMember();
		const c = new Client();
		const r = await c.post('/member/login', { phone: m.phone, password: m.password },
			{ csrfHeader: true, headers: { 'Sec-Fetch-Site': 'same-origin' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.member_id, m.id);
	});

	test('the token changes with the session at login', async () => {
		const m = createMember();
		const c = new Client();
		const before = await c.csrfFor('/');
		const r = await c.post('/member/login', { phone: m.phone, password: m.password }, { csrf: before });
		assert.equal(r.status, 200);
		assert.notEqual(r.body.csrf, before);
		assert.equal(r.body.csrf, await c.csrfFor('/'));
		assertError(await c.post('/member/logout', {}, { csrf: before }), 403, null, 'csrf');
	});
});

describe('member pages are refused to visitors', () => {
	test('GET /member/me without a session → 303 to /member/login?next=%2Fmember%2Fme; JSON → 401', async () => {
		const c = new Client();
		const r = await c.get('/member/me', { json: false });
		assert.equal(r.status, 303);
		assert.equal(r.location, '/member/login?next=%2Fmember%2Fme');
		const j = await c.get('/member/me');
		assertError(j, 401, null, 'login_required');
	});

	test('team, invite and the QR poster too', async () => {
		const c = new Client();
		for (const p of ['/member/team?gen=2', '/member/invite', '/member/invite/qr.svg']) {
			const r = await c.get(p, { json: false });
			assert.equal(r.status, 303, p);
			assert.equal(r.location, '/member/login?next=' + encodeURIComponent(p));
			assert.equal((await c.get(p)).status, 401, p);
		}
	});

	test('the login page keeps next for after login', async () => {
		const r = await new Client().get('/member/login?next=%2Fmember%2Fteam');
		assert.equal(r.status, 200);
		assert.equal(r.body.next, '/member/team');
		assert.ok(r.body.csrf);
	});
});

// Where the app redirects to a `next` taken from the request, the value must
// stay a local path: no header injection (CR/LF) and nothing a browser reads
// as another host (a tab or newline is dropped by browsers: "/\t/evil" → "//evil").
describe('redirects to next stay local and cannot inject headers', () => {
	test('GET /member/login?next=/%0D%0AX-Injected:… while logged in → no injected header', async () => {
		const m = createMember();
		const c = await loginMember(m.phone, m.password);
		const r = await c.get('/member/login?next=/%0D%0AX-Injected:%20yes', { json: false });
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('x-injected'), null, 'CRLF in next must not reach the response head');
		assert.doesNotMatch(r.location, /[\x00-\x1f\x7f]/);
	});

	test('GET /member/login?next=/%09/evil.example while logged in → not a path browsers read as //evil.example', async () => {
		const m = createMember();
		const c = await loginMember(m.phone, m.password);
		const r = await c.get('/member/login?next=/%09/evil.example', { json: false });
		assert.equal(r.status, 303);
		const loc = r.location.replace(/[\t\n\r]/g, ''); // what a browser does (WHATWG URL)
		assert.ok(!loc.startsWith('//') && !loc.startsWith('/\\'), `Location ${JSON.stringify(r.location)}`);
		assert.equal(new URL(r.location, 'http://pintuan.test/').host, 'pintuan.test');
	});

	test('POST /member/login with next=/\\r\\nSet-Cookie:… → no injected cookie', async () => {
		const m = createMember();
		const c = new Client();
		const r = await c.post('/member/login',
			{ phone: m.phone, password: m.password, next: '/\r\nSet-Cookie: pt=attacker' }, { json: false });
		assert.equal(r.status, 303);
		assert.doesNotMatch(r.location, /[\x00-\x1f\x7f]/);
		assert.notEqual(c.cookie('pt'), 'attacker');
	});
});

describe('routing', () => {
	test('an unknown path → 404 (JSON error not_found, a page for browsers)', async () => {
		const c = new Client();
		assertError(await c.get('/member/no-such-page'), 404, null, 'not_found');
		const h = await c.get('/no/such/page', { json: false });
		assert.equal(h.status, 404);
		assert.match(h.headers.get('content-type'), /^text\/html/);
	});

	test('a wrong method → 405 with an Allow header', async () => {
		const c = new Client();
		const r = await c.get('/member/logout');
		assertError(r, 405, null, 'method_not_allowed');
		assert.equal(r.headers.get('allow'), 'POST');
		const p = await c.post('/member/me', {});
		assert.equal(p.status, 405);
		assert.equal(p.headers.get('allow'), 'GET');
		const both = await c.request('DELETE', '/member/login');
		assert.equal(both.status, 405);
		assert.deepEqual(both.headers.get('allow').split(/,\s*/).sort(), ['GET', 'POST']);
	});

	test('a POST body over 64 KiB → 413', async () => {
		const c = new Client();
		const r = await c.post('/member/login', {}, { raw: 'phone=13900000000&pad=' + 'x'.repeat(70 * 1024) });
		assertError(r, 413, null, 'too_large');
		const h = await c.post('/member/login', {}, { raw: 'pad=' + 'x'.repeat(70 * 1024), json: false });
		assert.equal(h.status, 413);
	});

	test('a chunked POST body over 64 KiB → 413 as well', async () => {
		const c = new Client();
		const chunk = new TextEncoder().encode('x'.repeat(8192));
		let n = 0;
		const body = new ReadableStream({
			pull(ctl) {
				if (n === 0) ctl.enqueue(new TextEncoder().encode('pad='));
				if (n++ < 9) ctl.enqueue(chunk); else ctl.close();
			},
		});
		const res = await fetch(BASE_URL + '/member/login', {
			method: 'POST', body, duplex: 'half', redirect: 'manual',
			headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		assert.equal(res.status, 413);
		assert.equal((await res.json()).error.code, 'too_large');
	});

	test('a JSON request body works like a form (token in X-CSRF-Token)', async () => {
		const m = createMember();
		const c = new Client();
		const csrf = await c.csrfFor('/');
		const r = await c.request('POST', '/member/login', {
			headers: { 'X-CSRF-Token': csrf },
			contentType: 'application/json',
			body: JSON.stringify({ phone: m.phone, password: m.password }),
		});
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.member_id, m.id);
		const bad = await new Client().request('POST', '/member/login', {
			contentType: 'application/json', body: '{"phone": ',
		});
		assert.equal(bad.status, 400, bad.text);
	});

	test('a body just under 64 KiB is read (the CSRF check and validation run)', async () => {
		const c = new Client();
		const r = await c.post('/member/login', {}, { raw: 'phone=1&pad=' + 'x'.repeat(60 * 1024) });
		assertError(r, 400, 'phone', 'invalid');
	});

	test('security headers on every answer', async () => {
		const r = await new Client().get('/');
		assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
		assert.equal(r.headers.get('x-frame-options'), 'DENY');
		assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/);
		assert.equal(r.headers.get('cache-control'), 'no-store');
	});
});

describe('region picker', () => {
	test('GET /member/regions?parent=440300 lists 440305 南山区', async () => {
		const r = await new Client().get('/member/regions?parent=440300');
		assert.equal(r.status, 200);
		assert.ok(r.body.regions.some((x) => x.code === '440305' && x.name === '南山区'), r.text);
		assert.ok(r.body.regions.every((x) => x.code.startsWith('4403')));
	});

	test('no parent lists the provinces; a city without districts offers itself', async () => {
		const top = await new Client().get('/member/regions');
		assert.equal(top.status, 200);
		assert.ok(top.body.regions.some((x) => x.code === '440000'));
		assert.ok(top.body.regions.some((x) => x.code === '110000'));
		const dg = await new Client().get('/member/regions?parent=441900');
		assert.deepEqual(dg.body.regions.map((x) => x.code), ['441900']);
	});

	test('parent=abc or a code that is not 6 digits → 400 parent', async () => {
		for (const p of ['abc', '44030', '4403000', '44030a']) {
			assertError(await new Client().get('/member/regions?parent=' + p), 400, 'parent');
		}
	});
});

describe('invite links', () => {
	test('GET /i/<id> redirects to /member/register?inviter=<id>', async () => {
		const m = createMember();
		const r = await new Client().get(`/i/${m.id}`, { json: false });
		assert.equal(r.status, 303);
		assert.equal(r.location, `/member/register?inviter=${m.id}`);
	});

	test('the register page shows the inviter it was given, phone masked', async () => {
		const m = createMember();
		const r = await new Client().get(`/member/register?inviter=${m.id}`);
		assert.equal(r.status, 200);
		assert.equal(r.body.inviter.id, m.id);
		assert.equal(r.body.inviter.phone, masked(m.phone));
		assert.ok(Array.isArray(r.body.provinces) && r.body.provinces.length > 30);
		const byPhone = await new Client().get(`/member/register?inviter=${m.phone}`);
		assert.equal(byPhone.body.inviter.id, m.id);
		assert.equal(byPhone.body.inviter.phone, masked(m.phone));
	});

	test('/member/invite names the short link, and /member/invite/qr.svg is an SVG', async () => {
		const m = createMember();
		const c = await loginMember(m.phone, m.password);
		const page = await c.get('/member/invite');
		assert.equal(page.status, 200);
		assert.match(page.body.invite_url, new RegExp(`/i/${m.id}$`));
		const qr = await c.get('/member/invite/qr.svg', { json: false });
		assert.equal(qr.status, 200);
		assert.match(qr.headers.get('content-type'), /^image\/svg\+xml/);
		assert.match(qr.text, /<svg[\s>]/);
		assert.match(qr.text, /<\/svg>\s*$/);
	});
});
