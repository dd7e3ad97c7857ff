// test-stack: serial (turns the queue rebate on: every mall order of the files running beside it would join it)
// Offline stores and their cashier (门店/收银台, FEATURES F8, issue 16): a
// merchant opens a store, the platform approves it, a member scans its
// cashier (GET /pay/:store), sees the entitlement the amount will give,
// pays from 零钱 (POST /pay/:store): the order (source cashier) records its
// events, the queue subscriber gives the entitlement and the funding in
// the store's own cashier queue (F2's worked example: 168.00 at 130% /
// 65% → 218.40 / 109.20), the merchant is credited 168.00 − 5% commission,
// the platform the commission, the staff's till shows it.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join, dirname } from 'node:path';
import { Client, createMembers, loginMember, adminClient, newPhone, sql, storeSettings, CTL, PINTUAN_CONF, SZ_NANSHAN }
	from './lib.mjs';

const run = promisify(execFile);
const JOBS = join(dirname(CTL), 'jobs');
const KEYS = ['queue.enabled', 'queue.settle_on', 'queue.default_bp', 'queue.extract_bp', 'queue.mall_scope'];

// Runs the scheduler until the queue delivery of every order is done (a
// deadline, not a sleep).
async function drain(orders) {
	const ids = orders.join(',');
	const deadline = Date.now() + 120000;
	for (;;) {
		const left = Number(sql(`SELECT COUNT(*) FROM order_events e WHERE e.order_id IN (${ids}) AND e.event = 'paid'
			AND NOT EXISTS (SELECT 1 FROM order_event_deliveries d WHERE d.event_id = e.id AND d.subscriber = 'queue'
			AND d.status = 'done')`)[0][0]);
		if (left === 0) return;
		assert.deepEqual(sql(`SELECT order_id, last_error FROM order_event_deliveries WHERE subscriber = 'queue'
			AND status = 'failed' AND order_id IN (${ids})`), [], 'no queue delivery failed');
		assert.ok(Date.now() < deadline, `${left} queue deliveries not done`);
		await run(JOBS, ['--once'], { env: { ...process.env, PINTUAN_CONF } }).catch(() => {});
	}
}

async function verify() {
	const r = await run(CTL, ['verify'], { env: { ...process.env, PINTUAN_CONF } }).catch((e) => e);
	assert.equal(r.code ?? 0, 0, `ctl verify: ${r.stdout}${r.stderr}`);
}

const change = (member) => sql(`SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE owner_type = 'member'
	AND owner_id = ${member} AND kind = 'main' AND currency = 'CHANGE'`)[0][0];

// A merchant (approved) with a member client.
async function merchant(admin, name) {
	const [m] = await createMembers(1);
	m.client = await loginMember(m.phone);
	const a = await m.client.post('/merchant/apply', { name, contact: '林店长', phone: newPhone(),
		license_no: '91440300MA5STORE1', address: '深圳市南山区海德三道 8 号' });
	assert.equal(a.status, 200, a.text);
	assert.equal((await admin.client.post(`/admin/merchants/${a.body.merchant_id}/approve`, {})).status, 200);
	m.merchant_id = a.body.merchant_id;
	return m;
}

const storeFields = (extra = {}) => ({ name: '海岸城便利店', ...SZ_NANSHAN, address: '海德三道 8 号一楼',
	hours: '08:00-22:00', commission_bp: '500', queue_mode: 'own', ratio_bp: '13000', extract_bp: '6500', ...extra });

describe('stores and cashier', () => {
	let admin;

	before(async () => {
		admin = await adminClient('super');
		// the plugin's own defaults differ from the store's: 100% / 0%
		await storeSettings({ 'queue.enabled': 'true', 'queue.settle_on': '"paid"', 'queue.default_bp': '10000',
			'queue.extract_bp': '0' });
	});
	after(async () => {
		await storeSettings(Object.fromEntries(KEYS.map((k) => [k, null])));
	});

	test('open, approve, pay 168.00 at a store with its own queue: entitlement 218.40, funding 109.20, merchant 159.60, till shows it', async () => {
		const mer = await merchant(admin, '海岸城商行');

		// bad input changes nothing and names the field
		let r = await mer.client.post('/merchant/stores', storeFields({ commission_bp: '6000' }));
		assert.equal(r.status, 400, r.text);
		assert.equal(r.body.error.field, 'commission_bp');
		r = await mer.client.post('/merchant/stores', storeFields({ district: '110101' }));
		assert.equal(r.status, 400, r.text);
		assert.equal(r.body.error.field, 'district');
		const [plain] = await createMembers(1);
		plain.client = await loginMember(plain.phone);
		r = await plain.client.post('/merchant/stores', storeFields());
		assert.equal(r.status, 403, 'not a merchant');
		assert.equal(sql(`SELECT COUNT(*) FROM stores WHERE merchant_id = ${mer.merchant_id}`)[0][0], '0');

		r = await mer.client.post('/merchant/stores', storeFields());
		assert.equal(r.status, 200, r.text);
		const store = r.body.store_id;
		assert.ok(store > 0);

		// pending: no cashier yet; the back office lists it
		const visitor = new Client();
		assert.equal((await visitor.get(`/pay/${store}`)).status, 404);
		let list = await admin.client.get('/admin/stores');
		assert.equal(list.status, 200, list.text);
		assert.deepEqual((({ id, name, merchant_id, status }) => ({ id, name, merchant_id, status }))(
			list.body.stores.find((s) => s.id === store)), { id: store, name: '海岸城便利店',
			merchant_id: mer.merchant_id, status: 'pending' });
		r = await admin.client.post(`/admin/stores/${store}/approve`, {});
		assert.equal(r.status, 200, r.text);
		assert.equal((await admin.client.post(`/admin/stores/${store}/approve`, {})).status, 409, 'decided once');
		list = await admin.client.get('/admin/stores?status=approved');
		assert.equal(list.body.stores.find((s) => s.id === store).status, 'approved');
		assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'store.approve' AND target_id = ${store}`)[0][0], '1');

		// the page the QR opens, for anyone; the member sees what 168.00 gives
		const page = await visitor.get(`/pay/${store}`);
		assert.equal(page.status, 200, page.text);
		assert.deepEqual({ id: page.body.store.id, name: page.body.store.name }, { id: store, name: '海岸城便利店' });
		assert.equal(page.body.store.commission_bp, undefined, 'the commission is not shown to payers');
		const [buyer] = await createMembers(1, { credit: { CHANGE: '500.00' } });
		buyer.client = await loginMember(buyer.phone);
		const pre = await buyer.client.get(`/pay/${store}?amount=168.00`);
		assert.equal(pre.status, 200, pre.text);
		assert.deepEqual({ on: pre.body.preview.on, entitlement: pre.body.preview.entitlement,
			funding: pre.body.preview.funding, words: pre.body.preview.words }, { on: true, entitlement: '218.40',
			funding: '109.20', words: '按门店返利比例 130%' });

		// a browser is asked to confirm first: nothing is paid
		const conf = await buyer.client.post(`/pay/${store}`, { amount: '168.00' }, { json: false });
		assert.equal(conf.status, 200);
		assert.match(conf.text, /确认付款/);
		assert.match(conf.text, /218\.40/);
		assert.equal(change(buyer.id), '50000');

		// pay
		r = await buyer.client.post(`/pay/${store}`, { amount: '168.00' }, { headers: { 'Idempotency-Key': 'cashier-168' } });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.body.order, { id: r.body.order.id, amount: '168.00', source: 'cashier' });
		const order = r.body.order.id;
		// the same request again: the same order, paid once
		const again = await buyer.client.post(`/pay/${store}`, { amount: '168.00' },
			{ headers: { 'Idempotency-Key': 'cashier-168' } });
		assert.equal(again.status, 200, again.text);
		assert.equal(again.body.order.id, order);
		assert.equal(sql(`SELECT COUNT(*) FROM orders WHERE store_id = ${store}`)[0][0], '1');

		// the order's events, the queue: the store's own cashier queue
		assert.deepEqual(sql(`SELECT event, source FROM order_events WHERE order_id = ${order} ORDER BY seq`),
			[['paid', 'cashier'], ['completed', 'cashier']]);
		await drain([order]);
		const q = sql(`SELECT id, scope, scope_id, funded, paid_out, balance FROM queues q WHERE EXISTS (SELECT 1 FROM
			queue_entitlements e WHERE e.queue_id = q.id AND e.order_id = ${order})`)[0];
		assert.deepEqual(q.slice(1), ['cashier', String(store), '10920', '10920', '0']);
		assert.deepEqual(sql(`SELECT amount, paid, ratio_bp, source, words, order_source FROM queue_entitlements
			WHERE order_id = ${order}`)[0], ['21840', '10920', '13000', 'store', '按门店返利比例 130%', 'cashier']);
		const mine = (await buyer.client.get('/queue')).body.entitlements.find((e) => e.order_id === order);
		assert.deepEqual([mine.amount, mine.paid], ['218.40', '109.20']);

		// the money: buyer 500 − 168 + 109.20; merchant 159.60; commission 8.40
		assert.equal(change(buyer.id), String(50000 - 16800 + 10920));
		assert.equal(change(mer.id), '15960');
		assert.deepEqual(sql(`SELECT a.owner_type, a.kind, SUM(p.amount) FROM journal j JOIN postings p ON p.entry_id = j.id
			JOIN accounts a ON a.id = p.account_id WHERE j.kind = 'cashier.pay' AND j.ref_id = ${order}
			GROUP BY a.owner_type, a.kind, a.owner_id ORDER BY 3`), [['member', 'main', '-16800'],
			['system', 'revenue', '840'], ['member', 'main', '15960']]);

		// the staff's till: today's total and the payment; nobody else's
		const till = await mer.client.get(`/merchant/stores/${store}/till`);
		assert.equal(till.status, 200, till.text);
		assert.equal(till.body.today_total, '168.00');
		assert.equal(till.body.today_count, 1);
		assert.deepEqual([till.body.payments[0].id, till.body.payments[0].amount, till.body.payments[0].net],
			[order, '168.00', '159.60']);
		assert.ok(!till.body.payments[0].phone.includes(buyer.phone), 'the payer\'s phone is masked');
		assert.equal((await buyer.client.get(`/merchant/stores/${store}/till`)).status, 404);
		const html = await mer.client.get(`/merchant/stores/${store}/till`, { json: false });
		assert.match(html.text, /168\.00/);
		await verify();
	});

	test('short of 零钱: refused with the way to recharge, nothing changes; bad amounts by field; the all-cashiers queue; the poster is a PNG', async () => {
		const mer = await merchant(admin, '万象城商行');
		let r = await mer.client.post('/merchant/stores', storeFields({ name: '万象城咖啡', queue_mode: 'all',
			ratio_bp: '', extract_bp: '' }));
		assert.equal(r.status, 200, r.text);
		const store = r.body.store_id;
		assert.equal((await admin.client.post(`/admin/stores/${store}/approve`, {})).status, 200);

		const [poor] = await createMembers(1, { credit: { CHANGE: '10.00' } });
		poor.client = await loginMember(poor.phone);
		r = await poor.client.post(`/pay/${store}`, { amount: '10.01' });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.body.error.code, 'insufficient');
		const page = await poor.client.post(`/pay/${store}`, { amount: '10.01', confirm: '1' }, { json: false });
		assert.equal(page.status, 400);
		assert.match(page.text, /零钱余额不足/);
		assert.match(page.text, /href="\/wallet\/recharge"/);
		for (const bad of ['0', '-1', 'abc', '1.001'])
			assert.equal((await poor.client.post(`/pay/${store}`, { amount: bad })).body.error.field, 'amount', bad);
		assert.equal(sql(`SELECT COUNT(*) FROM orders WHERE store_id = ${store}`)[0][0], '0');
		assert.equal(change(poor.id), '1000');
		// the merchant cannot pay themself
		assert.equal((await mer.client.post(`/pay/${store}`, { amount: '1.00' })).status, 409);

		// the plugin's ratio (100%) and extraction (0): all-cashiers queue
		r = await poor.client.post(`/pay/${store}`, { amount: '10.00' });
		assert.equal(r.status, 200, r.text);
		await drain([r.body.order.id]);
		assert.deepEqual(sql(`SELECT q.scope, q.scope_id, e.amount, e.source FROM queue_entitlements e JOIN queues q
			ON q.id = e.queue_id WHERE e.order_id = ${r.body.order.id}`)[0], ['cashiers', '0', '1000', 'default']);
		assert.equal(change(mer.id), '950');

		const png = await fetch(`${new Client().base}/pay/${store}/poster.png`);
		assert.equal(png.status, 200);
		assert.equal(png.headers.get('content-type'), 'image/png');
		const bytes = Buffer.from(await png.arrayBuffer());
		assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		assert.ok(bytes.length > 5000, `a real image: ${bytes.length} bytes`);
		assert.equal((await fetch(`${new Client().base}/pay/999999999/poster.png`)).status, 404);
		await verify();
	});
});
