// I8 audit log page: GET /admin/audit lists every admin action newest
// first ({admin, action, target, old, new, ip, at}), filtered by admin,
// action and date range, paged; /admin/audit.csv exports the same lines;
// /admin/log leads there. The lines for paging and dates are written
// straight into audit_log for an admin of this test's own, so the other
// tests' lines do not matter.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { adminClient, sql } from './lib.mjs';

const PER_PAGE = 20;	// cgi-bin/admin/admin.h

function adminId(username) {
	const rows = sql(`SELECT id FROM admins WHERE username = '${username}'`);
	assert.equal(rows.length, 1, `admin ${username}`);
	return Number(rows[0][0]);
}

describe('audit log page (I8)', () => {
	let admin, id;

	before(async () => {
		admin = await adminClient();
		id = adminId(admin.username);
		// 25 group openings today and 3 order cancellations on 2001-02-03
		const rows = [];
		for (let i = 0; i < 25; i++)
			rows.push(`(${id}, 'gb.group.open', 'group', ${1000 + i}, NULL, '10.0.0.${i}', NOW() - INTERVAL ${25 - i} SECOND)`);
		for (let i = 0; i < 3; i++)
			rows.push(`(${id}, 'order.cancel', 'order', ${500 + i}, NULL, '10.9.9.9', '2001-02-03 1${i}:00:00')`);
		sql(`INSERT INTO audit_log (admin_id, action, target_type, target_id, detail, ip, created_at) VALUES ${rows.join(', ')}`);
	});

	test('JSON: entries newest first, each {admin, action, target, old, new, ip, at}, actions in Chinese', async () => {
		const r = await admin.client.get(`/admin/audit?admin=${id}`);
		assert.equal(r.status, 200, r.text);
		const e = r.body.entries;
		assert.equal(e.length, PER_PAGE);
		for (const k of ['admin', 'action', 'target', 'old', 'new', 'ip', 'at'])
			assert.ok(k in e[0], `entry has ${k}`);
		assert.equal(e[0].admin, admin.username);
		// newest first: ids descending
		for (let i = 1; i < e.length; i++)
			assert.ok(e[i - 1].id > e[i].id, 'newest first');
		const open = e.find((x) => x.target === '拼团 #1024');
		assert.ok(open, 'the last group opening is on the first page');
		assert.equal(open.action, '开团');
		assert.equal(open.ip, '10.0.0.24');
		assert.match(open.at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
		// no raw action codes anywhere in the log
		const all = await admin.client.get('/admin/audit');
		for (const x of all.body.entries)
			assert.doesNotMatch(x.action, /[a-z]\.[a-z]/, `action ${x.action} is a code`);
	});

	test('filtered by admin and paged: 20 a page, the rest on page 2', async () => {
		// this admin: 25 + 3 inserted lines and one login
		const p1 = await admin.client.get(`/admin/audit?admin=${id}`);
		assert.equal(p1.body.total, 29);
		const p2 = await admin.client.get(`/admin/audit?admin=${id}&page=2`);
		assert.equal(p2.status, 200);
		assert.equal(p2.body.entries.length, 9);
		const ids = new Set(p1.body.entries.map((x) => x.id));
		assert.ok(p2.body.entries.every((x) => !ids.has(x.id)), 'pages do not overlap');
		assert.ok(p2.body.entries.every((x) => x.admin === admin.username));
	});

	test('filtered by action and by date range (both days included)', async () => {
		let r = await admin.client.get(`/admin/audit?admin=${id}&action=order.cancel`);
		assert.equal(r.body.total, 3);
		assert.ok(r.body.entries.every((x) => x.action === '取消订单'));
		r = await admin.client.get(`/admin/audit?admin=${id}&from=2001-02-03&to=2001-02-03`);
		assert.equal(r.body.total, 3);
		assert.equal(r.body.entries[0].at, '2001-02-03 12:00:00');
		r = await admin.client.get(`/admin/audit?admin=${id}&from=2001-02-04`);
		assert.equal(r.body.total, 26, 'the openings and the login, not the 2001 lines');
		r = await admin.client.get(`/admin/audit?admin=${id}&to=2001-02-02`);
		assert.equal(r.body.total, 0);
		r = await admin.client.get(`/admin/audit?admin=${id}&action=gb.group.open`);
		assert.equal(r.body.total, 25);
	});

	test('a bad filter is refused naming the field', async () => {
		for (const [q, field] of [['from=2001-02-30', 'from'], ['to=yesterday', 'to'],
			['action=drop.table', 'action'], ['admin=x', 'admin'],
			['from=2001-02-05&to=2001-02-04', 'to']]) {
			const r = await admin.client.get(`/admin/audit?${q}`);
			assert.equal(r.status, 400, q);
			assert.equal(r.body.error.field, field, q);
		}
	});

	test('CSV export: the filtered lines with a Chinese header', async () => {
		const r = await admin.client.get(`/admin/audit.csv?admin=${id}&action=order.cancel`, { json: false });
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /^text\/csv/);
		assert.match(r.headers.get('content-disposition'), /audit\.csv/);
		const lines = r.text.replace(/^\uFEFF/, '').trim().split('\r\n');
		assert.equal(lines[0], '时间,管理员,IP,操作,对象,原值,新值,详情');
		assert.equal(lines.length, 4);
		assert.equal(lines[1], `2001-02-03 12:00:00,${admin.username},10.9.9.9,取消订单,订单 #502,,,`);
		// the page links the CSV of its filter
		const p = await admin.client.get(`/admin/audit?admin=${id}&action=order.cancel`);
		assert.equal(p.body.csv, `/admin/audit.csv?admin=${id}&action=order.cancel&from=&to=`);
	});

	test('the HTML page keeps the navigation; /admin/log leads to it', async () => {
		const r = await admin.client.get('/admin/audit', { json: false });
		assert.equal(r.status, 200);
		assert.match(r.text, /操作日志/);
		assert.match(r.text, /class="nav-link active" href="\/admin\/audit"/);
		const old = await admin.client.get('/admin/log', { json: false });
		assert.ok([301, 302, 303].includes(old.status), `status ${old.status}`);
		assert.equal(old.location, '/admin/audit');
	});

	test('an auditor may read the log; an operator may not', async () => {
		const aud = await adminClient('auditor');
		assert.equal((await aud.client.get('/admin/audit')).status, 200);
		assert.equal((await aud.client.get('/admin/audit.csv', { json: false })).status, 200);
		const op = await adminClient('operator');
		assert.equal((await op.client.get('/admin/audit')).status, 403);
		assert.equal((await op.client.get('/admin/audit.csv', { json: false })).status, 403);
	});
});
