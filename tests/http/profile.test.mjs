// A9 profile: nickname, avatar (checked as product images are: type by
// content, size by upload.max_bytes) and the privacy switch; group seats
// show the nickname and avatar, masked for a private member, never the
// bare phone number.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMember, loginMember, ctl, sql } from './lib.mjs';
import { png } from './images.mjs';

const dir = mkdtempSync(join(tmpdir(), 'prof-'));
const preset = (name) => JSON.parse(readFileSync(new URL(`../../etc/presets/${name}.json`, import.meta.url), 'utf8'));
function importActivity(config) {
	const f = join(dir, `a${Math.random().toString(36).slice(2)}.json`);
	writeFileSync(f, JSON.stringify(config));
	return Number(ctl('activity-import', f));
}

async function upload(client, body, type = 'image/png') {
	const csrf = await client.csrfFor('/member/profile/avatar');
	return client.request('POST', '/member/profile/avatar', {
		headers: { 'X-CSRF-Token': csrf }, body, contentType: type,
	});
}

describe('profile (A9)', () => {
	test('nickname and privacy are saved; a phone-like nickname is refused', async () => {
		const m = createMember();
		const c = await loginMember(m.phone);
		let r = await c.post('/member/profile', { nickname: '  小明  ', private: '1' });
		assert.equal(r.status, 200, r.text);
		r = await c.get('/member/profile');
		assert.equal(r.body.profile.nickname, '小明');
		assert.equal(r.body.profile.private, true);
		assert.equal(r.body.profile.seen_as.name, '小**');
		assert.equal(r.body.profile.me.name, '小明');
		r = await c.post('/member/profile', { nickname: '13800138000' });
		assert.equal(r.status, 400);
		assert.equal(r.body.error.field, 'nickname');
		r = await c.post('/member/profile', { nickname: '一二三四五六七八九十一二三四五六七' });
		assert.equal(r.status, 400);
		assert.equal(r.body.error.field, 'nickname');
		// a browser gets the form again with the message under 昵称
		r = await c.post('/member/profile', { nickname: '13800138000' }, { json: false });
		assert.match(r.text, /<p class="pt-ferr" role="alert">昵称不能是手机号或一长串数字<\/p>/);
		assert.match(r.text, /name="nickname"[^>]*value="13800138000"/);
		// cleared: the default name from the phone's last digits
		r = await c.post('/member/profile', { nickname: '' });
		assert.equal(r.status, 200);
		r = await c.get('/member/profile');
		assert.equal(r.body.profile.me.name, '用户' + m.phone.slice(-4));
	});

	test('an avatar upload is checked by content like product images', async () => {
		const m = createMember();
		const c = await loginMember(m.phone);
		let r = await upload(c, Buffer.from('not an image at all'), 'image/png');
		assert.equal(r.status, 415, r.text);
		assert.equal(r.body.error.code, 'bad_type');
		r = await upload(c, Buffer.alloc(0));
		assert.equal(r.status, 400);
		r = await upload(c, png(32, 32));
		assert.equal(r.status, 200, r.text);
		assert.match(r.body.avatar, /^\/uploads\/[0-9a-f]{2}\/[0-9a-f]{64}\.png$/);
		const file = await fetch((process.env.BASE_URL || 'http://127.0.0.1:8080') + r.body.avatar);
		assert.equal(file.status, 200);
		const p = await c.get('/member/profile');
		assert.equal(p.body.profile.me.avatar, r.body.avatar);
		// a new avatar replaces the old file when nothing else uses it
		const r2 = await upload(c, png(32, 32, [20, 120, 200]));
		assert.equal(r2.status, 200);
		const gone = await fetch((process.env.BASE_URL || 'http://127.0.0.1:8080') + r.body.avatar);
		assert.equal(gone.status, 404);
	});

	test('group seats show nickname and avatar, masked when private, never the bare phone', async () => {
		const act = importActivity({ ...preset('quanmin'), name: '资料测试 ' + Math.random().toString(36).slice(2, 6), products: [] });
		const [a, b, c] = [createMember(), createMember(), createMember()];
		for (const m of [a, b, c]) {
			ctl('credit', m.phone, 'CHANGE', '100.00', '测试入账');
			m.client = await loginMember(m.phone);
		}
		assert.equal((await a.client.post('/member/profile', { nickname: '拼团达人阿明' })).status, 200);
		assert.equal((await upload(a.client, png(24, 24))).status, 200);
		assert.equal((await b.client.post('/member/profile', { nickname: '保密的人', private: '1' })).status, 200);
		assert.equal((await upload(b.client, png(24, 24, [0, 200, 0]))).status, 200);
		for (const m of [a, b, c]) assert.equal((await m.client.post(`/gb/activity/${act}/join`, {})).status, 200);
		const gid = sql(`SELECT id FROM gb_groups WHERE activity_id = ${act}`)[0][0];
		const g = (await c.client.get(`/gb/group/${gid}`)).body.group;
		const seat = (id) => g.seats.find((s) => s.member_id === id);
		assert.equal(seat(a.id).who.name, '拼团达人阿明');
		assert.match(seat(a.id).who.avatar, /^\/uploads\//);
		assert.equal(seat(b.id).who.name, '保**');
		assert.equal(seat(b.id).who.avatar, undefined);
		assert.equal(seat(c.id).who.name, '用户' + c.phone.slice(-4));
		assert.equal(g.missing, g.size - 3);
		const html = (await c.client.get(`/gb/group/${gid}`, { json: false })).text;
		assert.ok(!html.includes(b.phone) && !html.includes(b.phone.slice(0, 3) + '****'), 'no phone on the page for a private member');
		assert.match(html, /还差 \d+ 人/);
	});
});

describe('posters as PNG (issue 21)', () => {
	const pngSize = (buf) => [buf.readUInt32BE(16), buf.readUInt32BE(20)];
	async function raw(client, path) {
		const res = await fetch((process.env.BASE_URL || 'http://127.0.0.1:8080') + path,
			{ redirect: 'manual', headers: { Cookie: client ? client.cookieHeader(path) : '' } });
		return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
	}

	test('the invite poster and a group poster are 750×1200 PNGs', async () => {
		const m = createMember();
		const c = await loginMember(m.phone);
		await c.post('/member/profile', { nickname: '海报上的名字' });
		let r = await raw(c, '/member/invite/poster.png');
		assert.equal(r.status, 200);
		assert.equal(r.type, 'image/png');
		assert.equal(r.body.subarray(1, 4).toString(), 'PNG');
		assert.deepEqual(pngSize(r.body), [750, 1200]);
		// a visitor has no invite poster
		r = await raw(null, '/member/invite/poster.png');
		assert.notEqual(r.status, 200);

		const act = importActivity({ ...preset('quanmin'), name: '海报测试', products: [] });
		ctl('credit', m.phone, 'CHANGE', '100.00', '测试入账');
		assert.equal((await c.post(`/gb/activity/${act}/join`, {})).status, 200);
		const gid = sql(`SELECT id FROM gb_groups WHERE activity_id = ${act}`)[0][0];
		for (const who of [c, null]) {
			r = await raw(who, `/gb/group/${gid}/poster.png`);
			assert.equal(r.status, 200);
			assert.equal(r.type, 'image/png');
			assert.deepEqual(pngSize(r.body), [750, 1200]);
		}
		r = await raw(null, '/gb/group/999999999/poster.png');
		assert.equal(r.status, 404);
	});
});
