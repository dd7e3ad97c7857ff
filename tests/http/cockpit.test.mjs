// test-stack: serial (flips referral.mall_bp and economy.backing_min_bp, global settings read by the compliance and economy pages)
// The operator's cockpit (issue 20, I7): the dashboard's to-do counts
// linking to their queues, today's money by kind from the ledger and the
// 30-day trends; the compliance page reading the live configuration (a
// third reward generation is a warning); obligations next to their
// backing on /admin/economy with a warning below the setting; the money
// report with its CSV; no raw codes on these pages.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createMember, loginMember, adminClient, ctl, sql, bindPayout } from './lib.mjs';

function text(html) {
	return html.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ');
}

// Polls fn until it returns a truthy value (settings are cached ≤ 1 s).
async function until(fn, what) {
	for (let i = 0; i < 100; i++) {
		const v = await fn();
		if (v) return v;
		await new Promise((res) => setTimeout(res, 100));
	}
	assert.fail(`waited in vain for ${what}`);
}

async function pendingWithdrawal() {
	const m = createMember();
	ctl('credit', m.phone, 'CHANGE', '123.45', '测试入账');
	m.client = await loginMember(m.phone);
	await bindPayout(m.client);
	const r = await m.client.post('/wallet/withdraw', { amount: '100.00' });
	assert.equal(r.status, 200, r.text);
	return m;
}

const today = () => sql('SELECT CAST(CURDATE() AS CHAR)')[0][0];

describe('dashboard (I7)', () => {
	test('to-do counts link to their queues; today\'s money by kind; 30-day trends', async () => {
		await pendingWithdrawal();
		const admin = await adminClient('finance');
		const d = (await admin.client.get('/admin', { json: true })).body;
		const todo = Object.fromEntries(d.todo.map((t) => [t.label, t]));
		const wd = Number(sql("SELECT COUNT(*) FROM withdrawals WHERE status = 'pending'")[0][0]);
		assert.equal(todo['待审核提现'].count, wd);
		assert.ok(wd >= 1);
		assert.equal(todo['待审核提现'].href, '/admin/withdrawals?status=pending');
		for (const label of ['待审核商家', '待审核商品', '待审核角色申请', '未满员的拼团', '失败的计划任务', '失败的订单事件'])
			assert.ok(label in todo, `to-do ${label}`);
		assert.equal(todo['失败的订单事件'].href, '/admin/events?status=failed');
		// the credit above is a manual adjustment of 123.45 零钱 today
		const adj = d.flows.rows.find((x) => x.kind_name === '人工调整' && x.currency_name === '零钱');
		assert.ok(adj, 'today\'s adjustments are listed');
		assert.ok(Number(adj.in) >= 123.45);
		// the freeze of a withdrawal moves nothing out of members' hands
		assert.ok(!d.flows.rows.some((x) => x.kind_name === '提现申请'), 'a freeze is not a flow');
		assert.equal(d.trend.dates.length, 30);
		assert.equal(d.trend.dates[29], today().slice(5));
		assert.ok(d.trend.members[29] >= 1, 'today\'s new members in the trend');
		assert.ok(d.today.members_today >= 1);
		const html = await admin.client.get('/admin', { json: false });
		assert.match(html.text, /id="pt-trend"[^>]*data-trend="\{/);
		assert.match(html.text, /href="\/admin\/withdrawals\?status=pending"/);
		// every role may see the dashboard
		const op = await adminClient('operator');
		assert.equal((await op.client.get('/admin', { json: true })).status, 200);
	});
});

describe('compliance check', () => {
	test('green by default; a third reward generation turns the rule into a warning', async () => {
		const admin = await adminClient('super');
		const rule = async (title) => (await admin.client.get('/admin/compliance', { json: true })).body.compliance.rules
			.find((r) => r.title === title);
		const before = settingOf('referral.mall_bp');
		try {
			let g = await rule('奖励代数');
			assert.equal(g.level, 'ok', g.detail);
			assert.match(g.citation, /微信/);
			for (const title of ['抽奖式有奖销售最高奖', '开团后规则不变', '平台补位不中奖', '按销售计奖，不按人头', '待兑付义务有资金保障'])
				assert.ok(await rule(title), title);
			assert.match((await rule('抽奖式有奖销售最高奖')).citation, /反不正当竞争法.*2019.*第十条.*五万元/);
			assert.equal((await rule('平台补位不中奖')).level, 'ok');
			const r = await admin.client.post('/admin/settings', { 'referral.mall_bp': '[200,100,50]' });
			assert.equal(r.status, 200, r.text);
			g = await until(async () => { const x = await rule('奖励代数'); return x.level === 'warn' && x; }, 'the warning');
			assert.match(g.detail, /3 代/);
			const html = await until(async () => { const h = await admin.client.get('/admin/compliance', { json: false }); return /data-level="warn"/.test(h.text) && h; }, 'the warning on the page');
			assert.match(text(html.text), /警示/);
			// four generations are refused by the settings registry already
			const four = await admin.client.post('/admin/settings', { 'referral.mall_bp': '[200,100,50,10]' });
			assert.equal(four.status, 400);
		} finally {
			await admin.client.post('/admin/settings', { 'referral.mall_bp': before });
		}
		await until(async () => (await rule('奖励代数')).level === 'ok', 'back to green');
		// an operator, who configures, may read it; so may an auditor
		for (const role of ['operator', 'auditor'])
			assert.equal((await (await adminClient(role)).client.get('/admin/compliance', { json: true })).status, 200);
	});
});

function settingOf(key) {
	const rows = sql(`SELECT v FROM settings WHERE k = '${key}'`);
	return rows.length ? rows[0][0] : '[200,100]';
}

describe('obligations on /admin/economy', () => {
	test('owed and backing with a ratio; a warning below economy.backing_min_bp', async () => {
		await pendingWithdrawal();
		const admin = await adminClient('super');
		const econ = async () => (await admin.client.get('/admin/economy', { json: true })).body.backing;
		let b = await econ();
		const labels = b.owed.map((x) => x.label);
		for (const l of ['排队返利待返权益', '待审核提现', '群主/团长货款（待发货）']) assert.ok(labels.includes(l), l);
		assert.ok(labels.some((l) => /^未释放/.test(l)));
		assert.ok(labels.some((l) => /^广告奖励待兑/.test(l)));
		const pending = sql("SELECT COALESCE(SUM(amount), 0) FROM withdrawals WHERE status = 'pending'")[0][0];
		assert.equal(Math.round(Number(b.owed.find((x) => x.label === '待审核提现').amount) * 100), Number(pending));
		assert.ok(Number(b.owed_total) > 0);
		try {
			let r = await admin.client.post('/admin/settings', { 'economy.backing_min_bp': '0' });
			assert.equal(r.status, 200, r.text);
			b = await until(async () => { const x = await econ(); return x.min === '0%' && x; }, 'a 0% line');
			assert.equal(b.low, false, 'nothing is below a 0% line');
			// each worker reads the settings within a second: wait for the page too
			const page0 = await until(async () => { const t = (await admin.client.get('/admin/economy', { json: false })).text; return /警戒线 0%/.test(t) && t; }, 'the page at 0%');
			assert.doesNotMatch(page0, /备付资金低于警戒线/);
			r = await admin.client.post('/admin/settings', { 'economy.backing_min_bp': '1000000' });
			assert.equal(r.status, 200, r.text);
			b = await until(async () => { const x = await econ(); return x.min === '10000%' && x; }, 'the 10000% line');
			const ratio = Number(b.backing_total) / Number(b.owed_total);
			assert.equal(b.low, ratio < 100, 'low exactly when backing is under 100 times what is owed');
			assert.ok(b.low, 'this stack\'s backing is far below 100 times its obligations');
			assert.equal(b.min, '10000%');
			await until(async () => /备付资金低于警戒线/.test((await admin.client.get('/admin/economy', { json: false })).text), 'the warning on the page');
			const c = await until(async () => { const x = (await admin.client.get('/admin/compliance', { json: true })).body.compliance.rules
				.find((y) => y.title === '待兑付义务有资金保障'); return x.level === 'warn' && x; }, 'the compliance warning');
			assert.match(c.citation, /消费返利/);
		} finally {
			await admin.client.post('/admin/settings', { 'economy.backing_min_bp': '10000' });
		}
	});
});

describe('money report', () => {
	test('a date range: table, chart data and CSV; bad ranges refused', async () => {
		const m = createMember();
		ctl('credit', m.phone, 'CHANGE', '7.00', '报表测试');
		const admin = await adminClient('finance');
		const d = today();
		const r = await admin.client.get(`/admin/reports?from=${d}&to=${d}`, { json: true });
		assert.equal(r.status, 200, r.text);
		const adj = r.body.report.rows.find((x) => x.kind_name === '人工调整' && x.currency_name === '零钱');
		assert.ok(adj && Number(adj.in) >= 7);
		assert.equal(r.body.report.days.length, 1);
		assert.equal(r.body.report.days[0].date, d);
		const def = (await admin.client.get('/admin/reports', { json: true })).body;
		assert.equal(def.report.days.length, 30, 'the last 30 days by default');
		const csv = await admin.client.get(`/admin/reports.csv?from=${d}&to=${d}`, { json: false });
		assert.equal(csv.status, 200);
		assert.match(csv.text, /^\uFEFF?类型,币种,入账,出账,净额\r\n/);
		assert.match(csv.text, /人工调整,零钱,\d+\.\d\d,/);
		for (const q of ['from=2026-13-01&to=2026-12-31', 'from=yesterday&to=2026-01-01', 'from=2026-02-01&to=2026-01-01', 'from=2024-01-01&to=2026-01-01'])
			assert.equal((await admin.client.get(`/admin/reports?${q}`, { json: true })).status, 400, q);
		const op = await adminClient('operator');
		assert.equal((await op.client.get('/admin/reports', { json: true })).status, 403);
		assert.equal((await op.client.get('/admin/reports.csv', { json: false })).status, 403);
	});

	test('the cockpit pages show no raw codes', async () => {
		const admin = await adminClient('super');
		const raw = /\b(pending|approved|rejected|paid|failed|done|due|running|ok|warn|bad|main|frozen|revenue|escrow|goods_fund|CHANGE|GOLD|MALLPTS|POINTS|leader|owner|super|finance|operator|auditor|adjust|recharge|withdraw|gb|rp|ad|queue|pool|div)(\.[a-z_]+)?\b/;
		for (const path of ['/admin', '/admin/compliance', '/admin/reports', '/admin/economy']) {
			const r = await admin.client.get(path, { json: false });
			assert.equal(r.status, 200, path);
			const t = text(r.text);
			assert.doesNotMatch(t, raw, `${path} shows a raw code: ${t.match(raw)?.[0]}`);
		}
	});
});
