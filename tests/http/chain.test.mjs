// test-stack: serial (changes the chain.* settings: grant on paid, inline, release after 3 orders, daily pool)
// Chain rewards (链动2+1, FEATURES G1–G3, issue 17) with packages: a
// scripted team of 15 members buys packages in a fixed order; every
// member's rewards by kind, frozen and released amounts are the ones
// worked out by hand below; ctl verify holds (with its chain checks:
// every reward traces to a package order, frozen = Σ unreleased 20%).
//
// The inviter tree (each line: recruits in the order they buy):
//   A ─ B, C, D
//   D ─ E, F, G, H
//   E ─ I, J, K
//   I ─ L, M
//   L ─ N
//   N ─ O
// Settings: the defaults (agent direct 100, boss direct 300, 见点 200
// within 3 generations, 平级奖 10%, 20% frozen, pool 40) with
// chain.release_orders = 3, so the left-behind teams reach "more than 3".
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join, dirname } from 'node:path';
import { createMembers, loginMember, adminClient, newPhone, sql, storeSettings, CTL, PINTUAN_CONF, ctl }
	from './lib.mjs';

const run = promisify(execFile);
const JOBS = join(dirname(CTL), 'jobs');

async function verify() {
	const r = await run(CTL, ['verify'], { env: { ...process.env, PINTUAN_CONF } }).catch((e) => e);
	assert.equal(r.code ?? 0, 0, `ctl verify: ${r.stdout}${r.stderr}`);
}

const KEYS = ['chain.grant_on', 'chain.inline', 'chain.release_orders', 'chain.pool_period', 'chain.deadline'];

async function shopWithProducts(admin, titles) {
	const m = (await createMembers(1))[0];
	m.client = await loginMember(m.phone);
	const a = await m.client.post('/merchant/apply', { name: '礼包小铺', contact: '钱店长', phone: newPhone(),
		license_no: '91440300MA5XXXXX7', address: '深圳市南山区科技园 7 号' });
	assert.equal(a.status, 200, a.text);
	assert.equal((await admin.client.post(`/admin/merchants/${a.body.merchant_id}/approve`, {})).status, 200);
	const ids = [];
	for (const title of titles) {
		const p = await m.client.post('/merchant/products', { title, mall: 'CHANGE', supply_price: '100.00',
			retail_price: '399.00', stock: '1000', description: '链动礼包测试商品' });
		assert.equal(p.status, 200, p.text);
		assert.equal((await admin.client.post(`/admin/products/${p.body.product.id}/list`, {})).status, 200);
		ids.push(p.body.product.id);
	}
	return ids;
}

async function buy(client, product) {
	const r = await client.post('/shop/order', { product: String(product), qty: '1', receiver: '吴九',
		phone: '13912345678', address: '广东省深圳市南山区粤海街道 20 号' });
	assert.equal(r.status, 200, r.text);
	return r.body.order.id;
}

describe('chain rewards (链动2+1)', () => {
	let admin, agentPkg, rankPkg, boardPkg, plain;
	const T = {};		// name → { id, phone, client }

	before(async () => {
		admin = await adminClient();
		await storeSettings({ 'chain.grant_on': '"paid"', 'chain.inline': 'true', 'chain.release_orders': '3',
			'chain.pool_period': '"daily"' });
		[agentPkg, rankPkg, boardPkg, plain] = await shopWithProducts(admin,
			['代理礼包', '合伙人礼包', '董事礼包', '普通商品']);
		for (const [p, grants] of [[agentPkg, 'agent'], [rankPkg, '合伙人'], [boardPkg, '董事']]) {
			const r = await admin.client.post('/admin/chain/packages', { product: String(p), grants });
			assert.equal(r.status, 200, r.text);
		}
		const tree = [['A'], ['B', 'A'], ['C', 'A'], ['D', 'A'], ['E', 'D'], ['F', 'D'], ['G', 'D'], ['H', 'D'],
			['I', 'E'], ['J', 'E'], ['K', 'E'], ['L', 'I'], ['M', 'I'], ['N', 'L'], ['O', 'N']];
		for (const [name, up] of tree) {
			const m = (await createMembers(1, { inviter: up ? T[up].id : undefined,
				credit: { CHANGE: '2000.00' } }))[0];
			m.client = await loginMember(m.phone);
			T[name] = m;
		}
	});

	after(async () => {
		await storeSettings(Object.fromEntries(KEYS.map((k) => [k, null])));
	});

	test('a package is refused an unknown rank; packages have their own zone, not the mall list', async () => {
		let r = await admin.client.post('/admin/chain/packages', { product: String(plain), grants: '皇帝' });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.body.error.field, 'grants');
		r = await T.A.client.get('/shop');
		assert.equal(r.status, 200);
		const zone = r.body.package_zone.products.map((p) => p.id);
		for (const p of [agentPkg, rankPkg, boardPkg]) assert.ok(zone.includes(p), `package ${p} in the zone`);
		assert.ok(!zone.includes(plain));
		const agent = r.body.package_zone.products.find((p) => p.id === agentPkg);
		assert.deepEqual(agent.package, { grants: 'agent', grants_name: '代理资格' });
		const change = r.body.malls.find((m) => m.code === 'CHANGE').products.map((p) => p.id);
		assert.ok(!change.includes(agentPkg), 'a package is not in its mall list');
		r = await T.A.client.get('/shop/mall/CHANGE');
		assert.ok(!r.body.products.some((p) => p.id === agentPkg));
		r = await T.A.client.get('/shop/packages');
		assert.equal(r.status, 200);
		assert.equal(r.body.products.find((p) => p.id === rankPkg).package.grants, '合伙人');
		// an ordinary product makes nobody an agent
		await buy(T.O.client, plain);
		r = await T.O.client.get('/team/chain');
		assert.equal(r.body.status, 'none');
		assert.equal(r.body.boss_id, null);
	});

	test('see_gens above 3 is refused on /admin/settings citing DESIGN.md §1', async () => {
		const r = await admin.client.post('/admin/settings', { 'chain.see_gens': '4' });
		assert.equal(r.status, 400, r.text);
		assert.equal(r.body.error.field, 'chain.see_gens');
		assert.match(r.body.error.message, /DESIGN\.md §1/);
		assert.match(r.body.error.message, /3 代/);
	});

	test('15 members buy packages in a fixed order: rewards, frozen and released as worked by hand', async () => {
		// [buyer, package]: 15 first packages, then C and B buy rank
		// packages (every package pays; B's makes A's condition complete)
		const script = 'ABCDEFGIL'.split('').concat(['J', 'K', 'H', 'M', 'N', 'O'])
			.map((n) => [n, agentPkg]).concat([['C', rankPkg], ['B', boardPkg]]);
		const orders = [];
		for (const [name, p] of script) orders.push(await buy(T[name].client, p));
		// by hand (yuan): see the header for the tree
		const want = {
			//    direct   see    peer   frozen released  status  left
			A: ['1100.00', '800.00', '60.00', '0.00', '392.00', 'boss', ['B', 'C']],
			B: ['0.00', '0.00', '0.00', '0.00', '0.00', 'agent', []],
			C: ['0.00', '0.00', '0.00', '0.00', '0.00', 'agent', []],
			D: ['800.00', '0.00', '30.00', '0.00', '100.00', 'boss', ['E', 'F']],
			E: ['500.00', '0.00', '0.00', '0.00', '100.00', 'boss', ['I', 'J']],
			F: ['0.00', '0.00', '0.00', '0.00', '0.00', 'agent', []],
			G: ['0.00', '0.00', '0.00', '0.00', '0.00', 'agent', []],
			H: ['0.00', '0.00', '0.00', '0.00', '0.00', 'agent', []],
			I: ['200.00', '0.00', '0.00', '0.00', '40.00', 'agent', ['L', 'M']],
			J: ['0.00', '0.00', '0.00', '0.00', '0.00', 'agent', []],
			K: ['0.00', '0.00', '0.00', '0.00', '0.00', 'agent', []],
			L: ['100.00', '0.00', '0.00', '20.00', '0.00', 'agent', ['N']],
			M: ['0.00', '0.00', '0.00', '0.00', '0.00', 'agent', []],
			N: ['100.00', '0.00', '0.00', '20.00', '0.00', 'agent', ['O']],
			O: ['0.00', '0.00', '0.00', '0.00', '0.00', 'agent', []],
		};
		// the team each is in: a boss leads their own; B and C were left
		// behind by A while A was a root agent, so they are in no team
		const boss = { A: 'A', B: null, C: null, D: 'D', E: 'E', F: 'A', G: 'D', H: 'D', I: 'A', J: 'A',
			K: 'E', L: 'A', M: 'A', N: 'A', O: 'A' };
		for (const [name, [direct, see, peer, frozen, released, status, left]] of Object.entries(want)) {
			const r = await T[name].client.get('/team/chain');
			assert.equal(r.status, 200, r.text);
			const c = r.body;
			assert.deepEqual({ name, status: c.status, rewards: { direct: c.rewards.direct, see: c.rewards.see,
				peer: c.rewards.peer }, frozen: c.frozen, released: c.released },
			{ name, status, rewards: { direct, see, peer }, frozen, released });
			assert.deepEqual(c.left_behind, left.map((n) => T[n].id), `${name}'s left-behind recruits`);
			assert.equal(c.boss_id, boss[name] ? T[boss[name]].id : 0, `${name}'s boss`);
		}
		// the money: A paid 399.00 once and got 1960.00 (frozen parts
		// released); L holds 80.00 of 100.00, 20.00 frozen
		const bal = async (n) => (await T[n].client.get('/wallet')).body.balances.CHANGE;
		assert.equal(await bal('A'), '3561.00');
		assert.equal(await bal('L'), '1681.00');
		assert.equal(await bal('B'), String((2000 - 399 * 2).toFixed(2)));
		const w = await T.L.client.get('/wallet');
		assert.equal(w.body.chain_frozen, '20.00');
		// 见点 stopped at 3 generations: none on L, M, N, O's orders
		const see = sql(`SELECT order_id FROM chain_rewards WHERE kind = 'see' AND order_id IN (${orders.join(',')})
			ORDER BY order_id`).map((x) => Number(x[0]));
		assert.deepEqual(see, [orders[4], orders[5], orders[7], orders[9]]);
		assert.deepEqual(sql(`SELECT MAX(gen) FROM chain_rewards WHERE order_id IN (${orders.join(',')})`), [['3']]);
		// the pool: 40.00 per package
		assert.deepEqual(sql(`SELECT SUM(pool) FROM chain_orders WHERE order_id IN (${orders.join(',')})`),
			[['68000']]);
		await verify();
	});

	test('the team page JSON carries the rules from the configuration and the tree', async () => {
		const r = await T.A.client.get('/team');
		assert.equal(r.status, 200);
		assert.ok(r.body.rules.some((w) => /超过 3 单/.test(w)), 'release_orders in the words');
		assert.ok(r.body.rules.some((w) => /3 代以内/.test(w)));
		const ids = r.body.tree.map((x) => x.id);
		for (const n of 'BCDEFGHIJK') assert.ok(ids.includes(T[n].id), `${n} in A's tree`);
		assert.ok(!ids.includes(T.L.id), 'the tree shows 3 generations');
		assert.equal(r.body.rank, null);
		assert.equal((await T.C.client.get('/team/chain')).body.rank, '合伙人');
	});

	test('a corrupted frozen amount is caught by ctl verify', async () => {
		sql(`UPDATE chain_rewards SET frozen = frozen + 1 WHERE member_id = ${T.L.id}`);
		const r = await run(CTL, ['verify'], { env: { ...process.env, PINTUAN_CONF } }).catch((e) => e);
		assert.equal(r.code, 1);
		assert.match(`${r.stdout}${r.stderr}`, /pool\.chainfrozen/);
		sql(`UPDATE chain_rewards SET frozen = frozen - 1 WHERE member_id = ${T.L.id}`);
		await verify();
	});

	// The ledger's own checks (ledger_verify, through verify_run like the
	// chain's): here, in this serial file, as a balance moved outside the
	// posting function would make every other file's verify fail.
	test('a member balance changed outside the ledger is caught by ctl verify', async () => {
		const acct = sql(`SELECT id FROM accounts WHERE owner_type = 'member' AND owner_id = ${T.L.id} `
			+ `AND kind = 'main' AND currency = 'CHANGE'`)[0][0];
		sql(`UPDATE accounts SET balance = balance + 1 WHERE id = ${acct}`);
		const r = await run(CTL, ['verify'], { env: { ...process.env, PINTUAN_CONF } }).catch((e) => e);
		sql(`UPDATE accounts SET balance = balance - 1 WHERE id = ${acct}`);
		assert.equal(r.code, 1);
		const out = `${r.stdout}${r.stderr}`;
		assert.match(out, /currency CHANGE: balances sum to 1, not 0/);
		assert.match(out, new RegExp(`account ${acct}: balance differs from its postings by 1`));
		await verify();
	});

	test('the pool is shared by rank, a rank with nobody keeps its share; the back office shows it', async () => {
		let r = await admin.client.get('/admin/chain');
		assert.equal(r.status, 200, r.text);
		const bal = Math.round(Number(r.body.pool) * 100);
		assert.ok(bal >= 68000, `pool ${r.body.pool}`);
		const directors = Number(sql(`SELECT COUNT(*) FROM chain_members WHERE rank_name = '董事'`)[0][0]);
		const partners = Number(sql(`SELECT COUNT(*) FROM chain_members WHERE rank_name = '合伙人'`)[0][0]);
		const founders = Number(sql(`SELECT COUNT(*) FROM chain_members WHERE rank_name = '联创'`)[0][0]);
		assert.equal(founders, 0);
		const before = (await T.B.client.get('/wallet')).body.balances.CHANGE;
		ctl('chain-settle');
		const perD = Math.floor(Math.floor(bal * 3000 / 10000) / directors);
		const perP = Math.floor(Math.floor(bal * 4000 / 10000) / partners);
		const after = (await T.B.client.get('/wallet')).body.balances.CHANGE;
		assert.equal(Math.round(Number(after) * 100) - Math.round(Number(before) * 100), perD);
		r = await admin.client.get('/admin/chain');
		const s = r.body.settlements[0];
		assert.equal(Math.round(Number(s.paid) * 100), perD * directors + perP * partners);
		assert.equal(Math.round(Number(r.body.pool) * 100), bal - perD * directors - perP * partners);
		assert.deepEqual(s.ranks.map((x) => [x.rank, x.count]), [['董事', directors], ['联创', 0],
			['合伙人', partners]]);
		// once per period
		assert.match(ctl('chain-settle'), /already/);
		// a member's team tree in the back office
		r = await admin.client.get(`/admin/chain?member=${T.D.id}`);
		assert.equal(r.body.member.status, 'boss');
		assert.ok(r.body.member.tree.some((x) => x.id === T.G.id && x.in_my_team));
		await verify();
	});

	test('from the scheduler (not inline) a package pays the same, once', async () => {
		await storeSettings({ 'chain.inline': 'false' });
		const [x] = await createMembers(1, { inviter: T.K.id, credit: { CHANGE: '500.00' } });
		x.client = await loginMember(x.phone);
		const o = await buy(x.client, agentPkg);
		// K is an agent with no recruits yet: x is left behind in E's team
		const deadline = Date.now() + 120000;
		for (;;) {
			const done = sql(`SELECT COUNT(*) FROM order_event_deliveries WHERE order_id = ${o}
				AND subscriber = 'chain' AND status = 'done'`)[0][0];
			if (done === '1') break;
			const failed = sql(`SELECT last_error FROM order_event_deliveries WHERE order_id = ${o}
				AND subscriber = 'chain' AND status = 'failed'`);
			assert.deepEqual(failed, []);
			assert.ok(Date.now() < deadline, 'the chain delivery ran');
			await run(JOBS, ['--once'], { env: { ...process.env, PINTUAN_CONF } }).catch(() => {});
		}
		const k = (await T.K.client.get('/team/chain')).body;
		assert.equal(k.rewards.direct, '100.00');
		assert.equal(k.frozen, '20.00');
		assert.deepEqual(k.left_behind, [x.id]);
		// x sits 2 below E (E → K → x): E's 见点 200.00, E released, so
		// nothing frozen; E's recruiter D, a boss, takes 10% of it
		const e = (await T.E.client.get('/team/chain')).body;
		assert.equal(e.rewards.see, '200.00');
		assert.equal(e.frozen, '0.00');
		assert.equal((await T.D.client.get('/team/chain')).body.rewards.peer, '50.00');
		await run(JOBS, ['--once'], { env: { ...process.env, PINTUAN_CONF } }).catch(() => {});
		assert.deepEqual(sql(`SELECT COUNT(*) FROM chain_rewards WHERE order_id = ${o}`), [['3']]);
		await verify();
	});

	test('3×3 spillover (chain.deadline = spill): recruits 4–9 fill line 3 and the two left-behind lines', async () => {
		await storeSettings({ 'chain.inline': 'true', 'chain.deadline': '"spill"' });
		const [root] = await createMembers(1, { credit: { CHANGE: '500.00' } });
		root.client = await loginMember(root.phone);
		await buy(root.client, agentPkg);
		const r = [];
		for (let i = 0; i < 9; i++) {
			const [m] = await createMembers(1, { inviter: root.id, credit: { CHANGE: '500.00' } });
			m.client = await loginMember(m.phone);
			await buy(m.client, agentPkg);
			r.push(m);
		}
		const rows = sql(`SELECT member_id, parent_id, spill_line, spill_level, spill_index FROM chain_members
			WHERE spill_of = ${root.id} ORDER BY member_id`).map((x) => x.map(Number));
		const at = (i, parent, line, level, index) => [r[i].id, parent.id, line, level, index];
		assert.deepEqual(rows, [at(0, root, 1, 1, 0), at(1, root, 2, 1, 0), at(2, root, 3, 1, 0),
			at(3, r[2], 3, 2, 0), at(4, r[2], 3, 2, 1), at(5, r[0], 1, 2, 0), at(6, r[1], 2, 2, 0),
			at(7, r[0], 1, 2, 1), at(8, r[1], 2, 2, 1)]);
		// the direct reward stays with the recruiter: 100 + 100 + 7 × 300;
		// the left-behind lines reached 4 orders with the 7th recruit, so
		// everything frozen up to it (20 + 20 + 5 × 60) was released
		const c = (await root.client.get('/team/chain')).body;
		assert.equal(c.rewards.direct, '2300.00');
		assert.equal(c.frozen, '0.00');
		assert.equal(c.released, '340.00');
		assert.ok(c.rules.some((w) => /三三滑落/.test(w)));
		// the 6th and 8th recruits sit under line 1 in its team tree
		const t = (await r[0].client.get('/team/chain')).body.tree.map((x) => x.id);
		assert.deepEqual(t, [r[5].id, r[7].id]);
		await storeSettings({ 'chain.deadline': null });
		await verify();
	});
});
