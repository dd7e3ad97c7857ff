// tests/http/lib.mjs — a small HTTP client for the Pintuan HTTP tests.
//
// env (set by etc/test-stack.sh): BASE_URL, PINTUAN_CONF, CTL.
//
//   const c = new Client();
//   await c.get('/member/me')                       // JSON view (Accept: application/json)
//   await c.get('/member/me', { json: false })      // what a browser gets
//   await c.post('/member/login', { phone, password })  // fetches a CSRF token first
//
// Every call returns { status, headers, location, text, body } where body is
// the parsed JSON (or null). Redirects are never followed. Each Client has
// its own cookie jar (name → value, path), so a member client and an admin
// client never share a session.
//
// The connections: every Client shares one undici Agent (its own pool, not
// node's global one) whose idle connections live 2 s. A test that blocks
// node's event loop (execFileSync of ctl, say) keeps undici's keep-alive
// timers from running, and nginx may close a connection meanwhile
// (keepalive_timeout): so when the loop was blocked, or no request was
// made for longer than that keep-alive, the next request starts a fresh
// Agent (the old one closes once its requests are done) and never reuses
// such a connection. A GET or HEAD that still meets a closed socket is
// sent once more on a fresh Agent; a POST never is: it may have been done.
import { execFileSync, execFile } from 'node:child_process';
import { randomInt, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';
import { Agent, fetch as undiciFetch } from 'undici';

export const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
export const CTL = process.env.CTL || 'build/asan/ctl';
export const PINTUAN_CONF = process.env.PINTUAN_CONF || 'var/app.conf';

// 深圳市南山区, the demo members' region; 北京市东城区; 东莞 (a city without
// districts: it stands for its own district, under 广东 440000).
export const SZ_NANSHAN = { province: '440000', city: '440300', district: '440305' };
export const BJ_DONGCHENG = { province: '110000', city: '110100', district: '110101' };
export const DONGGUAN = { province: '440000', city: '441900', district: '441900' };

export const PASSWORD = 'Secret-pass-123';

// The Set-Cookie lines of a response (Headers.getSetCookie where the node
// has it; older ones join them with ", ", which no cookie of ours contains
// apart from the separators).
export function setCookies(headers) {
	if (typeof headers.getSetCookie === 'function') return headers.getSetCookie();
	const joined = headers.get('set-cookie');
	return joined ? joined.split(/,\s*(?=[A-Za-z0-9_]+=)/) : [];
}

const KEEP_ALIVE_MS = 2000; // an idle connection is closed after this
const TICK_MS = 100; // the event loop's heartbeat
const BLOCKED_MS = 1000; // a heartbeat this late: the loop was blocked

function newAgent() {
	return new Agent({ keepAliveTimeout: KEEP_ALIVE_MS, keepAliveMaxTimeout: KEEP_ALIVE_MS });
}

export const pool = {
	agent: newAgent(),
	lastUse: Date.now(), // when a request last started or ended
	lastTick: Date.now(),
	fresh: 0, // how many times a fresh Agent replaced the old one
	retries: 0, // idempotent requests sent again after a socket error
};
// unref: the heartbeat never keeps a test process alive
setInterval(() => { pool.lastTick = Date.now(); }, TICK_MS).unref();

// A fresh Agent in place of the current one, which closes once its
// requests in flight are done (its idle connections at once).
function freshAgent() {
	const old = pool.agent;
	pool.agent = newAgent();
	pool.fresh++;
	old.close().catch(() => {});
}

// The Agent for the next request: a fresh one when a pooled connection
// could have been idle past its keep-alive without undici noticing.
function agentForRequest() {
	const now = Date.now();
	if (now - pool.lastTick > BLOCKED_MS || now - pool.lastUse > KEEP_ALIVE_MS) freshAgent();
	pool.lastTick = now; // this request's own check is done
	pool.lastUse = now;
	return pool.agent;
}

// A request that failed because the connection was closed under it,
// before any answer (undici: UND_ERR_SOCKET "other side closed"; the OS:
// a reset or broken pipe).
export function socketError(e) {
	const code = e?.cause?.code ?? e?.code;
	return ['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE'].includes(code);
}

const IDEMPOTENT = new Set(['GET', 'HEAD']);

// fetch on the shared Agent; GET and HEAD sent once more on a socket error.
async function send(url, init) {
	try {
		return await undiciFetch(url, { ...init, dispatcher: agentForRequest() });
	} catch (e) {
		if (!IDEMPOTENT.has(init.method) || !socketError(e)) throw e;
		pool.retries++;
		freshAgent();
		return await undiciFetch(url, { ...init, dispatcher: agentForRequest() });
	} finally {
		pool.lastUse = Date.now();
	}
}

export class Client {
	// base: the server (BASE_URL; tests/http/client.test.mjs uses its own)
	constructor({ base = BASE_URL } = {}) {
		this.base = base;
		this.jar = new Map(); // name → { value, path }
	}

	cookie(name) {
		return this.jar.get(name)?.value;
	}

	cookieHeader(path) {
		const out = [];
		for (const [name, c] of this.jar) {
			if (path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : c.path + '/') ||
			    c.path === '/')
				out.push(`${name}=${c.value}`);
		}
		return out.join('; ');
	}

	store(res) {
		const list = setCookies(res.headers);
		for (const sc of list) {
			const parts = sc.split(';').map((s) => s.trim());
			const eq = parts[0].indexOf('=');
			const name = parts[0].slice(0, eq), value = parts[0].slice(eq + 1);
			let path = '/', maxAge = null;
			for (const p of parts.slice(1)) {
				const [k, v] = p.split('=');
				if (k.toLowerCase() === 'path') path = v;
				if (k.toLowerCase() === 'max-age') maxAge = Number(v);
			}
			if (maxAge !== null && maxAge <= 0) this.jar.delete(name);
			else this.jar.set(name, { value, path });
		}
	}

	async request(method, path, { json = true, headers = {}, body, contentType } = {}) {
		const h = { ...headers };
		if (json && !('Accept' in h)) h.Accept = 'application/json';
		const ck = this.cookieHeader(path.split('?')[0]);
		if (ck) h.Cookie = ck;
		if (body !== undefined && contentType) h['Content-Type'] = contentType;
		const res = await send(this.base + path, { method, headers: h, body, redirect: 'manual' });
		this.store(res);
		const text = await res.text();
		pool.lastUse = Date.now();
		let parsed = null;
		if ((res.headers.get('content-type') || '').startsWith('application/json')) {
			try { parsed = JSON.parse(text); } catch { parsed = null; }
		}
		return {
			status: res.status,
			headers: res.headers,
			location: res.headers.get('location'),
			text,
			body: parsed,
		};
	}

	get(path, opts = {}) {
		return this.request('GET', path, opts);
	}

	// A CSRF token for the next POST to path: every JSON view carries the
	// one of the session in the path's cookie (pta under /admin, else pt).
	async csrfFor(path) {
		const page = path.startsWith('/admin') ? '/admin' : '/';
		const r = await this.get(page);
		assert.ok(r.body && typeof r.body.csrf === 'string' && r.body.csrf.length > 0,
			`no csrf in the JSON of GET ${page} (status ${r.status})`);
		return r.body.csrf;
	}

	// post(path, fields, { json = true, csrf, csrfHeader, headers, raw })
	//   csrf: undefined → fetched first; false → none sent; a string → that one.
	//   csrfHeader: send it as X-CSRF-Token instead of the _csrf field.
	//   raw: a ready body string (form-urlencoded) instead of fields.
	async post(path, fields = {}, { json = true, csrf, csrfHeader = false, headers = {}, raw } = {}) {
		const h = { ...headers };
		let token = csrf;
		if (token === undefined) token = await this.csrfFor(path);
		const form = new URLSearchParams();
		for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== null) form.append(k, String(v));
		if (token) {
			if (csrfHeader) h['X-CSRF-Token'] = token;
			else form.append('_csrf', token);
		}
		let body = raw !== undefined ? raw : form.toString();
		if (raw !== undefined && token && !csrfHeader) body += '&_csrf=' + encodeURIComponent(token);
		return this.request('POST', path, {
			json, headers: h, body, contentType: 'application/x-www-form-urlencoded',
		});
	}
}

// ctl(...args): runs build/…/ctl with PINTUAN_CONF; its stdout, trimmed.
export function ctl(...args) {
	return execFileSync(CTL, args, {
		env: { ...process.env, PINTUAN_CONF },
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	}).trim();
}

// A fresh, valid mainland mobile number: 139 + 8 random digits.
export function newPhone() {
	return '139' + String(randomInt(0, 1e8)).padStart(8, '0');
}

export function randomName(prefix = 't') {
	return prefix + '_' + randomBytes(6).toString('hex');
}

// 139****1234
export function masked(phone) {
	return phone.slice(0, 3) + '****' + phone.slice(7);
}

// member-create's and members-create's options for inviter, region, roles.
function memberArgs({ inviter, region, roles = [] }) {
	const args = [];
	if (inviter !== undefined) args.push('--inviter', String(inviter));
	if (region) args.push('--region', `${region.province},${region.city},${region.district}`);
	for (const r of roles) args.push('--role', r);
	return args;
}

// A member made directly by ctl (no SMS, no HTTP): { id, phone, password }.
// A random phone that another test took meanwhile is replaced by another.
export function createMember({ phone, password = PASSWORD, inviter, region, roles = [] } = {}) {
	for (let tries = 0; ; tries++) {
		const p = phone ?? newPhone();
		let out;
		try {
			out = ctl('member-create', p, password, ...memberArgs({ inviter, region, roles }));
		} catch (e) {
			if (phone === undefined && tries < 5 && /已注册/.test(String(e.stderr))) continue;
			throw e;
		}
		const id = Number(out);
		assert.ok(id > 0, `ctl member-create ${p} printed no id`);
		return { id, phone: p, password };
	}
}

// n members made by one `ctl members-create` (one process, so hundreds
// take seconds and the event loop is never blocked): [{ id, phone,
// password }], on fresh random phones. credit: { CURRENCY: 'AMOUNT' },
// each an audited adjustment with memo (like ctl credit).
export async function createMembers(n, { password = PASSWORD, inviter, region, roles = [], credit = {},
	memo = '测试入账' } = {}) {
	const args = ['members-create', String(n), password, ...memberArgs({ inviter, region, roles })];
	for (const [cur, amount] of Object.entries(credit)) args.push('--credit', cur, amount, memo);
	const { stdout } = await promisify(execFile)(CTL, args, {
		env: { ...process.env, PINTUAN_CONF },
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	const ms = stdout.trim().split('\n').map((l) => {
		const [id, phone] = l.split(' ');
		return { id: Number(id), phone, password };
	});
	assert.equal(ms.length, n, `ctl members-create ${n} printed ${ms.length} members`);
	for (const m of ms) assert.ok(m.id > 0 && /^139\d{8}$/.test(m.phone), `members-create printed ${m.id} ${m.phone}`);
	return ms;
}

// Requests an SMS code for phone and purpose on client; returns the code.
export async function smsCode(client, phone, purpose) {
	const r = await client.post('/member/sms', { phone, purpose });
	assert.equal(r.status, 200, `POST /member/sms ${purpose} ${phone}: ${r.status} ${r.text}`);
	assert.equal(r.body.ok, true);
	const code = ctl('sms-last', phone);
	assert.match(code, /^\d{6}$/);
	return code;
}

export function registrationFields({ phone, code, inviter, password = PASSWORD, region = BJ_DONGCHENG,
	address = '测试路 1 号', wallet, agree = '1' } = {}) {
	return {
		phone, sms_code: code, password,
		province: region.province, city: region.city, district: region.district,
		address, wallet, inviter: inviter === undefined ? undefined : String(inviter), agree,
	};
}

// The whole SMS + registration flow on a fresh client; the client ends up
// logged in as the new member. Returns { client, id, phone, password }.
export async function registerMember({ inviter, phone = newPhone(), password = PASSWORD,
	region = BJ_DONGCHENG, address, wallet, client = new Client() } = {}) {
	assert.ok(inviter !== undefined, 'registerMember needs an inviter (ID or phone)');
	const code = await smsCode(client, phone, 'register');
	const r = await client.post('/member/register',
		registrationFields({ phone, code, inviter, password, region, address, wallet }));
	assert.equal(r.status, 200, `register ${phone}: ${r.status} ${r.text}`);
	assert.equal(r.body.ok, true);
	assert.ok(r.body.member_id > 0, 'the register answer names member_id');
	return { client, id: r.body.member_id, phone, password };
}

// A member client logged in by password.
export async function loginMember(phone, password = PASSWORD, client = new Client()) {
	const r = await client.post('/member/login', { phone, password });
	assert.equal(r.status, 200, `login ${phone}: ${r.status} ${r.text}`);
	assert.equal(r.body.ok, true);
	return client;
}

// An admin account made by ctl with a random name, and a client logged in
// as it: { client, username, password, role }.
export async function adminClient(role = 'super') {
	const username = randomName('t' + role.slice(0, 3));
	const password = 'Admin-pass-' + randomBytes(4).toString('hex');
	ctl('admin-create', username, password, role);
	const client = new Client();
	const r = await client.post('/admin/login', { username, password });
	assert.equal(r.status, 200, `admin login ${username}: ${r.status} ${r.text}`);
	assert.equal(r.body.ok, true);
	return { client, username, password, role };
}

// How many members an admin search for q finds (GET /admin/members?q=).
export async function memberCount(admin, q) {
	const r = await admin.get('/admin/members?q=' + encodeURIComponent(q));
	assert.equal(r.status, 200, `GET /admin/members?q=${q}: ${r.status} ${r.text}`);
	return r.body.total;
}

// Whether a member with this phone (or ID) exists, as the public register
// page tells it: GET /member/register?inviter=X names the inviter X when X
// is a member (member_lookup). Needs no admin.
export async function memberExists(phoneOrId) {
	const r = await new Client().get('/member/register?inviter=' + encodeURIComponent(phoneOrId));
	assert.equal(r.status, 200, `GET /member/register?inviter=${phoneOrId}: ${r.status} ${r.text}`);
	return r.body.inviter !== undefined && r.body.inviter !== null;
}

// The stack's app.conf (PINTUAN_CONF) as { name: value }, for the tests
// that need its paths or database login (a name given twice: its last value).
export function readConf() {
	const conf = {};
	for (const line of readFileSync(PINTUAN_CONF, 'utf8').split('\n')) {
		const m = line.match(/^\s*([a-z_]+)\s*=\s*(.*?)\s*$/);
		if (m) conf[m[1]] = m[2];
	}
	return conf;
}

// Read-only SQL on the stack's database, for facts no page shows. Returns
// the rows as arrays of strings (NULL → null).
export function sql(query) {
	const conf = readConf();
	const out = execFileSync('mariadb', ['--batch', '--skip-column-names', '--socket', conf.db_socket,
		'-u', conf.db_user, conf.db_name, '-e', query], {
		env: { ...process.env, MYSQL_PWD: conf.db_pass },
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		// the crash test reads every entry it made: past node's 1 MB default
		maxBuffer: 256 * 1024 * 1024,
	});
	return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t').map((v) => (v === 'NULL' ? null : v)));
}

// The current value of a setting as stored JSON text: its row in the
// settings table when an operator set one, else its default from the
// registry (cgi-bin/lib/settings_table.c, the one place defaults live).
export function settingValue(key) {
	const rows = sql(`SELECT v FROM settings WHERE k = '${key.replace(/'/g, "''")}'`);
	if (rows.length > 0) return rows[0][0];
	const src = readFileSync(new URL('../../cgi-bin/lib/settings_table.c', import.meta.url), 'utf8');
	const esc = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const m = src.match(new RegExp(`\\{ "${esc}", SET_[A-Z]+, "((?:[^"\\\\]|\\\\.)*)"`));
	assert.ok(m, `setting ${key} is not in the registry`);
	return m[1].replace(/\\"/g, '"');
}

// Writes settings straight into the settings table (key → JSON text; null
// deletes the row, so the registry default applies again), bumps
// settings_meta.version and waits past the programs' one-second cache.
// For tests of behaviour that no page sets; /admin/settings is the way
// operators change them.
export async function storeSettings(values) {
	const q = Object.entries(values).map(([k, v]) => v === null || v === undefined
		? `DELETE FROM settings WHERE k = '${k}'`
		: `INSERT INTO settings (k, v, updated_at) VALUES ('${k}', '${v}', NOW()) ON DUPLICATE KEY UPDATE v = VALUES(v)`);
	sql(`${q.join('; ')}; UPDATE settings_meta SET version = version + 1 WHERE id = 1`);
	await new Promise((res) => setTimeout(res, 1100));
}

// A bank card number of `length` digits starting with prefix whose last
// digit is the Luhn check digit of the rest (random middle digits).
export function luhnCard(prefix = '622202', length = 19) {
	let s = prefix;
	while (s.length < length - 1) s += String(randomInt(0, 10));
	let sum = 0;
	for (let i = 0; i < s.length; i++) {
		let d = Number(s[s.length - 1 - i]);
		if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
		sum += d;
	}
	return s + String((10 - (sum % 10)) % 10);
}

// Binds a payout account for the member logged in on client (B5: needed
// before the first withdrawal); returns the fields posted.
export async function bindPayout(client, fields = {}) {
	const f = { kind: 'bank', name: '张三', bank: '中国工商银行', branch: '深圳南山支行',
		account: luhnCard(), ...fields };
	const r = await client.post('/wallet/account', f);
	assert.equal(r.status, 200, `POST /wallet/account: ${r.status} ${r.text}`);
	return f;
}
