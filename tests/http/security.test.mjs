// tests/http/security.test.mjs — the findings of the security review
// (issue 22), one describe each: what an attacker tried, and that it no
// longer works.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomInt } from 'node:crypto';
import {
	BASE_URL, Client, ctl, sql, readConf, newPhone, randomName, createMember, loginMember,
	adminClient, smsCode, registrationFields, PASSWORD, bindPayout,
} from './lib.mjs';

// A raw request over node:http, for what fetch does not let a client set
// (the Host header) or keep (a path starting with "//"). Resolves to
// { status, headers, text, body } (body: the parsed JSON, else null).
// from: a local address to connect from (127.0.0.x), so per-IP counters
// start fresh.
function raw(method, path, { headers = {}, body, from } = {}) {
	const u = new URL(BASE_URL);
	return new Promise((resolve, reject) => {
		const req = http.request({
			host: u.hostname, port: u.port, method, path, headers,
			agent: false, localAddress: from,
		}, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let parsed = null;
				if ((res.headers['content-type'] || '').startsWith('application/json')) {
					try { parsed = JSON.parse(text); } catch { parsed = null; }
				}
				resolve({ status: res.statusCode, headers: res.headers, text, body: parsed });
			});
		});
		req.on('error', reject);
		if (body !== undefined) req.write(body);
		req.end();
	});
}

// The security headers every page of the app carries (cgi-bin/lib/app.c).
const SECURITY_HEADERS = ['x-content-type-options', 'x-frame-options', 'referrer-policy',
	'content-security-policy'];

function assertSecurityHeaders(headers, what) {
	const get = (k) => (typeof headers.get === 'function' ? headers.get(k) : headers[k]);
	for (const h of SECURITY_HEADERS) assert.ok(get(h), `${what}: no ${h} header`);
	assert.equal(get('x-frame-options'), 'DENY', what);
	assert.match(get('content-security-policy'), /frame-ancestors 'none'/, what);
}

describe('1. SMS codes: the log shows them masked', () => {
	test('an operator reading /admin/sms sees no code; ctl sms-last still reads it', async () => {
		const phone = newPhone();
		const code = await smsCode(new Client(), phone, 'register');
		const { client } = await adminClient('operator');
		const r = await client.get('/admin/sms');
		assert.equal(r.status, 200, r.text);
		const mine = r.body.messages.filter((m) => m.phone === phone || m.phone?.endsWith(phone.slice(7)));
		assert.equal(mine.length, 1, `one message to ${phone} in ${r.text.slice(0, 300)}`);
		assert.doesNotMatch(mine[0].body, new RegExp(code), 'the code is not in the SMS log');
		assert.match(mine[0].body, /\*{6}/, 'the log shows where the code was, masked');
		const page = await client.get('/admin/sms', { json: false });
		assert.doesNotMatch(page.text, new RegExp(`${code}`), 'nor in the page');
		const rows = sql(`SELECT body FROM sms_outbox WHERE phone = '${phone}'`);
		assert.equal(rows.length, 1);
		assert.doesNotMatch(rows[0][0], new RegExp(code), 'nor in the sms_outbox row');
	});
});

describe('2. changing an admin password ends the other sessions', () => {
	test('the other session is logged out, the current one gets a new token and still works', async () => {
		const a = await adminClient('operator');
		const other = new Client();
		const l = await other.post('/admin/login', { username: a.username, password: a.password });
		assert.equal(l.status, 200, l.text);
		assert.equal((await other.get('/admin')).status, 200);
		const before = a.client.cookie('pta');
		const r = await a.client.post('/admin/password', { old_password: a.password, password: 'New-admin-pass-1' });
		assert.equal(r.status, 200, r.text);
		assert.notEqual(a.client.cookie('pta'), before, 'the current session was rotated');
		assert.equal((await a.client.get('/admin')).status, 200, 'the current session goes on');
		assert.equal((await other.get('/admin')).status, 401, 'the other session is gone');
		const stale = new Client();
		stale.jar.set('pta', { value: before, path: '/admin' });
		assert.equal((await stale.get('/admin')).status, 401, 'the old token of this session is gone');
	});
});

describe('3. pager links stay on the site', () => {
	test('a path starting with // and encoded dot segments gives local page links', async () => {
		const m = createMember();
		for (let i = 0; i < 21; i++) ctl('credit', m.phone, 'CHANGE', '0.01', '分页测试');
		const c = await loginMember(m.phone);
		const r = await raw('GET', '//evil.example/x%2F..%2F..%2Fwallet', {
			headers: { Accept: 'application/json', Cookie: `pt=${c.cookie('pt')}` },
		});
		assert.equal(r.status, 200, r.text.slice(0, 300));
		const next = r.body.pager.next;
		assert.ok(next, `a next link: ${JSON.stringify(r.body.pager)}`);
		assert.match(next, /^\/[^/\\]/, `next (${next}) is a local path`);
		assert.equal(next, '/wallet?page=2');
		const q = await raw('GET', '//evil.example/x%2F..%2F..%2Fwallet?cur=CHANGE&page=2&x=%2F%2Fa', {
			headers: { Accept: 'application/json', Cookie: `pt=${c.cookie('pt')}` },
		});
		assert.equal(q.status, 200);
		assert.match(q.body.pager.prev, /^\/wallet\?/, q.body.pager.prev);
		assert.ok(q.body.pager.prev.includes('page=1'), q.body.pager.prev);
	});
});

describe('4. the login lockout cannot be raced', () => {
	// Each test logs in from its own loopback address, so the per-IP
	// counters of the rest of the suite neither help nor hurt it.
	function freshAddress() {
		return `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
	}

	// A fresh anonymous session from address from: its cookie and CSRF token.
	async function session(path, from) {
		const page = path.startsWith('/admin') ? '/admin/login' : '/member/login';
		const g = await raw('GET', page, { headers: { Accept: 'application/json' }, from });
		const cookie = [].concat(g.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
		return { cookie, csrf: g.body.csrf };
	}

	// A login attempt from address from in session s (a fresh one when
	// none is given). Returns the status.
	async function attempt(path, fields, from, s) {
		s ??= await session(path, from);
		const body = new URLSearchParams({ ...fields, _csrf: s.csrf }).toString();
		const r = await raw('POST', path, {
			headers: { Accept: 'application/json', Cookie: s.cookie,
				'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) },
			body, from,
		});
		return r.status;
	}

	// 12 sessions first, then their 12 wrong logins at once.
	async function race(path, fields) {
		const from = freshAddress();
		const ss = await Promise.all(Array.from({ length: 12 }, () => session(path, from)));
		const st = await Promise.all(ss.map((s) => attempt(path, fields, from, s)));
		const checked = st.filter((x) => x === 400).length;
		const locked = st.filter((x) => x === 429).length;
		assert.equal(checked + locked, 12, st.join(' '));
		return { checked, from };
	}

	test('12 parallel wrong member passwords: at most 5 are checked, the rest are locked', async () => {
		const m = createMember();
		const { checked, from } = await race('/member/login', { phone: m.phone, password: 'wrong-password-1' });
		assert.ok(checked <= 5, `${checked} wrong passwords were checked`);
		assert.equal(await attempt('/member/login', { phone: m.phone, password: PASSWORD }, from), 429,
			'the right password is locked out too');
	});

	test('12 parallel wrong admin passwords: at most 5 are checked', async () => {
		const username = randomName('trace');
		ctl('admin-create', username, 'Admin-pass-1234', 'auditor');
		const { checked } = await race('/admin/login', { username, password: 'wrong-password-1' });
		assert.ok(checked <= 5, `${checked} wrong passwords were checked`);
	});

	test('successful logins from one address do not count against it', async () => {
		const m = createMember();
		const from = freshAddress();
		for (let i = 0; i < 32; i++)
			assert.equal(await attempt('/member/login', { phone: m.phone, password: PASSWORD }, from), 200);
	});
});

describe('5. an Idempotency-Key is bound to its request', () => {
	async function funded(currency, amount) {
		const m = createMember();
		ctl('credit', m.phone, currency, amount, '测试入账');
		m.client = await loginMember(m.phone);
		return m;
	}
	async function balance(m, cur) {
		return (await m.client.get('/wallet', { json: true })).body.balances[cur];
	}
	function conflict(r, key) {
		assert.equal(r.status, 409, r.text);
		assert.equal(r.body.ok, false);
		assert.equal(r.body.error.code, 'idem_conflict');
		assert.equal(r.body.error.field, 'idem');
		assert.ok(r.body.error.message.includes(key), `the message names the key: ${r.body.error.message}`);
	}

	test('a transfer: another recipient or amount under a used key → 409 naming it, nothing moves; the same request replays', async () => {
		const a = await funded('CHANGE', '50.00');
		const b = createMember(), c = createMember();
		const key = 'sec5-' + randomInt(1e9);
		const h = { headers: { 'Idempotency-Key': key } };
		const first = await a.client.post('/wallet/transfer', { to: b.phone, currency: 'CHANGE', amount: '10.00' }, h);
		assert.equal(first.status, 200, first.text);
		conflict(await a.client.post('/wallet/transfer', { to: c.phone, currency: 'CHANGE', amount: '10.00' }, h), key);
		conflict(await a.client.post('/wallet/transfer', { to: b.phone, currency: 'CHANGE', amount: '20.00' }, h), key);
		const again = await a.client.post('/wallet/transfer', { to: String(b.id), currency: 'CHANGE', amount: '10.00' }, h);
		assert.equal(again.status, 200, again.text);
		assert.equal(again.body.transfer.replayed, true);
		assert.equal(again.body.transfer.entry, first.body.transfer.entry);
		assert.equal(await balance(a, 'CHANGE'), '40.00');
		const cc = await loginMember(c.phone);
		assert.equal((await cc.get('/wallet', { json: true })).body.balances.CHANGE, '0.00');
	});

	test('the form token of a transfer: a changed amount under it → 409', async () => {
		const a = await funded('CHANGE', '50.00');
		const b = createMember();
		const page = await a.client.get('/wallet/transfer', { json: true });
		const f = { to: String(b.id), currency: 'CHANGE', amount: '5.00', idem: page.body.idem, confirm: '1' };
		assert.equal((await a.client.post('/wallet/transfer', f)).status, 200);
		conflict(await a.client.post('/wallet/transfer', { ...f, amount: '6.00' }), page.body.idem);
		assert.equal(await balance(a, 'CHANGE'), '45.00');
	});

	test('a conversion and a withdrawal: the same', async () => {
		const m = await funded('GREEN', '10.00');
		await bindPayout(m.client);
		const key = 'sec5c-' + randomInt(1e9);
		const h = { headers: { 'Idempotency-Key': key } };
		assert.equal((await m.client.post('/wallet/convert', { from: 'GREEN', to: 'CHANGE', amount: '4.00' }, h)).status, 200);
		conflict(await m.client.post('/wallet/convert', { from: 'GREEN', to: 'CHANGE', amount: '6.00' }, h), key);
		const again = await m.client.post('/wallet/convert', { from: 'GREEN', to: 'CHANGE', amount: '4.00' }, h);
		assert.equal(again.body.conversion.replayed, true);
		assert.equal(await balance(m, 'CHANGE'), '4.00');

		const wkey = 'sec5w-' + randomInt(1e9);
		const wh = { headers: { 'Idempotency-Key': wkey } };
		assert.equal((await m.client.post('/wallet/withdraw', { amount: '2.00' }, wh)).status, 200);
		conflict(await m.client.post('/wallet/withdraw', { amount: '1.00' }, wh), wkey);
		assert.equal((await m.client.post('/wallet/withdraw', { amount: '2.00' }, wh)).body.withdrawal.replayed, true);
		assert.equal(await balance(m, 'CHANGE'), '2.00');
	});
});

describe('6. POST /member/sms tells no one whether a phone is registered', () => {
	test('register codes for a registered and an unregistered number get the same answer', async () => {
		const known = createMember(), known2 = createMember();
		const fresh = newPhone(), fresh2 = newPhone();
		const answers = [];
		// a JSON client and a page (the form's redirect) each, on numbers
		// of their own: a second request for one number would only meet
		// the per-phone interval
		for (const [phone, page] of [[known.phone, known2.phone], [fresh, fresh2]]) {
			const r = await new Client().post('/member/sms', { phone, purpose: 'register' });
			const p = await new Client().post('/member/sms', { phone: page, purpose: 'register' }, { json: false });
			answers.push({ status: r.status, body: { ...r.body, csrf: undefined }, page: p.status,
				location: p.location?.replace(page, 'PHONE'), text: p.text.replaceAll(page, 'PHONE') });
		}
		assert.deepEqual(answers[0], answers[1]);
		assert.equal(answers[0].status, 200);
		// the texts differ: the registered number is told to log in instead
		assert.match(ctl('sms-last', fresh), /^\d{6}$/);
		const rows = sql(`SELECT body FROM sms_outbox WHERE phone = '${known.phone}' ORDER BY id DESC LIMIT 1`);
		assert.equal(rows.length, 1, 'the registered number got a message');
		assert.match(rows[0][0], /已注册/);
	});

	test('registering with a guessed code: the same answer for a registered and an unregistered number', async () => {
		const inviter = createMember();
		const known = createMember();
		const fresh = newPhone();
		const answers = [];
		for (const phone of [known.phone, fresh]) {
			const c = new Client();
			const code = await c.post('/member/sms', { phone, purpose: 'register' });
			assert.equal(code.status, 200, code.text);
			const r = await c.post('/member/register',
				registrationFields({ phone, code: '000000', inviter: inviter.id }));
			answers.push({ status: r.status, body: { ...r.body, csrf: undefined } });
		}
		assert.deepEqual(answers[0], answers[1]);
		assert.equal(answers[0].status, 400);
		assert.equal(answers[0].body.error.field, 'sms_code');
	});
});

describe('7. links and QR codes use base_url, not the Host header', () => {
	test('invite URL and QR code are the same whatever Host says', async () => {
		const m = createMember();
		const c = await loginMember(m.phone);
		const base = readConf().base_url;
		const cookie = `pt=${c.cookie('pt')}`;
		const evil = await raw('GET', '/member/invite', { headers: { Host: 'evil.example', Accept: 'application/json', Cookie: cookie } });
		assert.equal(evil.status, 200, evil.text.slice(0, 200));
		assert.equal(evil.body.invite_url, `${base}/i/${m.id}`);
		const me = await raw('GET', '/member/me', { headers: { Host: 'evil.example', Accept: 'application/json', Cookie: cookie } });
		assert.equal(me.body.invite_url, `${base}/i/${m.id}`);
		const q1 = await raw('GET', '/member/invite/qr.svg', { headers: { Host: 'evil.example', Cookie: cookie } });
		const q2 = await raw('GET', '/member/invite/qr.svg', { headers: { Cookie: cookie } });
		assert.equal(q1.status, 200);
		assert.equal(q1.text, q2.text, 'the QR code does not depend on Host');
	});
});

describe('8. what nginx answers itself: JSON where the app would, and the security headers', () => {
	// the programs' headers (write_response in cgi-bin/lib/app.c)
	function secured(r) {
		assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
		assert.equal(r.headers.get('x-frame-options'), 'DENY');
		assert.equal(r.headers.get('referrer-policy'), 'same-origin');
		assert.match(r.headers.get('content-security-policy') || '', /frame-ancestors 'none'/);
		assert.equal(r.headers.get('cache-control'), 'no-store');
	}
	// a body over nginx's client_max_body_size (8m)
	const HUGE = Buffer.alloc(9 * 1024 * 1024, 0x61);
	const CHINESE = /[\u4e00-\u9fff]/;

	function tooLargeJson(r) {
		assert.equal(r.status, 413, r.text.slice(0, 200));
		assert.match(r.headers.get('content-type'), /^application\/json/);
		assert.equal(r.body.ok, false);
		assert.equal(r.body.error.code, 'too_large');
		assert.equal(r.body.error.field, null);
		assert.match(r.body.error.message, CHINESE);
		secured(r);
	}

	test('an upload over the limit → 413 JSON in the app\'s error shape, whatever Accept says', async () => {
		const c = new Client();
		tooLargeJson(await c.request('POST', '/merchant/products/1/images',
			{ body: HUGE, contentType: 'image/png' }));
		tooLargeJson(await c.request('POST', '/merchant/products/1/images',
			{ json: false, headers: { Accept: 'text/html' }, body: HUGE, contentType: 'image/png' }));
	});

	test('a form over the limit → 413 JSON for a JSON client, a Chinese page for a browser', async () => {
		const c = new Client();
		tooLargeJson(await c.request('POST', '/wallet/transfer',
			{ body: HUGE, contentType: 'application/x-www-form-urlencoded' }));
		const page = await c.request('POST', '/wallet/transfer',
			{ json: false, headers: { Accept: 'text/html' }, body: HUGE, contentType: 'application/x-www-form-urlencoded' });
		assert.equal(page.status, 413);
		assert.match(page.headers.get('content-type'), /^text\/html/);
		assert.match(page.text, /提交的内容过大/);
		secured(page);
	});

	test('a static file not found and the error pages carry the headers', async () => {
		const c = new Client();
		const page = await c.get('/static/no-such-file.css', { json: false });
		assert.equal(page.status, 404);
		assert.match(page.text, /页面不存在/);
		secured(page);
		const json = await c.get('/static/no-such-file.css');
		assert.equal(json.status, 404);
		assert.equal(json.body.error.code, 'not_found');
		secured(json);
		for (const f of ['50x.html', '50x.json', '413.html', '404.json']) {
			const r = await c.get(`/static/err/${f}`, { json: false });
			assert.equal(r.status, 200, f);
			secured(r);
		}
	});
});
