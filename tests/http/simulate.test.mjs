// test-stack: serial (stores simulator settings); runs alone, before the files that run at once
// D12: the economics simulator in the back office. A JSON POST of the
// 链贝行 preset gives exactly the figures tests/unit/test_gb_sim.c works
// out by hand; the assumptions change them as the unit test says; the
// settings (a currency's cash value, the product cost) change the defaults,
// and one out of range keeps the built-in default; invalid activity JSON is
// a 400 naming the field; visitors, members and admins without
// activities.view are refused; the page renders for an admin, and an
// activity's page carries the same table.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, adminClient, createMember, loginMember, ctl, sql, storeSettings } from './lib.mjs';

const preset = (name) => JSON.parse(readFileSync(new URL(`../../etc/presets/${name}.json`, import.meta.url), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'sim-'));

function importActivity(config) {
	const f = join(dir, `a${Math.random().toString(36).slice(2)}.json`);
	writeFileSync(f, JSON.stringify(config));
	return Number(ctl('activity-import', f));
}

// POST /admin/gb/simulate with a JSON body (CSRF in the header).
async function simulate(client, body, { csrf } = {}) {
	const token = csrf === undefined ? await client.csrfFor('/admin') : csrf;
	const headers = { Accept: 'application/json' };
	if (token) headers['X-CSRF-Token'] = token;
	return client.request('POST', '/admin/gb/simulate', {
		body: JSON.stringify(body), contentType: 'application/json', headers,
	});
}

// Writes settings (key → JSON text; null: back to the registry default)
// straight into the settings table, so that a value out of range can be
// stored (the settings page refuses those), then waits past the programs'
// one-second settings cache.
const setSettings = storeSettings;

// 链贝行 with the default assumptions (cost 30%, uplines, 购物金 held):
// see lianbeihang_with_the_defaults in tests/unit/test_gb_sim.c.
const LIANBEIHANG = [
	['商品成本（参团价 × 中奖 1 人 × 30%）', '117.90'],
	['中奖 本人 +300.00 购物卡 ×1', '0.00'],
	['中奖 本人 +400.00 积分 ×1', '40.00'],
	['中奖 本人 +600.00 红券 ×1', '0.00'],
	['中奖 本人 红券→绿券 40.00 ×1', '40.00'],
	['未中奖 本人 +7.00 零钱 ×4', '28.00'],
	['未中奖 一代 红券→绿券 15.00 ×4', '60.00'],
	['未中奖 二代 红券→绿券 20.00 ×4', '80.00'],
	['成团 团长 +19.00 零钱 ×1', '19.00'],
	['成团 团长推荐人 +2.00 零钱 ×1', '2.00'],
	['成团 群主 +5.00 零钱 ×1', '5.00'],
	['每席 区域 +3.00 零钱 ×5', '15.00'],
	['每席 分公司 +7.00 零钱 ×5', '35.00'],
	['每席 一代（推广员） +3.00 零钱 ×5', '15.00'],
];

describe('POST /admin/gb/simulate (JSON)', () => {
	let admin;
	before(async () => { ({ client: admin } = await adminClient('super')); });

	test('链贝行 with the default assumptions: in 393.00, out 456.90, profit -63.90, -1626 bp', async () => {
		const r = await simulate(admin, { activity: preset('lianbeihang'),
			assume: { cost_bp: 3000, uplines: true, gold_held: true } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.ok, true);
		assert.equal(r.body.inflow, '393.00');
		assert.deepEqual(r.body.lines.map((l) => [l.label, l.amount]), LIANBEIHANG);
		assert.equal(r.body.outflow, '456.90');
		assert.equal(r.body.profit, '-63.90');
		assert.equal(r.body.profit_bp, -1626);
		assert.equal(r.body.profit_pct, '-16.26%');
		assert.equal(r.body.per_yuan, '-0.1626');
		assert.equal(r.body.loss, true);
		assert.deepEqual(r.body.assume, { cost_bp: 3000, cost_pct: '30.00%', uplines: true, gold_held: true });
		// the cash values sql/016_simulator.sql stores, equal to the built-in
		// defaults (that the settings are read shows in the test below)
		const values = Object.fromEntries(r.body.values.map((v) => [v.code, v.bp]));
		assert.deepEqual(values, { CARD: 0, POINTS: 1000, RED: 0, GREEN: 10000, CHANGE: 10000 });
		// without an "assume" the defaults are the same
		const d = await simulate(admin, { activity: preset('lianbeihang') });
		assert.equal(d.status, 200, d.text);
		assert.deepEqual([d.body.inflow, d.body.outflow, d.body.profit, d.body.profit_bp],
			['393.00', '456.90', '-63.90', -1626]);
	});

	test('the assumptions: no uplines → 2318 bp; 全民拼购 without 购物金 → 4233 bp; cost 0', async () => {
		let r = await simulate(admin, { activity: preset('lianbeihang'), assume: { uplines: false } });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual([r.body.outflow, r.body.profit, r.body.profit_bp], ['301.90', '91.10', 2318]);
		assert.equal(r.body.lines[6].label, '未中奖 一代 红券→绿券 15.00 ×0');
		assert.equal(r.body.lines[6].amount, '0.00');

		r = await simulate(admin, { activity: preset('quanmin') });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual([r.body.inflow, r.body.outflow, r.body.profit, r.body.profit_bp],
			['300.00', '208.00', '92.00', 3067]);
		assert.equal(r.body.lines[4].label, '中奖 本人 +100% 分红份额（不计现金：已在奖池入账时计入） ×3');
		assert.equal(r.body.lines[4].amount, '0.00');

		r = await simulate(admin, { activity: preset('quanmin'), assume: { gold_held: false } });
		assert.deepEqual([r.body.outflow, r.body.profit, r.body.profit_bp], ['173.00', '127.00', 4233]);
		assert.equal(r.body.lines[3].amount, '15.00', 'the winners release what line 2 credited');
		assert.equal(r.body.lines[7].amount, '0.00', 'the losers hold no 购物金');

		r = await simulate(admin, { activity: preset('lianbeihang'), assume: { cost_bp: 0 } });
		assert.deepEqual([r.body.lines[0].amount, r.body.outflow, r.body.profit], ['0.00', '339.00', '54.00']);
	});

	test('the settings drive the defaults: 购物卡 at 50%, cost 20%; a cost out of range keeps 30%', async () => {
		const keys = ['currency.CARD.cash_value_bp', 'sim.cost_bp'];
		const rows = Object.fromEntries(sql(`SELECT k, v FROM settings WHERE k IN ('${keys.join("', '")}')`));
		const saved = keys.map((k) => [k, rows[k] ?? null]);
		try {
			await setSettings({ 'currency.CARD.cash_value_bp': '5000', 'sim.cost_bp': '2000' });
			// cost 393.00 × 20% = 78.60 (was 117.90); 购物卡 300.00 × 50% = 150.00
			// (was 0.00): out = 456.90 − 117.90 + 78.60 + 150.00 = 567.60;
			// profit = −174.60; profit_bp = −17460 × 10000 / 39300 = −4442.75 → −4443
			let r = await simulate(admin, { activity: preset('lianbeihang') });
			assert.equal(r.status, 200, r.text);
			assert.deepEqual(r.body.lines.slice(0, 2).map((l) => [l.label, l.amount]), [
				['商品成本（参团价 × 中奖 1 人 × 20%）', '78.60'],
				['中奖 本人 +300.00 购物卡 ×1', '150.00'],
			]);
			assert.deepEqual([r.body.inflow, r.body.outflow, r.body.profit, r.body.profit_bp, r.body.profit_pct],
				['393.00', '567.60', '-174.60', -4443, '-44.43%']);
			assert.deepEqual(r.body.assume, { cost_bp: 2000, cost_pct: '20.00%', uplines: true, gold_held: true });
			assert.equal(r.body.values.find((v) => v.code === 'CARD').bp, 5000);
			// the form starts from the setting's cost
			const page = await admin.get('/admin/gb/simulate', { json: false });
			assert.equal(page.status, 200, page.text);
			assert.match(page.text, /name="cost_bp"[^>]*value="2000"/);

			// above 100000 bp: the built-in 30% again, 购物卡 still at 50%:
			// out = 567.60 − 78.60 + 117.90 = 606.90; profit = −213.90;
			// profit_bp = −21390 × 10000 / 39300 = −5442.75 → −5443
			await setSettings({ 'sim.cost_bp': '100001' });
			r = await simulate(admin, { activity: preset('lianbeihang') });
			assert.equal(r.status, 200, r.text);
			assert.equal(r.body.assume.cost_bp, 3000);
			assert.deepEqual([r.body.lines[0].amount, r.body.lines[1].amount, r.body.outflow, r.body.profit,
				r.body.profit_bp], ['117.90', '150.00', '606.90', '-213.90', -5443]);
		} finally {
			await setSettings(Object.fromEntries(saved));
		}
	});

	test('an existing activity by id simulates its stored configuration', async () => {
		const id = importActivity({ ...preset('lianbeihang'), name: '链贝行 模拟', products: [] });
		const r = await simulate(admin, { activity: id });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.activity.name, '链贝行 模拟');
		assert.equal(r.body.profit_bp, -1626);
		const missing = await simulate(admin, { activity: 999999999 });
		assert.equal(missing.status, 404, missing.text);
	});

	test('invalid activity JSON → 400 naming the field, with every validator message', async () => {
		const bad = { ...preset('lianbeihang'), seats: 1, rewards: [{ on: 'won', to: 'upline3', do: 'credit', currency: 'CHANGE', amount: '1.00' }] };
		let r = await simulate(admin, { activity: bad });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.body.ok, false);
		assert.equal(r.body.error.code, 'invalid');
		assert.equal(r.body.error.field, 'seats');
		assert.match(r.body.error.message, /人数/);
		const fields = r.body.errors.map((e) => e.field);
		assert.ok(fields.includes('seats'), fields.join());
		assert.ok(fields.includes('rewards[0].to'), fields.join());

		r = await simulate(admin, { activity: { ...preset('quanmin'), price: '1.234' } });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.body.error.field, 'price');

		r = await simulate(admin, { activity: 'not an object' });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.body.error.field, 'activity');
		r = await simulate(admin, {});
		assert.equal(r.status, 400, r.text);
		assert.equal(r.body.error.field, 'activity');

		r = await simulate(admin, { activity: preset('quanmin'), assume: { cost_bp: -1 } });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.body.error.field, 'assume.cost_bp');
		r = await simulate(admin, { activity: preset('quanmin'), assume: { uplines: 'yes' } });
		assert.equal(r.body.error.field, 'assume.uplines');
		r = await simulate(admin, { activity: preset('quanmin'), assume: { cost: 3000 } });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.body.error.field, 'assume.cost');
		// an assumption outside "assume" is refused, not silently ignored
		r = await simulate(admin, { activity: preset('quanmin'), cost_bp: 5000 });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.body.error.field, 'cost_bp');
		assert.match(r.body.error.message, /不支持的字段“cost_bp”/);
		assert.equal(r.body.activities, undefined, 'no activity list in a JSON answer');

		// not JSON at all
		const token = await admin.csrfFor('/admin');
		r = await admin.request('POST', '/admin/gb/simulate', { body: '{"activity": ', contentType: 'application/json',
			headers: { 'X-CSRF-Token': token } });
		assert.equal(r.status, 400, r.text);
	});

	test('without a CSRF token → 403', async () => {
		const r = await simulate(admin, { activity: preset('lianbeihang') }, { csrf: false });
		assert.equal(r.status, 403, r.text);
	});
});

describe('who may simulate', () => {
	test('a visitor → 401 (JSON) or the login page; a member → 401', async () => {
		const c = new Client();
		let r = await c.get('/admin/gb/simulate');
		assert.equal(r.status, 401, r.text);
		r = await c.get('/admin/gb/simulate', { json: false });
		assert.equal(r.status, 303);
		assert.match(r.location, /^\/admin\/login\?next=/);
		r = await simulate(c, { activity: preset('lianbeihang') }, { csrf: (await c.get('/admin/login')).body.csrf });
		assert.equal(r.status, 401, r.text);
		assert.equal(r.body.inflow, undefined);

		const m = createMember();
		const mc = await loginMember(m.phone, m.password);
		r = await mc.get('/admin/gb/simulate');
		assert.equal(r.status, 401, r.text);
	});

	test('an admin without activities.view (finance) → 403; an auditor may', async () => {
		const { client: finance } = await adminClient('finance');
		let r = await finance.get('/admin/gb/simulate');
		assert.equal(r.status, 403, r.text);
		r = await simulate(finance, { activity: preset('lianbeihang') });
		assert.equal(r.status, 403, r.text);
		assert.equal(r.body.inflow, undefined);

		const { client: auditor } = await adminClient('auditor');
		r = await simulate(auditor, { activity: preset('lianbeihang') });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.profit, '-63.90');
	});
});

describe('the simulator page and the activity page', () => {
	let admin;
	before(async () => { ({ client: admin } = await adminClient('super')); });

	test('GET /admin/gb/simulate renders the form, the help text and the nav entry', async () => {
		const r = await admin.get('/admin/gb/simulate', { json: false });
		assert.equal(r.status, 200, r.text);
		assert.match(r.text, /<h1[^>]*>经济模型模拟<\/h1>/);
		assert.match(r.text, /name="cost_bp"[^>]*value="3000"/);
		assert.match(r.text, /这些数字是什么意思/);
		assert.match(r.text, /每 ¥1 收入利润/);
		assert.match(r.text, /class="nav-link active" href="\/admin\/gb\/simulate"/);
		assert.doesNotMatch(r.text, /data-sim-table/, 'no result before an activity is chosen');
		assert.match(r.text, /<script src="\/static\/js\/gb-sim.js" defer><\/script>/);
		assert.doesNotMatch(r.text, /<script>(?!\s*<\/script>)/, 'no inline script');
	});

	test('a preset via GET and the form POST render the result table', async () => {
		let r = await admin.get('/admin/gb/simulate?preset=lianbeihang', { json: false });
		assert.equal(r.status, 200, r.text);
		assert.match(r.text, /data-sim-table/);
		assert.match(r.text, /data-sim="in" data-amount="393.00"/);
		assert.match(r.text, /data-sim="profit" data-amount="-63.90"/);
		assert.match(r.text, /-16.26%/);
		assert.doesNotMatch(r.text, /\{\{|\}\}/, 'no template text left in the page');

		r = await admin.post('/admin/gb/simulate', { config: JSON.stringify(preset('quanmin')), cost_bp: '3000',
			uplines: '1', gold_held: '0' }, { json: false });
		assert.equal(r.status, 200, r.text);
		assert.match(r.text, /data-sim="profit" data-amount="127.00"/);
		assert.match(r.text, /<option value="0" selected>没有（原有为 0）<\/option>/);

		// a form with a broken configuration: 400, the form again with the message
		r = await admin.post('/admin/gb/simulate', { config: JSON.stringify({ ...preset('quanmin'), winners: 10 }) },
			{ json: false });
		assert.equal(r.status, 400, r.text);
		assert.match(r.text, /alert-danger/);
		assert.match(r.text, /<code>winners<\/code>/);
		r = await admin.post('/admin/gb/simulate', { cost_bp: '3000' }, { json: false });
		assert.equal(r.status, 400, r.text);
		assert.match(r.text, /请选择活动/);
		// the form's JSON view answers like the JSON body
		r = await admin.post('/admin/gb/simulate', { config: JSON.stringify(preset('lianbeihang')), uplines: '0' });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.body.profit_bp, 2318);
	});

	test('the activity page shows the table under the default assumptions, with a link to the simulator', async () => {
		const id = importActivity({ ...preset('lianbeihang'), name: '链贝行 页面', products: [] });
		const r = await admin.get(`/admin/gb/activities/${id}`, { json: false });
		assert.equal(r.status, 200, r.text);
		assert.match(r.text, /id="sim"/);
		assert.match(r.text, /data-sim="in" data-amount="393.00"/);
		assert.match(r.text, /每席 分公司 \+7.00 零钱 ×5/);
		assert.match(r.text, /data-sim="profit" data-amount="-63.90"/);
		assert.match(r.text, new RegExp(`href="/admin/gb/simulate\\?activity=${id}"`));
		const j = await admin.get(`/admin/gb/activities/${id}`);
		assert.equal(j.body.sim.profit_bp, -1626);

		const page = await admin.get(`/admin/gb/simulate?activity=${id}`, { json: false });
		assert.equal(page.status, 200, page.text);
		assert.match(page.text, new RegExp(`<option value="${id}" selected>`));
		assert.match(page.text, /data-sim="profit" data-amount="-63.90"/);
	});
});
