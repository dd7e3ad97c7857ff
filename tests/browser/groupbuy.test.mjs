// D1–D5, D9 and A1 on a phone: a visitor finds a public group-buy, is sent
// to log in and comes back, reads every rule, joins after a confirmation;
// two more members join over HTTP, an admin fills the rest with platform
// seats, and the member sees the drawn result (平台补位 labels, winners in
// draw order, the seed) and the link to verify it. A leader opens a group
// with an owner and a prize choice; a member picks the second prize; the
// countdown ticks and, when a group runs out of time, the page reloads into
// its refunded failure. An owner promotes another group of their leader.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, newContext, PHONE, shot, memberLogin, noHorizontalOverflow, viewOf } from './helpers.mjs';
import { adminClient, createMember, loginMember, ctl, newPhone, sql } from '../http/lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const dir = mkdtempSync(join(tmpdir(), 'gbb-'));
const preset = (name) => JSON.parse(readFileSync(new URL(`../../etc/presets/${name}.json`, import.meta.url), 'utf8'));
const tag = () => Math.random().toString(36).slice(2, 6);

// Imports an activity from JSON with ctl (the operator's path); its id.
function importActivity(config) {
  const f = join(dir, `a${tag()}.json`);
  writeFileSync(f, JSON.stringify(config));
  return Number(ctl('activity-import', f));
}

// Two listed products of an approved merchant (the prizes of a leader activity).
async function twoPrizes(admin) {
  const m = createMember();
  m.client = await loginMember(m.phone);
  const a = await m.client.post('/merchant/apply', { name: '拼团好物', contact: '李店长', phone: newPhone(),
    license_no: '91440300MA5GBGB002', address: '深圳市南山区粤海街道 3 号' });
  assert.equal((await admin.client.post(`/admin/merchants/${a.body.merchant_id}/approve`, {})).status, 200);
  const ids = [];
  for (const title of ['赣南脐橙礼盒 10 斤', '五常大米 5 公斤']) {
    const p = await m.client.post('/merchant/products', { title, mall: 'CHANGE', supply_price: '200.00',
      retail_price: '393.00', stock: '20' });
    assert.equal((await admin.client.post(`/admin/products/${p.body.product.id}/list`, {})).status, 200);
    ids.push(p.body.product.id);
  }
  return ids;
}

test('a public group-buy on a phone: visitor → login → rules → join → platform fill → result', async () => {
  const name = `全民拼购 ${tag()}`;
  const act = importActivity({ ...preset('quanmin'), name, products: [] });
  const [a, b, c] = [createMember(), createMember(), createMember()];
  for (const m of [a, b, c]) ctl('credit', m.phone, 'CHANGE', '100.00', '测试入账');

  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  // from the home page's entry to the group-buy home: zones of activity cards
  await page.goto('/');
  await Promise.all([page.waitForURL('**/gb'), page.click('a.pt-gb-entry')]);
  const card = page.locator(`a.pt-gb-act[href="/gb/activity/${act}"]`);
  await card.waitFor();
  assert.match(await card.innerText(), /10 人团 · 3 人中奖/);
  assert.match(await card.innerText(), /¥100\.00/);
  assert.match(await card.innerText(), /全民拼团/);
  assert.ok(await noHorizontalOverflow(page), '/gb fits the phone');
  await shot(page, 'gb-1-home');

  // A1: a visitor sees why and where to log in, and comes back
  await card.click();
  await page.waitForURL(`**/gb/activity/${act}`);
  const login = page.locator('a:has-text("登录后参团")');
  assert.equal(await login.getAttribute('href'), `/member/login?next=%2Fgb%2Factivity%2F${act}`);
  assert.match(await page.locator('.pt-gb-visitor').innerText(), /邀请注册/);
  assert.equal(await page.locator('form.pt-gb-join').count(), 0, 'no join form for a visitor');
  await shot(page, 'gb-2-activity-visitor');
  await login.click();
  await page.waitForURL('**/member/login?next=*');
  await page.fill('input[name=phone]', a.phone);
  await page.fill('input[name=password]', a.password);
  await Promise.all([page.waitForURL(`**/gb/activity/${act}`), page.click('button[type=submit]')]);

  // every rule and every reward sentence of the configuration is on the page
  const view = (await viewOf(page, `/gb/activity/${act}`)).activity;
  const rulesText = await page.locator('.pt-gb-rules').innerText();
  assert.ok(view.rules.rules.length >= 5 && view.rules.rewards.length >= 10);
  for (const s of [...view.rules.rules, ...view.rules.rewards])
    assert.ok(rulesText.includes(s), `rule shown: ${s}`);
  assert.equal(await page.locator('.pt-gb-rules li').count(), view.rules.rules.length + view.rules.rewards.length);
  assert.ok(await noHorizontalOverflow(page), 'the activity page fits the phone');
  await shot(page, 'gb-3-activity');
  await page.locator('#join').scrollIntoViewIfNeeded();
  await shot(page, 'gb-4-activity-join', { fullPage: false });

  // joining asks first: cancelling changes nothing, confirming pays
  await page.click('button:has-text("支付 ¥100.00 零钱参团")');
  const dialog = page.locator('.pt-gb-dialog');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /确认支付 ¥100\.00 零钱参团？\s*未中奖全额退回/);
  await shot(page, 'gb-5-confirm', { fullPage: false });
  await page.click('.pt-gb-dialog button:has-text("取消")');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(page.url().endsWith(`/gb/activity/${act}`), true);
  await page.click('button:has-text("支付 ¥100.00 零钱参团")');
  await Promise.all([page.waitForURL(/\/gb\/group\/\d+$/), page.click('.pt-gb-dialog button:has-text("确认支付")')]);
  const gid = Number(page.url().match(/(\d+)$/)[1]);
  const mine = page.locator('.pt-seat_mine');
  await mine.waitFor();
  assert.match(await mine.innerText(), /1\s*号[\s\S]*我/);
  assert.equal(await page.locator('.pt-seat_empty').count(), 9, 'nine dashed empty seats');
  assert.match(await page.locator('.pt-mono').first().innerText(), /^[0-9a-f]{64}$/, 'the commitment is shown');
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'gb-6-group-joined');

  // two more join over HTTP, then an admin fills the group with platform seats
  for (const m of [b, c]) {
    const r = await (await loginMember(m.phone)).post(`/gb/activity/${act}/join`, {});
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.group.id, gid, 'seated in the same group');
  }
  const admin = await adminClient('super');
  const f = await admin.client.post(`/admin/gb/groups/${gid}/fill`, {});
  assert.equal(f.status, 200, f.text);

  await page.reload();
  await page.locator('.pt-gb-result').waitFor();
  const g = (await viewOf(page, `/gb/group/${gid}`)).group;
  assert.equal(g.status, 'drawn');
  const plat = page.locator('.pt-seat_platform');
  assert.equal(await plat.count(), 7);
  for (const t of await plat.allInnerTexts()) assert.match(t, /平台补位/);
  assert.deepEqual((await page.locator('.pt-gb-winners li').allInnerTexts()).map((t) => Number(t.replace(/\D/g, ''))), g.winners,
    'the winners in draw order');
  assert.equal(await page.locator('.pt-seat_won').count(), 3);
  const body = await page.locator('main').innerText();
  assert.ok(body.includes(g.seed), 'the seed is revealed');
  assert.ok(body.includes(g.commitment));
  assert.match(await page.locator('.pt-gb-inel').innerText(), /4 号\s*平台补位/);
  assert.match(await page.locator('.pt-gb-result__me').innerText(), /您在第 1 位/);
  const verify = page.locator('a.pt-gb-verify');
  assert.equal(await verify.innerText(), '验证开奖结果');
  assert.equal(await verify.getAttribute('href'), `/gb/verify/${gid}`);
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'gb-7-group-drawn');
  await page.locator('.pt-gb-details summary').click();
  assert.ok((await page.locator('.pt-gb-details').innerText()).includes(view.rules.rules[0]));

  // the verify page recomputes the draw in the browser and says 通过
  await Promise.all([page.waitForURL(`**/gb/verify/${gid}`), verify.click()]);
  await page.locator('#gb-result-word', { hasText: '通过' }).waitFor();
  assert.equal(await page.textContent('#gb-result-word'), '通过');
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'gb-8-verify');
  await page.goBack();

  await page.goto('/gb/my');
  const row = page.locator(`.pt-gb-mine:has(a[href="/gb/group/${gid}"])`);
  await row.waitFor();
  assert.match(await row.innerText(), /已开奖/);
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'gb-9-my');
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});

test('leader groups on a phone: open with an owner, countdown, prize choice, expiry, promotion', async () => {
  const admin = await adminClient('super');
  const prizes = await twoPrizes(admin);
  const act = importActivity({ ...preset('lianbeihang'), name: `链贝行 ${tag()}`, products: prizes });
  const leader = createMember({ roles: ['leader'] });
  const owner = createMember({ inviter: leader.id, roles: ['owner'] });
  const d = createMember();
  ctl('credit', d.phone, 'CHANGE', '393.00', '测试入账');

  // a member who is not a leader is told how to become one
  const dctx = await newContext(browser, PHONE);
  const dp = await dctx.newPage();
  await memberLogin(dp, d);
  await dp.goto('/gb/lead');
  await dp.getByText('只有团长可以开团').waitFor();
  assert.equal(await dp.locator('a:has-text("申请成为团长")').getAttribute('href'), '/member/roles');

  // the leader opens a group for their owner
  const lctx = await newContext(browser, PHONE);
  const lp = await lctx.newPage();
  await memberLogin(lp, leader);
  await lp.goto('/gb/lead');
  await lp.selectOption('select[name=activity]', String(act));
  await lp.selectOption('select[name=owner]', String(owner.id));
  assert.ok(await noHorizontalOverflow(lp));
  await shot(lp, 'gb-10-lead');
  await Promise.all([lp.waitForURL(/\/gb\/group\/\d+$/), lp.click('button:has-text("开团")')]);
  const gid = Number(lp.url().match(/(\d+)$/)[1]);
  const cd = lp.locator('[data-countdown-text]');
  const t0 = await cd.innerText();
  assert.match(t0, /^(\d+ 天 )?\d{2}:\d{2}:\d{2}$/);
  await lp.waitForFunction((t) => document.querySelector('[data-countdown-text]').textContent !== t, t0);
  assert.match(await lp.locator('.pt-gb-head__who').innerText(), /群主/);
  assert.equal(await lp.locator('.pt-gb-share__qr').getAttribute('src'), `/gb/group/${gid}/qr.svg`);
  assert.match(await lp.locator('#share-url').innerText(), new RegExp(`/gb/group/${gid}$`));
  assert.equal(await lp.locator('form.pt-gb-join').count(), 0, 'a leader is not offered a seat in their own group');
  assert.match(await lp.locator('.pt-gb-aside').innerText(), /您是本团团长/);
  assert.ok(await noHorizontalOverflow(lp));
  await shot(lp, 'gb-11-leader-group');

  // a member joins it with the second prize
  await dp.goto(`/gb/group/${gid}`);
  const radios = dp.locator('input[name=product]');
  assert.equal(await radios.count(), 2);
  assert.equal(await radios.first().isChecked(), true, 'the first prize is the default');
  await dp.locator('label:has-text("五常大米")').click();
  await shot(dp, 'gb-12-group-prizes');
  await dp.click('button:has-text("支付 ¥393.00 零钱参团")');
  await Promise.all([dp.waitForURL(`**/gb/group/${gid}`), dp.click('.pt-gb-dialog button:has-text("确认支付")')]);
  await dp.locator('.pt-seat_mine').waitFor();
  const seat = (await viewOf(dp, `/gb/group/${gid}`)).group.seats.find((s) => s.mine);
  assert.equal(seat.prize, '五常大米 5 公斤');
  assert.match(await dp.locator('.pt-gb-aside').innerText(), /五常大米/);
  await shot(dp, 'gb-13-group-joined');

  // the leader's list, the activity page's open groups
  await lp.goto('/gb/lead');
  assert.match(await lp.locator(`a[href="/gb/group/${gid}"]`).innerText(), /1\/5/);
  await shot(lp, 'gb-14-lead-groups');
  await dp.goto(`/gb/activity/${act}`);
  assert.match(await dp.locator(`#join a[href="/gb/group/${gid}"]`).innerText(), /已参团 1\/5/);
  await shot(dp, 'gb-15-activity-leader');

  // an owner promotes another group of their leader
  const r = await (await loginMember(leader.phone)).post('/gb/open', { activity: String(act) });
  assert.equal(r.status, 200, r.text);
  const gid2 = r.body.group.id;
  const octx = await newContext(browser, PHONE);
  const op = await octx.newPage();
  await memberLogin(op, owner);
  await op.goto('/gb/promote');
  const promo = op.locator(`.pt-gb-led:has(a[href="/gb/group/${gid2}"])`);
  await promo.waitFor();
  assert.ok(await noHorizontalOverflow(op));
  await shot(op, 'gb-16-promote');
  await Promise.all([op.waitForURL(`**/gb/group/${gid2}`), promo.locator('button:has-text("推广此团")').click()]);
  assert.match(await op.locator('.pt-gb-head__who').innerText(), new RegExp(`群主 ${owner.phone.slice(0, 3)}\\*{4}${owner.phone.slice(7)}`));

  // a refusal shows the group page again with the reason, and takes nothing
  const poor = createMember();
  const pctx = await newContext(browser, PHONE);
  const pp = await pctx.newPage();
  await memberLogin(pp, poor);
  await pp.goto(`/gb/group/${gid2}`);
  await pp.click('button:has-text("支付 ¥393.00 零钱参团")');
  await pp.click('.pt-gb-dialog button:has-text("确认支付")');
  await pp.locator('.pt-error').waitFor();
  assert.match(await pp.locator('.pt-error').innerText(), /零钱余额不足/);
  assert.equal(await pp.locator('.pt-seat_mine').count(), 0);
  assert.ok(await noHorizontalOverflow(pp));
  await shot(pp, 'gb-17-join-refused');
  await pctx.close();

  // a group running out of time: the countdown reaches zero, the page
  // reloads, the expiry job fails the group and refunds the stake
  sql(`UPDATE gb_groups SET expires_at = NOW() + INTERVAL 3 SECOND WHERE id = ${gid}`);
  const key = `gb.expire:browser:${gid}`;
  sql(`INSERT INTO jobs (kind, unique_key, run_at, created_at) VALUES ('gb.expire', '${key}', NOW() + INTERVAL 4 SECOND, NOW())`);
  await dp.goto(`/gb/group/${gid}`);
  await dp.locator('[data-countdown-text]').waitFor();
  await dp.locator('.pt-gb-failed').waitFor({ timeout: 40000 });
  assert.match(await dp.locator('.pt-gb-failed').innerText(), /全额退回/);
  assert.match(await dp.locator('.pt-seat_mine').innerText(), /已退款/);
  assert.equal(await dp.locator('.pt-gb-share').count(), 0, 'no sharing once closed');
  assert.ok(await noHorizontalOverflow(dp));
  await shot(dp, 'gb-18-group-expired');

  for (const c of [dctx, lctx, octx]) assert.deepEqual(c.errors, []);
  await dctx.close();
  await lctx.close();
  await octx.close();
});
