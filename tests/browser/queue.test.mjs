// test-stack: serial (turns the queue on: every mall order would join it); runs alone, before the files that run at once
// 我的排队 on a 390 px phone (FEATURES F1–F6, issue 15): an entitlement
// paid in full and one waiting with its position, the ratio and the rule
// that decided it; the lottery drawn from the page (the seed then shown);
// the exchange with its confirmation step. Setup through HTTP: two orders
// of ¥168 at 130% with 65% extraction, so the first is paid in full by
// both fundings and the second waits, unpaid, allowed to draw.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join, dirname } from 'node:path';
import { launch, newContext, PHONE, shot, memberLogin, noHorizontalOverflow } from './helpers.mjs';
import { adminClient, createMember, loginMember, ctl, newPhone, sql, CTL, PINTUAN_CONF, PASSWORD } from '../http/lib.mjs';

const run = promisify(execFile);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const PHONE390 = { ...PHONE, viewport: { width: 390, height: 844 } };
const KEYS = { 'queue.enabled': 'true', 'queue.settle_on': '"paid"', 'queue.mall_scope': 'false',
	'queue.default_bp': '13000', 'queue.extract_bp': '6500', 'queue.lottery': '[1000,2000,5000]' };

async function settings(values) {
	const q = Object.entries(values).map(([k, v]) => v === undefined
		? `DELETE FROM settings WHERE k = '${k}'`
		: `INSERT INTO settings (k, v, updated_at) VALUES ('${k}', '${v}', NOW()) ON DUPLICATE KEY UPDATE v = VALUES(v)`);
	sql(`${q.join('; ')}; UPDATE settings_meta SET version = version + 1 WHERE id = 1`);
	await sleep(1500);
}

let browser;
before(async () => {
	browser = await launch();
	await settings(KEYS);
});
after(async () => {
	await browser?.close();
	await settings(Object.fromEntries(Object.keys(KEYS).map((k) => [k, undefined])));
});

test('我的排队: positions, ratio and its source in words, the lottery, the exchange', async () => {
	const admin = await adminClient('super');
	const mer = createMember();
	mer.client = await loginMember(mer.phone);
	const a = await mer.client.post('/merchant/apply', { name: '排队小铺', contact: '孙店长', phone: newPhone(),
		license_no: '91440300MA5XXXXX4', address: '深圳市南山区科技园 4 号' });
	assert.equal((await admin.client.post(`/admin/merchants/${a.body.merchant_id}/approve`, {})).status, 200);
	const p = await mer.client.post('/merchant/products', { title: '有机大米 10 斤', mall: 'CHANGE', supply_price: '90.00',
		retail_price: '168.00', stock: '20', description: '东北五常' });
	assert.equal((await admin.client.post(`/admin/products/${p.body.product.id}/list`, {})).status, 200);

	const b = createMember();
	ctl('credit', b.phone, 'CHANGE', '500.00', '测试入账');
	b.client = await loginMember(b.phone);
	const orders = [];
	for (let i = 0; i < 2; i++) {
		const r = await b.client.post('/shop/order', { product: String(p.body.product.id), qty: '1', receiver: '周八',
			phone: '13912345678', address: '广东省深圳市南山区粤海街道 10 号' });
		assert.equal(r.status, 200, r.text);
		orders.push(r.body.order.id);
	}
	const deadline = Date.now() + 60000;
	while (Number(sql(`SELECT COUNT(*) FROM queue_entitlements WHERE order_id IN (${orders.join(',')})`)[0][0]) < 2) {
		assert.ok(Date.now() < deadline, 'the entitlements were made');
		await run(join(dirname(CTL), 'jobs'), ['--once'], { env: { ...process.env, PINTUAN_CONF } }).catch(() => {});
	}

	const ctx = await newContext(browser, PHONE390);
	const page = await ctx.newPage();
	await memberLogin(page, { phone: b.phone, password: PASSWORD });
	await page.getByText('我的排队').click();
	await page.waitForURL('**/queue');
	const main = page.locator('main');
	await page.getByText(`订单 ${orders[1]}`).waitFor();
	const text = await main.textContent();
	assert.match(text, /218\.40\s*\/\s*218\.40 已返/, 'the first is paid in full');
	assert.match(text, /0\.00\s*\/\s*218\.40 已返/, 'the second waits');
	assert.match(text, /按默认比例 130%/);
	assert.match(text, /排在第 1 位/);
	assert.ok(await noHorizontalOverflow(page));
	await shot(page, 'queue-1-mine');

	await Promise.all([page.waitForURL('**/queue'), page.getByRole('button', { name: '抽返利比例' }).click()]);
	await page.getByText(/抽中返利比例 (10|20|50)%/).first().waitFor();
	const drawn = await main.textContent();
	assert.match(drawn, /按抽奖结果 比例 (10|20|50)%/);
	assert.match(drawn, /已公开种子：[0-9a-f]{64}/);
	assert.equal(await page.getByRole('button', { name: '抽返利比例' }).count(), 0, 'drawn once');
	assert.ok(await noHorizontalOverflow(page));
	await shot(page, 'queue-2-drawn');

	await page.getByRole('link', { name: '兑换' }).click();
	await page.waitForURL('**/exchange');
	await page.fill('input[name=amount]', '10.00');
	await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '下一步' }).click()]);
	await page.getByRole('button', { name: '确认兑换' }).waitFor();
	assert.match(await main.textContent(), /10\.00/);
	assert.ok(await noHorizontalOverflow(page));
	await shot(page, 'queue-3-exchange-confirm');
	await Promise.all([page.waitForURL('**/queue'), page.getByRole('button', { name: '确认兑换' }).click()]);
	await page.getByText('已兑换 100.00').first().waitFor();
	await shot(page, 'queue-4-exchanged');
	assert.deepEqual(ctx.errors, []);
});
