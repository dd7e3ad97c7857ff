// Stores and pickups on a 390 px phone (FEATURES F8, C6, issue 16): a
// member opens the cashier URL the store's QR poster carries, types the
// amount, sees the store and what it gives on the confirmation step, pays
// from 零钱; the store's staff see the payment on their till page. Then a
// 到店自提 order: its pickup code and QR on the order page, verified once by
// the point's staff on their page, a second time refused. Setup through
// HTTP; the screenshots are under build/screenshots/store-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, PHONE, shot, memberLogin, noHorizontalOverflow } from './helpers.mjs';
import { adminClient, createMember, loginMember, ctl, newPhone, SZ_NANSHAN } from '../http/lib.mjs';

const PHONE390 = { ...PHONE, viewport: { width: 390, height: 844 } };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('cashier: scan, amount, confirm, pay; the till shows it; a pickup code verified once', async () => {
	const admin = await adminClient('super');
	const mer = createMember({ region: SZ_NANSHAN });
	mer.client = await loginMember(mer.phone);
	let r = await mer.client.post('/merchant/apply', { name: '浏览器测试商行', contact: '钱店长', phone: newPhone(),
		license_no: '91440300MA5BROWSE1', address: '深圳市南山区科技园 9 号' });
	assert.equal((await admin.client.post(`/admin/merchants/${r.body.merchant_id}/approve`, {})).status, 200);
	r = await mer.client.post('/merchant/stores', { name: '科技园鲜花店', ...SZ_NANSHAN, address: '科技园 9 号一楼',
		hours: '09:00-21:00', commission_bp: '500', queue_mode: 'own' });
	assert.equal(r.status, 200, r.text);
	const store = r.body.store_id;
	assert.equal((await admin.client.post(`/admin/stores/${store}/approve`, {})).status, 200);
	const buyer = createMember({ region: SZ_NANSHAN });
	ctl('credit', buyer.phone, 'CHANGE', '500.00', '测试入账');

	const bctx = await newContext(browser, PHONE390);
	const page = await bctx.newPage();
	await memberLogin(page, buyer);
	await page.goto(`/pay/${store}`);
	await page.getByText('科技园鲜花店').first().waitFor();
	assert.ok(await noHorizontalOverflow(page));
	await shot(page, 'store-cashier');
	await page.fill('input[name=amount]', '168.00');
	await Promise.all([page.waitForURL(`**/pay/${store}`), page.click('button[type=submit]')]);
	await page.getByText('确认付款 ¥168.00').waitFor();
	assert.ok(await noHorizontalOverflow(page));
	await shot(page, 'store-cashier-confirm');
	await Promise.all([page.waitForURL(/\/pay\/\d+\?paid=\d+/), page.click('button:has-text("确认付款")')]);
	await page.getByText('付款成功').first().waitFor();
	const paid = new URL(page.url()).searchParams.get('paid');
	await shot(page, 'store-cashier-paid');

	// the staff's till
	const sctx = await newContext(browser, PHONE390);
	const staff = await sctx.newPage();
	await memberLogin(staff, mer);
	await staff.goto(`/merchant/stores/${store}/till`);
	await staff.locator('.pt-till__total').getByText('¥168.00').waitFor();
	await staff.getByText(`订单 ${paid}`).waitFor();
	assert.ok(await noHorizontalOverflow(staff));
	await shot(staff, 'store-till');
	await staff.goto('/merchant/stores');
	await staff.getByText('收款台').first().waitFor();
	await shot(staff, 'store-list');

	// a pickup point staffed by the merchant; the buyer's order picked up there
	r = await admin.client.post('/admin/service-points', { name: '科技园自提点', ...SZ_NANSHAN, address: '科技园 9 号一楼',
		staff: mer.phone, store: String(store) });
	assert.equal(r.status, 200, r.text);
	const point = r.body.point_id;
	r = await mer.client.post('/merchant/products', { title: '鲜切玫瑰 11 支', mall: 'CHANGE', supply_price: '40.00',
		retail_price: '59.00', stock: '20', description: '当日鲜切' });
	const product = r.body.product.id;
	assert.equal((await admin.client.post(`/admin/products/${product}/list`, {})).status, 200);
	await page.goto(`/shop/buy/${product}`);
	await page.selectOption('select[name=pickup]', String(point));
	await page.fill('input[name=receiver]', '周八');
	await shot(page, 'store-pickup-checkout');
	await Promise.all([page.waitForURL(/\/shop\/order\/\d+$/), page.click('button[type=submit]')]);
	const code = (await page.locator('.pt-pickup__digits').textContent()).trim();
	assert.match(code, /^\d{6}$/);
	await page.locator('img.pt-pickup__qr').evaluate((img) => img.complete && img.naturalWidth > 0 ||
		new Promise((res) => img.addEventListener('load', res)));
	assert.ok(await noHorizontalOverflow(page));
	await shot(page, 'store-pickup-code');

	await staff.goto('/merchant/pickup');
	await staff.fill('input[name=code]', code);
	await Promise.all([staff.waitForURL('**/merchant/pickup'), staff.click('button[type=submit]')]);
	await staff.getByText('核销成功').waitFor();
	await shot(staff, 'store-pickup-verified');
	await staff.fill('input[name=code]', code);
	await Promise.all([staff.waitForResponse((x) => x.url().endsWith('/merchant/pickup') && x.request().method() === 'POST'),
		staff.click('button[type=submit]')]);
	await staff.getByText('已取货，不能重复核销').waitFor();
	await shot(staff, 'store-pickup-again');
	await page.reload();
	await page.getByText('已取货').first().waitFor();

	assert.deepEqual(bctx.errors, []);
	assert.deepEqual(sctx.errors, []);
	await bctx.close();
	await sctx.close();
});
