// test-stack: serial (changes the chain.* settings: packages granted on paid, inline)
// 链动团队 /team on a 390 px phone (FEATURES G1–G3, issue 17): a recruit
// buys a package from the package zone through the pages; the recruiter,
// now a boss, sees their status, rewards by kind, the frozen part, the
// two left-behind recruits and their progress, the team tree and the
// rules in words; the inviter tree at /member/team still works and links
// here; the wallet shows the frozen balance; the back office shows the
// member's team and the pool.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, PHONE, DESKTOP, shot, memberLogin, noHorizontalOverflow, createAdmin }
	from './helpers.mjs';
import { adminClient, createMember, loginMember, ctl, newPhone, storeSettings, PASSWORD } from '../http/lib.mjs';

const PHONE390 = { ...PHONE, viewport: { width: 390, height: 844 } };
const KEYS = { 'chain.grant_on': '"paid"', 'chain.inline': 'true' };

let browser;
before(async () => {
	browser = await launch();
	await storeSettings(KEYS);
});
after(async () => {
	await browser?.close();
	await storeSettings(Object.fromEntries(Object.keys(KEYS).map((k) => [k, null])));
});

async function buy(client, product) {
	const r = await client.post('/shop/order', { product: String(product), qty: '1', receiver: '郑十',
		phone: '13912345678', address: '广东省深圳市南山区粤海街道 30 号' });
	assert.equal(r.status, 200, r.text);
}

test('链动团队: a package bought in the zone makes the recruiter a boss; rewards, frozen, left-behind, tree, rules', async () => {
	const admin = await adminClient('super');
	const mer = createMember();
	mer.client = await loginMember(mer.phone);
	const a = await mer.client.post('/merchant/apply', { name: '礼包旗舰店', contact: '冯店长', phone: newPhone(),
		license_no: '91440300MA5XXXXX8', address: '深圳市南山区科技园 8 号' });
	assert.equal((await admin.client.post(`/admin/merchants/${a.body.merchant_id}/approve`, {})).status, 200);
	const p = await mer.client.post('/merchant/products', { title: '链动代理礼包 · 茶礼', mall: 'CHANGE',
		supply_price: '100.00', retail_price: '399.00', stock: '100', description: '购买即成为代理' });
	const pid = p.body.product.id;
	assert.equal((await admin.client.post(`/admin/products/${pid}/list`, {})).status, 200);
	assert.equal((await admin.client.post('/admin/chain/packages', { product: String(pid), grants: 'agent' })).status,
		200);

	const boss = createMember();
	const rec = [createMember({ inviter: boss.id }), createMember({ inviter: boss.id }),
		createMember({ inviter: boss.id })];
	for (const m of [boss, ...rec]) ctl('credit', m.phone, 'CHANGE', '1000.00', '测试入账');
	boss.client = await loginMember(boss.phone);
	await buy(boss.client, pid);
	for (const m of rec.slice(0, 2)) {
		m.client = await loginMember(m.phone);
		await buy(m.client, pid);
	}

	// the third recruit buys through the pages: 商城 → 礼包专区 → 立即购买
	const ctx = await newContext(browser, PHONE390);
	const page = await ctx.newPage();
	await memberLogin(page, { phone: rec[2].phone, password: PASSWORD });
	await page.goto('/shop');
	const zone = page.locator('#package-zone');
	await zone.getByText('链动代理礼包 · 茶礼').first().waitFor();
	await shot(page, 'team-1-shop-zone');
	await Promise.all([page.waitForURL('**/shop/packages'), zone.getByText(/全部 \d+ 件/).click()]);
	assert.ok(await noHorizontalOverflow(page));
	await shot(page, 'team-2-packages');
	await Promise.all([page.waitForURL(`**/shop/product/${pid}`), page.getByText('链动代理礼包 · 茶礼').first().click()]);
	await Promise.all([page.waitForURL(`**/shop/buy/${pid}?qty=1`), page.click('text=立即购买')]);
	await page.fill('input[name=receiver]', '郑十');
	await Promise.all([page.waitForURL(/\/shop\/order\/\d+$/), page.click('button[type=submit]')]);
	await page.goto('/team');
	await page.locator('#chain-status').getByText('代理').waitFor();
	await ctx.close();

	// the recruiter, now a boss
	const bctx = await newContext(browser, PHONE390);
	const bp = await bctx.newPage();
	await memberLogin(bp, { phone: boss.phone, password: PASSWORD });
	await bp.goto('/member/team');
	await shot(bp, 'team-3-inviter-tree');
	assert.equal(await bp.locator('.pt-member').count(), 3, 'the inviter tree lists the three recruits');
	await Promise.all([bp.waitForURL('**/team'), bp.locator('a[href="/team"]').filter({ hasText: '链动团队' }).click()]);
	assert.equal(await bp.locator('#chain-status').textContent(), '老板');
	assert.equal(await bp.locator('#chain-direct').textContent(), '¥500.00');
	assert.equal(await bp.locator('#chain-see').textContent(), '¥0.00');
	assert.equal(await bp.locator('#chain-frozen').textContent(), '¥100.00');
	assert.equal(await bp.locator('#chain-released').textContent(), '¥0.00');
	const text = await bp.locator('main').textContent();
	assert.match(text, /第 1 位 · 会员 \d+/);
	assert.match(text, /第 2 位 · 会员 \d+/);
	assert.match(text, /两位的团队礼包订单合计 2 单，超过 20 单即解冻/);
	assert.match(text, /1 代 · 会员/);
	assert.match(text, /见点奖 ¥200\.00，只计老板以下 3 代以内/);
	assert.match(text, /直推奖 · 会员 \d+ 的礼包/);
	assert.ok(await noHorizontalOverflow(bp));
	await shot(bp, 'team-4-boss');
	await bp.goto('/wallet');
	assert.equal(await bp.locator('#chain-frozen-cell b').textContent(), '100.00');
	await shot(bp, 'team-5-wallet');
	assert.deepEqual(bctx.errors, []);
	await bctx.close();

	// the back office: the member's team and the pool
	const ad = createAdmin();
	const actx = await newContext(browser, DESKTOP);
	const ap = await actx.newPage();
	await ap.goto('/admin/login');
	await ap.fill('input[name=username]', ad.username);
	await ap.fill('input[name=password]', ad.password);
	await Promise.all([ap.waitForURL(/\/admin\/?$/), ap.click('button[type=submit]')]);
	await ap.goto(`/admin/chain?member=${boss.id}`);
	await ap.getByText(`会员 ${boss.id}`, { exact: false }).first().waitFor();
	assert.match(await ap.locator('main').textContent(), /老板/);
	await shot(ap, 'team-6-admin');
	assert.deepEqual(actx.errors, []);
	await actx.close();
});
