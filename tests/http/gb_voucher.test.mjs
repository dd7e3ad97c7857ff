// D1 购物券 options: an activity may offer 购物券 (VOUCHER) amounts
// instead of a product; a member picks one when joining (field voucher,
// 1-based) and, on winning, is credited exactly that amount of 购物券
// through the payout path; a loser gets none and the stake back. The
// activity page says it in words; the back office refuses bad options
// field by field; the simulator counts the 购物券; verify holds.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMembers, loginMember, adminClient, ctl, sql } from './lib.mjs';

const dir = mkdtempSync(join(tmpdir(), 'gbv-'));

function importActivity(config) {
	const f = join(dir, `a${Math.random().toString(36).slice(2)}.json`);
	writeFileSync(f, JSON.stringify(config));
	return Number(ctl('activity-import', f));
}

const bal = (id, cur) => (Number(sql(`SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE owner_type = 'member'
	AND owner_id = ${Number(id)} AND kind = 'main' AND currency = '${cur}'`)[0][0]) / 100).toFixed(2);

const config = {
	name: '购物券拼团', mode: 'public', price: '10.00', seats: 2, winners: 1,
	vouchers: ['50.00', '30.00'], rewards: [],
};

describe('D1: a 购物券 option instead of a product', () => {
	let act, admin;

	before(async () => {
		admin = (await adminClient('super')).client;
		act = importActivity(config);
	});

	test('the activity page shows the options in words and as choices', async () => {
		const [m] = await createMembers(1);
		const c = await loginMember(m.phone);
		const page = await c.get(`/gb/activity/${act}`, { json: true });
		assert.equal(page.status, 200, page.text);
		const a = page.body.activity;
		assert.deepEqual(a.rules.vouchers, [
			'中奖者可选 50.00 购物券 代替商品：参团价不再购买商品，中奖后 50.00 购物券 直接到账',
			'中奖者可选 30.00 购物券 代替商品：参团价不再购买商品，中奖后 30.00 购物券 直接到账',
		]);
		assert.deepEqual(a.prizes.map((p) => [p.voucher, p.title]), [[1, '50.00 购物券'], [2, '30.00 购物券']]);
		const html = (await c.get(`/gb/activity/${act}`, { json: false })).text;
		assert.match(html, /name="voucher" value="1" checked/);
		assert.match(html, /name="voucher" value="2"/);
		assert.match(html, /中奖后 30\.00 购物券 直接到账/);
		assert.doesNotMatch(html, /VOUCHER/, 'no raw currency code');
	});

	test('a bad pick is refused and nothing changes', async () => {
		const [m] = await createMembers(1, { credit: { CHANGE: '10.00' } });
		const c = await loginMember(m.phone);
		let r = await c.post(`/gb/activity/${act}/join`, { voucher: '3' });
		assert.equal(r.status, 400);
		assert.equal(r.body.error.field, 'voucher');
		assert.match(r.body.error.message, /请选择本活动的奖品/);
		r = await c.post(`/gb/activity/${act}/join`, { voucher: '0' });
		assert.equal(r.status, 400);
		assert.equal(r.body.error.field, 'voucher');
		r = await c.post(`/gb/activity/${act}/join`, { voucher: '1', product: '5' });
		assert.equal(r.status, 400);
		assert.match(r.body.error.message, /只能选一个/);
		assert.equal(bal(m.id, 'CHANGE'), '10.00');
		assert.equal(sql(`SELECT COUNT(*) FROM gb_seats WHERE member_id = ${m.id}`)[0][0], '0');
	});

	test('the winner receives exactly the 购物券 picked; the loser none, the stake back', async () => {
		const ms = await createMembers(2, { credit: { CHANGE: '10.00' } });
		const picks = [2, 1];
		const amounts = { 1: '50.00', 2: '30.00' };
		let gid;
		for (let i = 0; i < 2; i++) {
			ms[i].client = await loginMember(ms[i].phone);
			const r = await ms[i].client.post(`/gb/activity/${act}/join`, { voucher: String(picks[i]) });
			assert.equal(r.status, 200, r.text);
			gid = r.body.group.id;
		}
		assert.deepEqual(sql(`SELECT member_id, voucher, product_id IS NULL FROM gb_seats WHERE group_id = ${gid} ORDER BY seat_no`),
			[[String(ms[0].id), '3000', '1'], [String(ms[1].id), '5000', '1']]);
		const g = (await ms[0].client.get(`/gb/group/${gid}`, { json: true })).body.group;
		assert.equal(g.status, 'drawn');
		const wi = ms.findIndex((m) => g.seats.some((s) => s.member_id === m.id && s.result === 'won'));
		assert.ok(wi >= 0);
		const w = ms[wi], l = ms[1 - wi];
		assert.equal(bal(w.id, 'VOUCHER'), amounts[picks[wi]], 'exactly the amount picked');
		assert.equal(bal(l.id, 'VOUCHER'), '0.00');
		assert.equal(bal(w.id, 'CHANGE'), '0.00', 'the stake bought the 购物券');
		assert.equal(bal(l.id, 'CHANGE'), '10.00', 'the loser\'s stake is refunded');
		const seat = g.seats.find((s) => s.member_id === w.id);
		assert.equal(seat.prize, `${amounts[picks[wi]]} 购物券`);
		assert.deepEqual(sql(`SELECT COUNT(*) FROM journal WHERE kind = 'gb.voucher' AND ref_id = ${gid}`), [['1']]);
		assert.equal(sql(`SELECT COUNT(*) FROM orders WHERE group_id = ${gid}`)[0][0], '0', 'no product order');
		const msg = sql(`SELECT body FROM messages WHERE member_id = ${w.id} AND title = '拼团中奖' ORDER BY id DESC LIMIT 1`)[0][0];
		assert.match(msg, new RegExp(`所选 ${amounts[picks[wi]].replace('.', '\\.')} 购物券已到账`));
		const wallet = await w.client.get('/wallet?currency=VOUCHER', { json: true });
		assert.ok(wallet.body.history.some((h) => /所选购物券到账/.test(h.memo) && h.amount === amounts[picks[wi]]));
		assert.match(ctl('verify'), /all invariants hold/);
	});

	test('the back office refuses bad options with the field named; the simulator counts the 购物券', async () => {
		const n0 = sql('SELECT COUNT(*) FROM gb_activities')[0][0];
		let r = await admin.post('/admin/gb/activities', { config: JSON.stringify({ ...config, vouchers: ['50.00', '-1'] }) });
		assert.equal(r.status, 400);
		assert.equal(r.body.error.field, 'vouchers[1]');
		assert.match(r.body.error.message, /第 2 个购物券选项/);
		r = await admin.post('/admin/gb/activities', { config: JSON.stringify({ ...config, vouchers: '50.00' }) });
		assert.equal(r.status, 400);
		assert.equal(r.body.error.field, 'vouchers');
		assert.equal(sql('SELECT COUNT(*) FROM gb_activities')[0][0], n0, 'nothing created');
		const csrf = await admin.csrfFor('/admin');
		r = await admin.request('POST', '/admin/gb/simulate', {
			body: JSON.stringify({ activity: config }), contentType: 'application/json',
			headers: { Accept: 'application/json', 'X-CSRF-Token': csrf },
		});
		assert.equal(r.status, 200, r.text);
		assert.match(r.body.lines[0].label, /中奖者所选购物券（50\.00 × 中奖 1 人/);
	});
});
