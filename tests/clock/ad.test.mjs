// Ad rewards (issue 19, FEATURES H1) over the server clock: a view counts
// only once its ad's duration has passed on the server's clock, so these
// tests move the test clock (ctl clock; test mode only) instead of
// waiting 30 s. The clock is the whole stack's: this file runs with the
// other clock tests, after the HTTP and browser suites, starts from a
// fixed hour of tomorrow (no midnight in the middle) and resets the clock
// when it ends, whatever happened.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { createMember, loginMember, adminClient, ctl, sql, storeSettings } from '../http/lib.mjs';
import { png } from '../http/images.mjs';

const clock = (...args) => ctl('clock', ...args);

const bal = (id, cur) => (Number(sql(`SELECT COALESCE(SUM(balance), 0) FROM accounts
	WHERE owner_type = 'member' AND owner_id = ${Number(id)} AND kind = 'main' AND currency = '${cur}'`)[0][0]) / 100).toFixed(2);

// A member holding points, with an inviter and the inviter's inviter.
async function watcher(points = '200.00') {
	const g = createMember();
	const p = createMember({ inviter: g.id });
	const m = createMember({ inviter: p.id });
	ctl('credit', m.phone, 'MALLPTS', points, '广告测试消费积分');
	m.client = await loginMember(m.phone);
	return { m, p, g };
}

let ads = [];

before(async () => {
	clock('reset');
	// 10:00 tomorrow by the database's calendar: hours from any midnight
	const at = sql("SELECT DATE_FORMAT(CURDATE() + INTERVAL 1 DAY, '%Y-%m-%d 10:00:00')")[0][0];
	clock('set', at);
	const admin = (await adminClient()).client;
	const csrf = await admin.csrfFor('/admin');
	const up = await admin.request('POST', '/admin/ads/upload', {
		headers: { 'X-CSRF-Token': csrf }, body: png(8, 8, [20, 120, 200], { text: 'ad-' + Date.now() }),
		contentType: 'image/png',
	});
	assert.equal(up.status, 200, up.text);
	assert.match(up.body.url, /^\/uploads\/[0-9a-f]{2}\/[0-9a-f]{64}\.png$/);
	for (let i = 1; i <= 6; i++) {
		const r = await admin.post('/admin/ads', {
			kind: 'image', title: `测试广告 ${i}`, media: up.body.url, link: '/shop', duration: 30,
		});
		assert.equal(r.status, 200, r.text);
		ads.push(r.body.id);
	}
	// the audit names who created them
	assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'ad.create' AND target_id IN (${ads.join(',')})`)[0][0], '6');
});

after(() => clock('reset'));

const done = (c, token) => c.post(`/ad/view/${encodeURIComponent(token)}/done`, {});
const start = async (c, id) => {
	const r = await c.post(`/ad/${id}/start`, {});
	assert.equal(r.status, 200, r.text);
	assert.equal(typeof r.body.token, 'string');
	return r.body.token;
};

describe('ad rewards on the server clock (H1)', () => {
	test('four ads watched in full: 1.00 零钱 once, 1 消费积分 taken, the uplines their share; a fifth refused', async () => {
		const { m, p, g } = await watcher();
		const c = m.client;
		let home = await c.get('/ad');
		assert.equal(home.status, 200);
		assert.deepEqual({ watched: home.body.today.watched, required: home.body.today.required }, { watched: 0, required: 4 });
		const listed = new Map(home.body.ads.map((a) => [a.id, a.duration_sec]));
		for (const id of ads) assert.equal(listed.get(id), 30, `ad ${id} listed with its 30 s`);

		const tokens = [];
		for (const id of ads.slice(0, 5)) tokens.push(await start(c, id));

		// at once: refused, nothing counted, nothing paid
		let r = await done(c, tokens[0]);
		assert.equal(r.status, 409, r.text);
		assert.equal(r.body.error.code, 'too_early');
		assert.match(r.body.error.message, /还没有看完/);
		clock('advance', '20s');
		r = await done(c, tokens[0]);
		assert.equal(r.body.error.code, 'too_early', 'still early at 20 s of 30');
		assert.equal(bal(m.id, 'CHANGE'), '0.00');
		assert.equal(bal(m.id, 'MALLPTS'), '200.00');
		assert.equal((await c.get('/ad')).body.today.watched, 0);

		// another member cannot finish this member's view
		const other = await watcher();
		clock('advance', '11s');
		r = await done(other.m.client, tokens[0]);
		assert.equal(r.status, 404, r.text);

		for (let i = 0; i < 3; i++) {
			r = await done(c, tokens[i]);
			assert.equal(r.status, 200, r.text);
			assert.deepEqual([r.body.ok, r.body.rewarded, r.body.watched], [true, false, i + 1]);
		}
		// the token is single-use
		r = await done(c, tokens[0]);
		assert.equal(r.status, 409);
		assert.equal(r.body.error.code, 'used');

		// the fourth, sent twice at once: one completion, one reward
		const both = await Promise.all([done(c, tokens[3]), done(c, tokens[3])]);
		const ok = both.filter((x) => x.status === 200);
		const used = both.filter((x) => x.status === 409);
		assert.equal(ok.length, 1, both.map((x) => x.text).join(' | '));
		assert.equal(used.length, 1);
		assert.equal(used[0].body.error.code, 'used');
		assert.equal(ok[0].body.rewarded, true);
		assert.equal(ok[0].body.amount, '1.00');
		assert.equal(bal(m.id, 'CHANGE'), '1.00');
		assert.equal(bal(m.id, 'MALLPTS'), '199.00');
		// 10% and 5% of the reward (ad.upline_bp default [1000, 500])
		assert.equal(bal(p.id, 'CHANGE'), '0.10');
		assert.equal(bal(g.id, 'CHANGE'), '0.05');

		// a fifth the same day: its completion and any new start refused
		r = await done(c, tokens[4]);
		assert.equal(r.status, 409, r.text);
		assert.equal(r.body.error.code, 'daily_limit');
		r = await c.post(`/ad/${ads[5]}/start`, {});
		assert.equal(r.status, 409);
		assert.equal(r.body.error.code, 'daily_limit');
		assert.equal(bal(m.id, 'CHANGE'), '1.00', 'the fifth paid nothing');

		home = await c.get('/ad');
		assert.equal(home.body.today.watched, 4);
		assert.equal(home.body.today.rewarded, true);
		assert.equal(home.body.points, '199.00');
		assert.equal(home.body.history.length, 1);
		assert.equal(home.body.history[0].amount, '1.00');
		// one ledger entry for the day, the one the reward row names
		assert.deepEqual(sql(`SELECT COUNT(*) FROM journal WHERE kind = 'ad.reward' AND idem_key LIKE 'ad.reward:${m.id}:%'`), [['1']]);
		assert.deepEqual(sql(`SELECT r.views, j.kind FROM ad_rewards r JOIN journal j ON j.id = r.entry_id WHERE r.member_id = ${m.id}`), [['4', 'ad.reward']]);
		assert.match(ctl('verify'), /all invariants hold/);
	});

	test('an ad counts once a day; a new day starts again', async () => {
		const { m } = await watcher('1.50');
		const c = m.client;
		const t = await start(c, ads[0]);
		clock('advance', '31s');
		assert.equal((await done(c, t)).status, 200);
		let r = await c.post(`/ad/${ads[0]}/start`, {});
		assert.equal(r.status, 409);
		assert.equal(r.body.error.code, 'watched');
		// three more, then the reward: 1.00 for 1.00 of the 1.50 held
		for (const id of ads.slice(1, 4)) {
			const tk = await start(c, id);
			clock('advance', '31s');
			r = await done(c, tk);
			assert.equal(r.status, 200, r.text);
		}
		assert.equal(r.body.amount, '1.00');
		// the next day: 0.50 left pays 0.50 (pro rata)
		clock('advance', '1d');
		const home = await c.get('/ad');
		assert.equal(home.body.today.watched, 0);
		for (const id of ads.slice(0, 4)) {
			const tk = await start(c, id);
			clock('advance', '31s');
			r = await done(c, tk);
			assert.equal(r.status, 200, r.text);
		}
		assert.equal(r.body.rewarded, true);
		assert.equal(r.body.amount, '0.50');
		assert.equal(bal(m.id, 'MALLPTS'), '0.00');
		assert.equal(bal(m.id, 'CHANGE'), '1.50');
		// points used up: nothing to watch for
		clock('advance', '1d');
		r = await c.post(`/ad/${ads[0]}/start`, {});
		assert.equal(r.status, 409);
		assert.equal(r.body.error.code, 'no_points');
	});

	test("the day's budget counts the uplines' shares: 1.14 left does not pay a 1.00 reward with 0.15 of shares", async () => {
		const { m, p, g } = await watcher();
		const c = m.client;
		const tokens = [];
		for (const id of ads.slice(0, 4)) tokens.push(await start(c, id));
		clock('advance', '31s');
		for (const t of tokens.slice(0, 3)) assert.equal((await done(c, t)).status, 200);
		// what the platform paid this day (members and shares), plus 1.14
		const paid = Number(sql(`SELECT COALESCE((SELECT paid FROM ad_budget WHERE day = (SELECT MAX(day) FROM
			ad_views WHERE member_id = ${m.id})), 0)`)[0][0]);
		await storeSettings({ 'ad.daily_budget': JSON.stringify(((paid + 114) / 100).toFixed(2)) });
		try {
			const r = await done(c, tokens[3]);
			assert.equal(r.status, 200, r.text);
			assert.equal(r.body.rewarded, false);
			assert.match(r.body.message, /今日额度已发完/);
			assert.deepEqual([bal(m.id, 'CHANGE'), bal(m.id, 'MALLPTS'), bal(p.id, 'CHANGE'), bal(g.id, 'CHANGE')],
				['0.00', '200.00', '0.00', '0.00'], 'nothing paid, not even the member part that would fit');
			assert.deepEqual(sql(`SELECT amount, upline, reason FROM ad_rewards WHERE member_id = ${m.id}`), [['0', '0', 'budget']]);
			const home = await c.get('/ad');
			assert.equal(home.body.budget_spent, true);
			assert.match(home.body.words, /会员所得与上级分成一并计入/);
			assert.match(ctl('verify'), /all invariants hold/);
		} finally {
			await storeSettings({ 'ad.daily_budget': null });
		}
	});

	test("a network's reward callback counts only with its signature", async () => {
		const { publicKey, privateKey } = generateKeyPairSync('ed25519');
		const stranger = generateKeyPairSync('ed25519').privateKey;
		const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
		await storeSettings({ 'ad.network_pubkey': JSON.stringify(raw) });
		try {
			const { m } = await watcher();
			const anon = m.client;
			const cb = (fields, key = privateKey) => {
				const msg = `${fields.member}|${fields.trans}|${fields.ts}`;
				return { ...fields, sig: sign(null, Buffer.from(msg), key).toString('hex') };
			};
			// the server's now: real time plus the test clock's offset
			const now = Math.floor(Date.now() / 1000) + Number(/offset ([+-]?\d+)/.exec(clock())[1]);
			const base = { member: String(m.id), trans: 'net-' + Date.now(), ts: String(now) };
			const post = (f) => anon.post('/ad/network/callback', f, { csrf: false });

			// forged: another key, a changed member, an old timestamp
			let r = await post(cb(base, stranger));
			assert.equal(r.status, 400, r.text);
			assert.equal(r.body.error.code, 'bad_signature');
			const signed = cb(base);
			r = await post({ ...signed, member: String(m.id + 1) });
			assert.equal(r.body.error.code, 'bad_signature');
			r = await post(cb({ ...base, ts: String(now - 3600) }));
			assert.equal(r.status, 400);
			r = await post({ ...base, sig: 'zz' });
			assert.equal(r.status, 400);
			assert.equal((await m.client.get('/ad')).body.today.watched, 0, 'nothing counted');

			// signed: one view; the network's retry counts once
			r = await post(signed);
			assert.equal(r.status, 200, r.text);
			assert.equal(r.body.watched, 1);
			r = await post(signed);
			assert.equal(r.status, 200);
			assert.equal(r.body.duplicate, true);
			assert.equal((await m.client.get('/ad')).body.today.watched, 1);
		} finally {
			await storeSettings({ 'ad.network_pubkey': null });
		}
	});
});
