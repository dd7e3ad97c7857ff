// Service points and 到店自提 (服务点, FEATURES C6, issue 16): the platform
// appoints points with their staff member; at checkout the buyer sees the
// points nearest first (their district, then their city, then the rest)
// and picks one; the order gets a 6-digit pickup code (and its QR); the
// point's staff verify it (POST /merchant/pickup): the order completes
// (the merchant is credited) and the staff member earns the pickup reward
// (setting pickup.reward, 20.00 by default) once; a second scan is refused
// with 409 picked_up, a cancelled order's code with 409 state.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createMembers, loginMember, adminClient, newPhone, sql, CTL, PINTUAN_CONF, SZ_NANSHAN, BJ_DONGCHENG }
	from './lib.mjs';

const run = promisify(execFile);
const SZ_FUTIAN = { province: '440000', city: '440300', district: '440304' };

async function verify() {
	const r = await run(CTL, ['verify'], { env: { ...process.env, PINTUAN_CONF } }).catch((e) => e);
	assert.equal(r.code ?? 0, 0, `ctl verify: ${r.stdout}${r.stderr}`);
}

const change = (member) => sql(`SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE owner_type = 'member'
	AND owner_id = ${member} AND kind = 'main' AND currency = 'CHANGE'`)[0][0];

describe('service points and pickup', () => {
	let admin, product, mer;

	before(async () => {
		admin = await adminClient('super');
		[mer] = await createMembers(1);
		mer.client = await loginMember(mer.phone);
		const a = await mer.client.post('/merchant/apply', { name: '自提小铺', contact: '吴店长', phone: newPhone(),
			license_no: '91440300MA5PICKUP', address: '深圳市南山区科苑路 1 号' });
		assert.equal((await admin.client.post(`/admin/merchants/${a.body.merchant_id}/approve`, {})).status, 200);
		const p = await mer.client.post('/merchant/products', { title: '自提测试 大米', mall: 'CHANGE',
			supply_price: '30.00', retail_price: '50.00', stock: '100', description: '到店自提测试商品' });
		assert.equal(p.status, 200, p.text);
		product = p.body.product.id;
		assert.equal((await admin.client.post(`/admin/products/${product}/list`, {})).status, 200);
	});

	test('a pickup order verified once: completed, the reward paid once, a second scan refused', async () => {
		const [staff, other, buyer] = await createMembers(3, { region: SZ_NANSHAN, credit: { CHANGE: '200.00' } });
		for (const m of [staff, other, buyer]) m.client = await loginMember(m.phone);
		const point = (fields) => admin.client.post('/admin/service-points', { address: '测试路 1 号',
			staff: staff.phone, ...fields });

		// bad input: nothing is made
		let r = await point({ name: '无人服务点', ...SZ_NANSHAN, staff: newPhone() });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.body.error.field, 'staff');
		r = await point({ name: '错区服务点', ...SZ_NANSHAN, district: '110101' });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.body.error.field, 'district');

		const ids = {};
		for (const [name, region] of [['北京东城服务点', BJ_DONGCHENG], ['福田服务点', SZ_FUTIAN], ['南山服务点', SZ_NANSHAN]]) {
			r = await point({ name, ...region });
			assert.equal(r.status, 200, r.text);
			ids[name] = r.body.point_id;
		}
		const list = await admin.client.get('/admin/service-points');
		assert.equal(list.status, 200);
		assert.equal(list.body.reward, '20.00');
		assert.ok(list.body.points.some((p) => p.id === ids['南山服务点'] && p.staff === staff.phone));
		assert.equal(list.body.points.find((p) => p.id === ids['南山服务点']).status_name, '启用中', 'the state in words');
		const listPage = await admin.client.get('/admin/service-points', { json: false });
		assert.ok(!/<td>active<\/td>/.test(listPage.text), 'no raw state code on the page');

		// checkout: the buyer (南山) sees 南山 before 福田 before 北京
		const buy = await buyer.client.get(`/shop/buy/${product}`);
		assert.equal(buy.status, 200, buy.text);
		const order = buy.body.points.map((p) => p.id).filter((id) => Object.values(ids).includes(id));
		assert.deepEqual(order, [ids['南山服务点'], ids['福田服务点'], ids['北京东城服务点']]);
		assert.equal(buy.body.points.find((p) => p.id === ids['南山服务点']).near, '同区');
		assert.equal(buy.body.points.find((p) => p.id === ids['福田服务点']).near, '同城');

		r = await buyer.client.post('/shop/order', { product: String(product), qty: '1', receiver: '郑九',
			phone: buyer.phone, pickup: String(ids['南山服务点']) });
		assert.equal(r.status, 200, r.text);
		const oid = r.body.order.id;
		const page = await buyer.client.get(`/shop/order/${oid}`);
		assert.equal(page.status, 200);
		assert.match(page.body.pickup.code, /^\d{6}$/);
		assert.equal(page.body.pickup.point, '南山服务点');
		assert.equal(page.body.pickup.status, 'waiting');
		assert.match(page.body.order.address, /^到店自提：南山服务点/);
		const code = page.body.pickup.code;
		const qr = await buyer.client.get(`/shop/order/${oid}/pickup.svg`, { json: false });
		assert.equal(qr.status, 200);
		assert.match(qr.text, /^<svg/);
		assert.equal((await other.client.get(`/shop/order/${oid}/pickup.svg`, { json: false })).status, 404);

		// not the point's staff: no such code for them; a malformed code by field
		r = await other.client.post('/merchant/pickup', { code });
		assert.equal(r.status, 404, r.text);
		r = await staff.client.post('/merchant/pickup', { code: '12ab' });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.body.error.field, 'code');
		assert.equal(sql(`SELECT status FROM orders WHERE id = ${oid}`)[0][0], 'paid');

		const merBefore = Number(change(mer.id));
		r = await staff.client.post('/merchant/pickup', { code });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.order, oid);
		assert.equal(r.body.reward, '20.00');
		assert.equal(sql(`SELECT status FROM orders WHERE id = ${oid}`)[0][0], 'completed');
		assert.equal(change(staff.id), String(20000 + 2000), 'the staff member earned 20.00');
		assert.equal(Number(change(mer.id)) - merBefore, 3000, 'the merchant credited the supply price');
		assert.deepEqual(sql(`SELECT event FROM order_events WHERE order_id = ${oid} ORDER BY seq`), [['paid'], ['completed']]);

		// again: refused, nothing more paid
		r = await staff.client.post('/merchant/pickup', { code });
		assert.equal(r.status, 409, r.text);
		assert.equal(r.body.error.code, 'picked_up');
		assert.equal(change(staff.id), '22000');
		assert.equal(sql(`SELECT COUNT(*) FROM journal WHERE kind = 'pickup.reward' AND ref_id = ${oid}`)[0][0], '1');
		assert.equal((await buyer.client.get(`/shop/order/${oid}`)).body.pickup.status, 'picked_up');
		const staffPage = await staff.client.get('/merchant/pickup');
		assert.equal(staffPage.status, 200);
		assert.equal(staffPage.body.recent[0].order, oid);

		// a cancelled pickup order's code is refused
		r = await buyer.client.post('/shop/order', { product: String(product), qty: '1', receiver: '郑九',
			phone: buyer.phone, pickup: String(ids['福田服务点']) });
		assert.equal(r.status, 200, r.text);
		const o2 = r.body.order.id;
		const code2 = (await buyer.client.get(`/shop/order/${o2}`)).body.pickup.code;
		assert.equal((await buyer.client.post(`/shop/order/${o2}/cancel`, {})).status, 200);
		r = await staff.client.post('/merchant/pickup', { code: code2 });
		assert.equal(r.status, 409, r.text);
		assert.equal(r.body.error.code, 'state');
		assert.equal(change(staff.id), '22000');
		// an unknown point is refused at checkout
		r = await buyer.client.post('/shop/order', { product: String(product), qty: '1', receiver: '郑九',
			phone: buyer.phone, pickup: '999999999' });
		assert.equal(r.status, 404, r.text);
		assert.equal(r.body.error.field, 'pickup');
		await verify();
	});
});
