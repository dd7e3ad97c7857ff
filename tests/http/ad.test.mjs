// test-stack: serial (changes ad.upline_bp); runs alone, before the files that run at once
// Ad rewards in the back office (issue 19, H1), without moving the clock
// (the timed views are in tests/clock/ad.test.mjs): uploads checked by
// content (images, MP4 and WebM videos), ads created from an upload or a
// listed product, paused (gone from the member's list) and resumed, each
// change audited; a video ad's PNG poster frame (required, PNG only,
// listed to the member and served by nginx); the upline shares refused past 3 generations; the
// obligation on the obligations report.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createMember, loginMember, adminClient, ctl, sql, newPhone } from './lib.mjs';
import { png, jpeg, mp4 } from './images.mjs';

// The smallest files libmagic calls video/mp4 and video/webm.
const MP4 = mp4(Date.now());
const WEBM = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2,
	0x81, 0x04, 0x42, 0xf3, 0x81, 0x08, 0x42, 0x82, 0x84, 0x77, 0x65, 0x62, 0x6d, 0x42, 0x87, 0x81, 0x04, 0x42, 0x85,
	0x81, 0x02]);

let admin;
async function upload(bytes, type, query = '') {
	const csrf = await admin.csrfFor('/admin');
	return admin.request('POST', '/admin/ads/upload' + query, { headers: { 'X-CSRF-Token': csrf }, body: bytes, contentType: type });
}

before(async () => { admin = (await adminClient()).client; });

describe('ads in the back office (H1)', () => {
	test('uploads are checked by their bytes: images and MP4/WebM videos, nothing else', async () => {
		let r = await upload(png(6, 6, [1, 2, 3], { text: 'adimg' + Date.now() }), 'image/png');
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.kind, 'image');
		r = await upload(MP4, 'video/mp4');
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.kind, 'video');
		assert.match(r.body.url, /\.mp4$/);
		const mp4 = r.body.url;
		// served by nginx as a video
		const got = await admin.get(mp4, { json: false });
		assert.equal(got.status, 200);
		assert.equal(got.headers.get('content-type'), 'video/mp4');
		r = await upload(WEBM, 'video/webm');
		assert.equal(r.status, 200, r.text);
		assert.match(r.body.url, /\.webm$/);
		// a text file called a video, and an empty body
		r = await upload(Buffer.from('不是视频\n'.repeat(40)), 'video/mp4');
		assert.equal(r.status, 415);
		assert.equal(r.body.error.code, 'bad_type');
		r = await upload(Buffer.alloc(0), 'video/mp4');
		assert.equal(r.status, 400);

		// a video ad must carry a video; an image ad an image
		r = await admin.post('/admin/ads', { kind: 'image', title: '错配', media: mp4, duration: 15 });
		assert.equal(r.status, 400);
		assert.equal(r.body.error.field, 'media');
	});

	test('a video ad carries its PNG poster frame: required, PNG only, listed and served as image/png', async () => {
		let r = await upload(mp4('poster-' + Date.now()), 'video/mp4');
		assert.equal(r.status, 200, r.text);
		const video = r.body.url;
		const before = sql('SELECT COUNT(*) FROM ads')[0][0];
		// no poster: refused, naming the field
		r = await admin.post('/admin/ads', { kind: 'video', title: '无封面', media: video, duration: 15 });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.body.error.field, 'poster');
		assert.match(r.body.error.message, /视频广告须上传视频封面（PNG 图片）/);
		// the poster upload takes a PNG only: a JPEG (an image otherwise
		// accepted) and a video refused
		r = await upload(jpeg({ comment: 'poster' + Date.now() }), 'image/jpeg', '?for=poster');
		assert.equal(r.status, 415, r.text);
		assert.equal(r.body.error.field, 'poster');
		assert.match(r.body.error.message, /只能上传 PNG/);
		r = await upload(mp4('p2-' + Date.now()), 'video/mp4', '?for=poster');
		assert.equal(r.status, 415, r.text);
		// a JPEG uploaded as an ad image is no poster either
		const jpg = (await upload(jpeg({ comment: 'notposter' + Date.now() }), 'image/jpeg')).body.url;
		assert.match(jpg, /\.jpg$/);
		for (const poster of [jpg, video, '/uploads/../etc/passwd.png', 'https://example.com/a.png']) {
			r = await admin.post('/admin/ads', { kind: 'video', title: '错误封面', media: video, poster, duration: 15 });
			assert.equal(r.status, 400, `${poster}: ${r.text}`);
			assert.equal(r.body.error.field, 'poster');
		}
		assert.equal(sql('SELECT COUNT(*) FROM ads')[0][0], before, 'refused input created nothing');

		r = await upload(png(32, 18, [200, 60, 40], { text: 'poster' + Date.now() }), 'image/png', '?for=poster');
		assert.equal(r.status, 200, r.text);
		const poster = r.body.url;
		assert.match(poster, /^\/uploads\/[0-9a-f]{2}\/[0-9a-f]{64}\.png$/);
		r = await admin.post('/admin/ads', { kind: 'video', title: '新品视频', media: video, poster, duration: 15 });
		assert.equal(r.status, 200, r.text);
		const id = r.body.id;
		assert.deepEqual(sql(`SELECT kind, media, poster FROM ads WHERE id = ${id}`), [['video', video, poster]]);
		// the member's list names it; the back office's too
		const m = createMember();
		ctl('credit', m.phone, 'MALLPTS', '5.00', '广告测试');
		m.client = await loginMember(m.phone);
		const ad = (await m.client.get('/ad')).body.ads.find((a) => a.id === id);
		assert.ok(ad, 'the video ad is listed');
		assert.deepEqual([ad.is_video, ad.media, ad.poster], [true, video, poster]);
		const html = (await m.client.get('/ad', { json: false })).text;
		assert.ok(html.includes(`<img src="${poster}"`), 'the thumbnail is the poster');
		assert.ok(html.includes(`data-poster="${poster}"`), 'the player gets it');
		assert.ok((await admin.get('/admin/ads')).body.ad.ads.some((a) => a.id === id && a.poster === poster));
		// served by nginx as a PNG
		const got = await m.client.get(poster, { json: false });
		assert.equal(got.status, 200);
		assert.equal(got.headers.get('content-type'), 'image/png');
	});

	test('create, refuse bad input, pause and resume: audited; a paused ad leaves the member page', async () => {
		const up = await upload(png(6, 6, [9, 8, 7], { text: 'adimg2' + Date.now() }), 'image/png');
		// bad input changes nothing
		const before = sql('SELECT COUNT(*) FROM ads')[0][0];
		for (const [fields, field] of [
			[{ kind: 'image', title: '外链', media: up.body.url, duration: 30, link: 'https://example.com/' }, 'link'],
			[{ kind: 'image', title: '太短', media: up.body.url, duration: 2 }, 'duration'],
			[{ kind: 'image', title: '无图', duration: 30 }, 'media'],
			[{ kind: 'product', title: '无此商品', product: 999999999, duration: 30 }, 'product'],
			[{ kind: 'image', title: '排期', media: up.body.url, duration: 30, starts: '2027-02-01 08:00', ends: '2027-01-01 08:00' }, 'ends'],
		]) {
			const r = await admin.post('/admin/ads', fields);
			assert.equal(r.status, 400, `${JSON.stringify(fields)}: ${r.text}`);
			assert.equal(r.body.error.field, field);
		}
		assert.equal(sql('SELECT COUNT(*) FROM ads')[0][0], before);

		let r = await admin.post('/admin/ads', { kind: 'image', title: '暂停测试广告', media: up.body.url, duration: 20, daily_views: 100 });
		assert.equal(r.status, 200, r.text);
		const id = r.body.id;
		const m = createMember();
		ctl('credit', m.phone, 'MALLPTS', '5.00', '广告测试');
		m.client = await loginMember(m.phone);
		const listed = async () => (await m.client.get('/ad')).body.ads.some((a) => a.id === id);
		assert.equal(await listed(), true);
		assert.equal((await admin.post(`/admin/ads/${id}/pause`, {})).status, 200);
		assert.equal(await listed(), false);
		r = await m.client.post(`/ad/${id}/start`, {});
		assert.equal(r.status, 404, 'a paused ad cannot be started');
		assert.equal((await admin.post(`/admin/ads/${id}/resume`, {})).status, 200);
		assert.equal(await listed(), true);
		// a schedule in the future takes it off the list
		r = await admin.post(`/admin/ads/${id}/budget`, { daily_views: 5, starts: '2099-01-01 00:00', ends: '' });
		assert.equal(r.status, 200, r.text);
		assert.equal(await listed(), false);
		assert.deepEqual(sql(`SELECT action FROM audit_log WHERE target_type = 'ad' AND target_id = ${id} ORDER BY id`),
			[['ad.create'], ['ad.pause'], ['ad.resume'], ['ad.budget']]);
		const page = await admin.get('/admin/ads');
		assert.equal(page.status, 200);
		assert.ok(page.body.ad.ads.some((a) => a.id === id && a.daily_views === 5 && a.starts === '2099-01-01 00:00'));
	});

	test('a product ad lands on its product page', async () => {
		const mm = createMember();
		mm.client = await loginMember(mm.phone);
		const a = await mm.client.post('/merchant/apply', { name: '广告好物', contact: '王店长', phone: newPhone(),
			license_no: '91440300MA5GBAD001', address: '深圳市南山区粤海街道 9 号' });
		assert.equal((await admin.post(`/admin/merchants/${a.body.merchant_id}/approve`, {})).status, 200);
		const p = await mm.client.post('/merchant/products', { title: '广告商品·脐橙', mall: 'CHANGE',
			supply_price: '20.00', retail_price: '39.00', stock: '10' });
		const pid = p.body.product.id;
		let r = await admin.post('/admin/ads', { kind: 'product', title: '未上架', product: pid, duration: 30 });
		assert.equal(r.status, 400, 'only a listed product');
		assert.equal((await admin.post(`/admin/products/${pid}/list`, {})).status, 200);
		r = await admin.post('/admin/ads', { kind: 'product', title: '脐橙上新', product: pid, duration: 30 });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(sql(`SELECT kind, link FROM ads WHERE id = ${r.body.id}`), [['product', `/shop/product/${pid}`]]);
	});

	test('upline shares: more than 3 generations refused (DESIGN §1); the obligation is reported', async () => {
		let r = await admin.post('/admin/settings', { 'ad.upline_bp': '[1000,500,100,50]' });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.body.error.field, 'ad.upline_bp');
		assert.match(r.body.error.message, /最多 3 代/);
		r = await admin.post('/admin/settings', { 'ad.upline_bp': '[1000,20000]' });
		assert.equal(r.status, 400);
		const eco = await admin.get('/admin/economy');
		const row = eco.body.economy.obligations.find((o) => /广告奖励待兑/.test(o.label));
		assert.ok(row, 'the ad row on the obligations report');
		// every 消费积分 held × 1.00 per point
		const held = Number(sql("SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE owner_type = 'member' AND kind = 'main' AND currency = 'MALLPTS'")[0][0]);
		assert.equal(row.balance, (held / 100).toFixed(2));
	});
});
