// C2 products: an approved merchant submits; an admin lists it, possibly
// at another retail price, or rejects it with a reason; only listed
// products are visible (GET /shop/product/:id has product.stock and .price).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createMember, loginMember, adminClient, newPhone } from './lib.mjs';

async function merchant(admin) {
	const m = createMember();
	m.client = await loginMember(m.phone);
	const r = await m.client.post('/merchant/apply', { name: '鲜果小铺', contact: '王店长', phone: newPhone(),
		license_no: '91440300MA5XXXXX1', address: '深圳市南山区科技园 1 号' });
	assert.equal(r.status, 200, r.text);
	assert.equal((await admin.client.post(`/admin/merchants/${r.body.merchant_id}/approve`, {})).status, 200);
	return m;
}

const product = (over = {}) => ({ title: '赣南脐橙 5 斤装', mall: 'CHANGE', supply_price: '30.00',
	retail_price: '49.90', stock: '10', description: '当季现摘', ...over });

describe('products (C2)', () => {
	test('submitted → listed at a changed price → visible; unlisted → gone', async () => {
		const admin = await adminClient('operator');
		const m = await merchant(admin);
		const r = await m.client.post('/merchant/products', product());
		assert.equal(r.status, 200, r.text);
		const id = r.body.product.id;
		assert.ok(id > 0);
		const visitor = new Client();
		assert.equal((await visitor.get(`/shop/product/${id}`, { json: true })).status, 404, 'not visible before listing');
		const low = await admin.client.post(`/admin/products/${id}/list`, { retail_price: '29.99' });
		assert.equal(low.status, 400, 'never below the supply price');
		const ok = await admin.client.post(`/admin/products/${id}/list`, { retail_price: '45.00' });
		assert.equal(ok.status, 200, ok.text);
		const p = await visitor.get(`/shop/product/${id}`, { json: true });
		assert.equal(p.status, 200);
		assert.equal(p.body.product.price, '45.00');
		assert.equal(p.body.product.stock, 10);
		assert.equal(p.body.product.mall, 'CHANGE');
		const mine = (await m.client.get('/merchant/products', { json: true })).body.products;
		assert.equal(mine[0].retail_price, '45.00');
		assert.equal(mine[0].suggested_price, '49.90');
		assert.equal((await admin.client.post(`/admin/products/${id}/unlist`, {})).status, 200);
		assert.equal((await visitor.get(`/shop/product/${id}`, { json: true })).status, 404);
	});

	test('a rejection needs a reason, which the merchant sees', async () => {
		const admin = await adminClient('super');
		const m = await merchant(admin);
		const id = (await m.client.post('/merchant/products', product())).body.product.id;
		assert.equal((await admin.client.post(`/admin/products/${id}/reject`, {})).status, 400);
		assert.equal((await admin.client.post(`/admin/products/${id}/reject`, { reason: '图片不清晰' })).status, 200);
		const mine = (await m.client.get('/merchant/products', { json: true })).body.products;
		assert.equal(mine[0].status, 'rejected');
		assert.equal(mine[0].reason, '图片不清晰');
		assert.equal((await new Client().get(`/shop/product/${id}`, { json: true })).status, 404);
	});

	test('only approved merchants submit; bad input is refused', async () => {
		const plain = createMember();
		plain.client = await loginMember(plain.phone);
		const r = await plain.client.post('/merchant/products', product());
		assert.equal(r.status, 403);
		assert.equal(r.body.error.code, 'not_merchant');
		const admin = await adminClient('super');
		const m = await merchant(admin);
		for (const [over, field] of [[{ mall: 'GOLD' }, 'mall'], [{ supply_price: '0' }, 'supply_price'],
			[{ retail_price: '29.00' }, 'retail_price'], [{ stock: '-1' }, 'stock'], [{ title: '' }, 'title']]) {
			const x = await m.client.post('/merchant/products', product(over));
			assert.equal(x.status, 400, JSON.stringify(over));
			assert.equal(x.body.error.field, field);
		}
		assert.deepEqual((await m.client.get('/merchant/products', { json: true })).body.products, []);
		const auditor = await adminClient('auditor');
		assert.equal((await auditor.client.post('/admin/products/1/list', {})).status, 403);
	});
});
