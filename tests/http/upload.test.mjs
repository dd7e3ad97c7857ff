// C2 product images: an approved merchant POSTs the raw image bytes to
// /merchant/products/:id/images (X-CSRF-Token); the type is decided by the
// content, the size by upload.max_bytes (2 MiB), at most 6 per product.
// The file is stored as <var>/uploads/ab/<sha256>.<ext> and nginx serves
// it at /uploads/…; the product views list it. Every refusal stores
// nothing: no row, no file.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_URL, PINTUAN_CONF, Client, createMember, loginMember, adminClient, newPhone, sql } from './lib.mjs';
import { png, jpeg } from './images.mjs';

const MAX = 2 * 1024 * 1024;
const CHINESE = /[\u4e00-\u9fff]/;

function varDir() {
	const m = readFileSync(PINTUAN_CONF, 'utf8').match(/^var\s*=\s*(.+?)\s*$/m);
	assert.ok(m, `no var in ${PINTUAN_CONF}`);
	return m[1];
}
const UPLOADS = join(varDir(), 'uploads');

// Every stored file, as "ab/….ext" (temporary files included).
function storedFiles() {
	if (!existsSync(UPLOADS)) return [];
	const out = [];
	for (const d of readdirSync(UPLOADS)) for (const f of readdirSync(join(UPLOADS, d))) out.push(`${d}/${f}`);
	return out.sort();
}

const hashOf = (buf) => createHash('sha256').update(buf).digest('hex');
const fileOf = (url) => join(UPLOADS, url.replace(/^\/uploads\//, ''));

// A PNG no run has uploaded before (a random colour and comment).
function freshPng(w = 8, h = 8) {
	const r = randomBytes(3);
	return png(w, h, [r[0], r[1], r[2]], { text: randomBytes(8).toString('hex') });
}

async function merchant(admin) {
	const m = createMember();
	m.client = await loginMember(m.phone);
	const r = await m.client.post('/merchant/apply', { name: '鲜果小铺', contact: '王店长', phone: newPhone(),
		license_no: '91440300MA5XXXXX1', address: '深圳市南山区科技园 1 号' });
	assert.equal(r.status, 200, r.text);
	assert.equal((await admin.client.post(`/admin/merchants/${r.body.merchant_id}/approve`, {})).status, 200);
	m.csrf = await m.client.csrfFor('/merchant/products');
	return m;
}

async function newProduct(m, title = '赣南脐橙 5 斤装') {
	const r = await m.client.post('/merchant/products', { title, mall: 'CHANGE', supply_price: '30.00',
		retail_price: '49.90', stock: '10', description: '当季现摘' });
	assert.equal(r.status, 200, r.text);
	return r.body.product.id;
}

// POST the bytes as the request body, the way static/js/upload.js does.
function upload(client, id, bytes, { type = 'image/png', csrf, headers = {} } = {}) {
	const h = { ...headers };
	if (csrf) h['X-CSRF-Token'] = csrf;
	return client.request('POST', `/merchant/products/${id}/images`, { headers: h, body: bytes, contentType: type });
}

function rowsOf(id) {
	return sql(`SELECT id, path, bytes, mime, position FROM product_images WHERE product_id = ${Number(id)} ORDER BY position`);
}

// Runs f, which must be refused with status and code, and checks that
// nothing was stored: the product's rows and the upload directory are as
// before, and no file is named after bytes (when given).
async function refused(id, status, code, f, bytes) {
	const rows = rowsOf(id), files = storedFiles();
	const r = await f();
	assert.equal(r.status, status, `${code}: ${r.status} ${r.text}`);
	assert.equal(r.body?.ok, false, r.text);
	assert.equal(r.body.error.code, code, r.text);
	assert.match(r.body.error.message, CHINESE);
	assert.deepEqual(rowsOf(id), rows, `${code}: product_images changed`);
	assert.deepEqual(storedFiles(), files, `${code}: a file was stored`);
	if (bytes) assert.ok(!storedFiles().some((f) => f.includes(hashOf(bytes))), `${code}: file named after the bytes`);
	return r;
}

describe('product images (C2)', () => {
	test('a PNG and a JPEG are stored by content hash, served by nginx and listed', async () => {
		const admin = await adminClient('operator');
		const m = await merchant(admin);
		const id = await newProduct(m);
		const p1 = freshPng(64, 64), j1 = jpeg({ comment: randomBytes(8).toString('hex') });

		const a = await upload(m.client, id, p1, { csrf: m.csrf });
		assert.equal(a.status, 200, a.text);
		assert.equal(a.body.ok, true);
		assert.equal(a.body.image.url, `/uploads/${hashOf(p1).slice(0, 2)}/${hashOf(p1)}.png`);
		assert.equal(a.body.image.mime, 'image/png');
		assert.equal(a.body.image.bytes, p1.length);
		// the client's Content-Type does not decide: a JPEG declared as PNG is a .jpg
		const b = await upload(m.client, id, j1, { csrf: m.csrf, type: 'image/png' });
		assert.equal(b.status, 200, b.text);
		assert.match(b.body.image.url, /^\/uploads\/[0-9a-f]{2}\/[0-9a-f]{64}\.jpg$/);
		assert.equal(b.body.image.url, `/uploads/${hashOf(j1).slice(0, 2)}/${hashOf(j1)}.jpg`);
		assert.equal(b.body.image.mime, 'image/jpeg');

		// on disk, byte for byte, and no temporary file beside them
		assert.deepEqual(readFileSync(fileOf(a.body.image.url)), p1);
		assert.deepEqual(readFileSync(fileOf(b.body.image.url)), j1);
		assert.ok(!storedFiles().some((f) => f.includes('.tmp')), 'a temporary file was left');

		// served by nginx with the right type, nosniff and a long cache
		for (const [img, bytes, type] of [[a.body.image, p1, 'image/png'], [b.body.image, j1, 'image/jpeg']]) {
			const r = await fetch(BASE_URL + img.url);
			assert.equal(r.status, 200, img.url);
			assert.equal(r.headers.get('content-type'), type);
			assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
			assert.match(r.headers.get('cache-control') || '', /max-age=31536000/);
			assert.deepEqual(Buffer.from(await r.arrayBuffer()), bytes);
		}

		// the rows: in upload order
		const rows = rowsOf(id);
		assert.deepEqual(rows.map((x) => [x[1], x[2], x[3], x[4]]), [
			[a.body.image.url.slice(9), String(p1.length), 'image/png', '1'],
			[b.body.image.url.slice(9), String(j1.length), 'image/jpeg', '2'],
		]);

		// the merchant's list shows them
		const mine = (await m.client.get('/merchant/products', { json: true })).body.products.find((p) => p.id === id);
		assert.deepEqual(mine.images.map((x) => x.url), [a.body.image.url, b.body.image.url]);
		assert.equal(mine.image_count, 2);
		assert.equal(mine.images_full, false);
		const page = await m.client.get('/merchant/products', { json: false });
		assert.ok(page.text.includes(`src="${a.body.image.url}"`), 'thumbnail on the merchant page');
		assert.ok(page.text.includes(`data-upload="/merchant/products/${id}/images"`), 'upload control');

		// once listed, the public product: images and the first as cover
		assert.equal((await admin.client.post(`/admin/products/${id}/list`, {})).status, 200);
		const pub = (await new Client().get(`/shop/product/${id}`, { json: true })).body.product;
		assert.deepEqual(pub.images.map((x) => x.url), [a.body.image.url, b.body.image.url]);
		assert.equal(pub.cover, a.body.image.url);
		const html = await new Client().get(`/shop/product/${id}`, { json: false });
		assert.equal(html.status, 200);
		assert.match(html.text, /class="pt-gallery"/);
		assert.ok(html.text.indexOf(a.body.image.url) < html.text.indexOf(b.body.image.url), 'gallery in order');
	});

	test('a product without images has no cover and no gallery', async () => {
		const admin = await adminClient('operator');
		const m = await merchant(admin);
		const id = await newProduct(m);
		assert.equal((await admin.client.post(`/admin/products/${id}/list`, {})).status, 200);
		const pub = (await new Client().get(`/shop/product/${id}`, { json: true })).body.product;
		assert.deepEqual(pub.images, []);
		assert.equal('cover' in pub, false);
		const html = await new Client().get(`/shop/product/${id}`, { json: false });
		assert.doesNotMatch(html.text, /pt-gallery/);
	});

	test('wrong content, empty and oversize bodies are refused and store nothing', async () => {
		const admin = await adminClient('operator');
		const m = await merchant(admin);
		const id = await newProduct(m);
		const text = Buffer.from('这是一个文本文件，只是改名成了 photo.png\n'.repeat(20));
		await refused(id, 415, 'bad_type', () => upload(m.client, id, text, { csrf: m.csrf }), text);
		const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
		await refused(id, 415, 'bad_type', () => upload(m.client, id, svg, { csrf: m.csrf, type: 'image/svg+xml' }), svg);
		const gif = Buffer.from('474946383961010001000000002c00000000010001000002024401003b', 'hex');
		await refused(id, 415, 'bad_type', () => upload(m.client, id, gif, { csrf: m.csrf, type: 'image/gif' }), gif);
		// a PNG signature alone is not a PNG
		const sig = png().subarray(0, 8);
		await refused(id, 415, 'bad_type', () => upload(m.client, id, sig, { csrf: m.csrf }), sig);
		await refused(id, 400, 'empty', () => upload(m.client, id, Buffer.alloc(0), { csrf: m.csrf }));
		// a valid PNG one byte over the limit; exactly the limit passes
		const tag = randomBytes(8).toString('hex');
		const big = png(4, 4, [10, 200, 90], { padTo: MAX + 1, text: tag });
		const r = await refused(id, 413, 'too_large', () => upload(m.client, id, big, { csrf: m.csrf }), big);
		assert.match(r.body.error.message, /2 MB/);
		const edge = png(4, 4, [10, 200, 90], { padTo: MAX, text: tag });
		const ok = await upload(m.client, id, edge, { csrf: m.csrf });
		assert.equal(ok.status, 200, ok.text);
		assert.equal(statBytes(ok.body.image.url), MAX);
		// over nginx's own body limit (8 MiB): refused before the program
		const huge = Buffer.concat([png(), Buffer.alloc(9 * 1024 * 1024)]);
		const rows = rowsOf(id), files = storedFiles();
		const h = await upload(m.client, id, huge, { csrf: m.csrf });
		assert.equal(h.status, 413);
		assert.deepEqual(rowsOf(id), rows);
		assert.deepEqual(storedFiles(), files);
	});

	test('at most 6 images a product; the same image twice is refused', async () => {
		const admin = await adminClient('operator');
		const m = await merchant(admin);
		const id = await newProduct(m);
		const first = freshPng();
		assert.equal((await upload(m.client, id, first, { csrf: m.csrf })).status, 200);
		await refused(id, 409, 'duplicate', () => upload(m.client, id, first, { csrf: m.csrf }));
		for (let i = 2; i <= 6; i++) {
			const r = await upload(m.client, id, i % 2 ? freshPng() : jpeg({ comment: randomBytes(8).toString('hex') }), { csrf: m.csrf });
			assert.equal(r.status, 200, `image ${i}: ${r.text}`);
		}
		assert.equal(rowsOf(id).length, 6);
		const seventh = freshPng();
		const r = await refused(id, 409, 'too_many', () => upload(m.client, id, seventh, { csrf: m.csrf }), seventh);
		assert.match(r.body.error.message, /6/);
		const mine = (await m.client.get('/merchant/products', { json: true })).body.products.find((p) => p.id === id);
		assert.equal(mine.images_full, true);
		const page = await m.client.get('/merchant/products', { json: false });
		assert.ok(!page.text.includes(`data-upload="/merchant/products/${id}/images"`), 'no upload control when full');
	});

	test('concurrent uploads never pass 6; the refused ones leave no file', async () => {
		const admin = await adminClient('operator');
		const m = await merchant(admin);
		const id = await newProduct(m);
		const files = storedFiles();
		const imgs = Array.from({ length: 10 }, () => freshPng());
		const res = await Promise.all(imgs.map((b) => upload(m.client, id, b, { csrf: m.csrf })));
		const ok = res.filter((r) => r.status === 200);
		assert.equal(ok.length, 6, res.map((r) => r.status).join(' '));
		for (const r of res.filter((x) => x.status !== 200)) assert.equal(r.body.error.code, 'too_many', r.text);
		assert.deepEqual(rowsOf(id).map((x) => x[4]), ['1', '2', '3', '4', '5', '6']);
		const added = storedFiles().filter((f) => !files.includes(f));
		assert.deepEqual(added.sort(), ok.map((r) => r.body.image.url.slice(9)).sort());
	});

	test('only the owning merchant, logged in and with the CSRF token, may upload', async () => {
		const admin = await adminClient('operator');
		const owner = await merchant(admin);
		const other = await merchant(admin);
		const id = await newProduct(owner);
		const img = freshPng();
		await refused(id, 404, 'not_found', () => upload(other.client, id, img, { csrf: other.csrf }), img);
		await refused(id, 404, 'not_found', () => upload(owner.client, 999999999, img, { csrf: owner.csrf }), img);
		const plain = createMember();
		plain.client = await loginMember(plain.phone);
		const pc = await plain.client.csrfFor('/merchant');
		await refused(id, 403, 'not_merchant', () => upload(plain.client, id, img, { csrf: pc }), img);
		const visitor = new Client();
		const vc = await visitor.csrfFor('/merchant');
		await refused(id, 401, 'login_required', () => upload(visitor, id, img, { csrf: vc }), img);
		await refused(id, 403, 'csrf', () => upload(owner.client, id, img), img);
		await refused(id, 403, 'csrf', () => upload(owner.client, id, img, { csrf: other.csrf }), img);
		await refused(id, 403, 'csrf', () => upload(owner.client, id, img,
			{ csrf: owner.csrf, headers: { 'Sec-Fetch-Site': 'cross-site' } }), img);
		// and the owner can
		assert.equal((await upload(owner.client, id, img, { csrf: owner.csrf })).status, 200);
	});

	test('deleting: the row goes; the file goes with the last product using it', async () => {
		const admin = await adminClient('operator');
		const m = await merchant(admin);
		const other = await merchant(admin);
		const id1 = await newProduct(m, '商品一'), id2 = await newProduct(m, '商品二');
		const shared = freshPng(), own = freshPng();
		const a = (await upload(m.client, id1, shared, { csrf: m.csrf })).body.image;
		const b = (await upload(m.client, id1, own, { csrf: m.csrf })).body.image;
		const c = (await upload(m.client, id2, shared, { csrf: m.csrf })).body.image;
		assert.equal(a.url, c.url, 'one file for the same bytes');
		assert.equal(storedFiles().filter((f) => f.includes(hashOf(shared))).length, 1);

		// someone else's, an unknown one, no CSRF: refused, nothing removed
		const del = (client, pid, img, opts) => client.post(`/merchant/products/${pid}/images/${img}/delete`, {}, opts);
		await refused(id1, 404, 'not_found', () => del(other.client, id1, a.id));
		await refused(id1, 404, 'not_found', () => del(m.client, id2, a.id));
		await refused(id1, 404, 'not_found', () => del(m.client, id1, 999999999));
		await refused(id1, 403, 'csrf', () => del(m.client, id1, a.id, { csrf: false }));

		// the cover goes: the next image becomes the cover; the shared file stays
		const r = await del(m.client, id1, a.id);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.ok, true);
		assert.deepEqual(rowsOf(id1).map((x) => Number(x[0])), [b.id]);
		assert.ok(existsSync(fileOf(a.url)), 'still used by the other product');
		const mine = (await m.client.get('/merchant/products', { json: true })).body.products.find((p) => p.id === id1);
		assert.deepEqual(mine.images.map((x) => x.id), [b.id]);
		assert.equal((await del(m.client, id1, a.id)).status, 404, 'already deleted');

		// the last user of each file: the file goes too
		assert.equal((await del(m.client, id2, c.id)).status, 200);
		assert.ok(!existsSync(fileOf(a.url)), 'unused file removed');
		assert.equal((await del(m.client, id1, b.id)).status, 200);
		assert.ok(!existsSync(fileOf(b.url)));
		assert.deepEqual(rowsOf(id1), []);
		assert.equal((await fetch(BASE_URL + b.url)).status, 404, 'no longer served');

		// a browser form gets a redirect back to the list
		const d = (await upload(m.client, id1, own, { csrf: m.csrf })).body.image;
		const f = await m.client.post(`/merchant/products/${id1}/images/${d.id}/delete`, {}, { json: false });
		assert.equal(f.status, 303);
		assert.equal(f.location, '/merchant/products');
	});

	test('a file an ad also shows stays when the last product image with it goes', async () => {
		const admin = await adminClient('operator');
		const m = await merchant(admin);
		const id = await newProduct(m, '广告同图商品');
		const bytes = freshPng();
		const img = (await upload(m.client, id, bytes, { csrf: m.csrf })).body.image;
		// the same bytes uploaded as an ad's picture: one stored file
		const sup = (await adminClient('super')).client;
		const csrf = await sup.csrfFor('/admin');
		const up = await sup.request('POST', '/admin/ads/upload', { headers: { 'X-CSRF-Token': csrf }, body: bytes, contentType: 'image/png' });
		assert.equal(up.status, 200, up.text);
		assert.equal(up.body.url, img.url, 'one file for the same bytes');
		const ad = await sup.post('/admin/ads', { kind: 'image', title: '同图广告', media: up.body.url, duration: 15 });
		assert.ok(ad.status < 400, ad.text);
		assert.equal((await m.client.post(`/merchant/products/${id}/images/${img.id}/delete`, {})).status, 200);
		assert.ok(existsSync(fileOf(img.url)), 'the ad still shows it');
		assert.equal((await fetch(BASE_URL + img.url)).status, 200);
	});

	test('nginx serves uploads as files only: no listing, no dot files, no POST', async () => {
		const admin = await adminClient('operator');
		const m = await merchant(admin);
		const id = await newProduct(m);
		const url = (await upload(m.client, id, freshPng(), { csrf: m.csrf })).body.image.url;
		const dir = url.slice(0, url.lastIndexOf('/') + 1);
		for (const path of ['/uploads/', dir]) {
			const r = await fetch(BASE_URL + path);
			assert.ok(r.status === 403 || r.status === 404, `${path}: ${r.status}`);
			assert.doesNotMatch(await r.text(), /Index of/);
		}
		assert.equal((await fetch(BASE_URL + dir + '.tmp-abcdef')).status, 404);
		assert.equal((await fetch(BASE_URL + url, { method: 'POST', body: 'x' })).status, 403);
	});
});

function statBytes(url) {
	return readFileSync(fileOf(url)).length;
}
