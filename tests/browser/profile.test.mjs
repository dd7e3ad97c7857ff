// A9 on a 390×844 phone: a member sets a nickname and uploads an avatar on
// the profile page, 我的 shows them; a group page shows seats with
// nicknames and avatars (masked for a private member), five seats to a
// row, long names cut with an ellipsis, and a sticky bar above the tab bar
// ("还差 N 人 · 立即参团" for a member not in the group, "邀请好友" for one
// in it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, newContext, PHONE, shot, memberLogin, noHorizontalOverflow } from './helpers.mjs';
import { createMember, loginMember, ctl, sql } from '../http/lib.mjs';
import { png } from '../http/images.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const dir = mkdtempSync(join(tmpdir(), 'profb-'));
const preset = (name) => JSON.parse(readFileSync(new URL(`../../etc/presets/${name}.json`, import.meta.url), 'utf8'));
function importActivity(config) {
  const f = join(dir, `a${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(f, JSON.stringify(config));
  return Number(ctl('activity-import', f));
}
const withPass = (m) => ({ ...m, password: 'Secret-pass-123' });

test('profile: nickname, avatar upload, privacy; 我的 shows them', async () => {
  const m = withPass(createMember());
  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  await memberLogin(page, m);
  await page.click('a[href="/member/profile"] >> nth=0');
  await page.waitForURL('**/member/profile');
  // the generated default avatar: the default name's first character
  assert.equal((await page.locator('.pt-face .pt-av').innerText()).trim(), '用');
  await page.fill('input[name=nickname]', '阿明的小店');
  await Promise.all([page.waitForURL('**/member/profile'), page.click('button[type=submit]')]);
  await page.getByText('资料已保存').first().waitFor();
  const file = join(dir, 'face.png');
  writeFileSync(file, png(96, 96, [30, 144, 255]));
  await Promise.all([page.waitForEvent('load'), page.setInputFiles('input[data-upload]', file)]);
  await page.locator('.pt-face img.pt-av').waitFor();
  assert.ok(await page.locator('.pt-face img.pt-av').evaluate((i) => i.complete && i.naturalWidth === 96));
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'profile-1-page');
  await page.goto('/member/me');
  assert.match(await page.locator('.pt-profile__name').innerText(), /阿明的小店/);
  assert.equal(await page.locator('.pt-profile img.pt-av').count(), 1);
  await shot(page, 'profile-2-me', { fullPage: false });
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});

test('group page: named seats, five to a row, ellipsis, sticky join / invite bar', async () => {
  const act = importActivity({ ...preset('quanmin'), name: '座位测试 ' + Math.random().toString(36).slice(2, 6), products: [] });
  const ms = [];
  for (let i = 0; i < 6; i++) {
    const m = createMember();
    ctl('credit', m.phone, 'CHANGE', '100.00', '测试入账');
    m.client = await loginMember(m.phone);
    ms.push(m);
  }
  await ms[0].client.post('/member/profile', { nickname: '一个特别特别长的昵称用来测试省略' });
  await ms[1].client.post('/member/profile', { nickname: '保密的人', private: '1' });
  const csrf = await ms[2].client.csrfFor('/member/profile/avatar');
  await ms[2].client.request('POST', '/member/profile/avatar', { headers: { 'X-CSRF-Token': csrf }, body: png(40, 40, [250, 180, 0]), contentType: 'image/png' });
  for (const m of ms) assert.equal((await m.client.post(`/gb/activity/${act}/join`, {})).status, 200);
  const gid = sql(`SELECT id FROM gb_groups WHERE activity_id = ${act}`)[0][0];

  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  await memberLogin(page, withPass(ms[0]));
  await page.goto(`/gb/group/${gid}`);
  const seats = page.locator('.pt-seat');
  assert.equal(await seats.count(), 10);
  const tops = await seats.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
  assert.equal(new Set(tops.slice(0, 5)).size, 1, 'the first five seats share a row');
  assert.ok(tops[5] > tops[0], 'the sixth starts the next row');
  // the long nickname is cut, never wider than its seat
  const who = seats.nth(0).locator('.pt-seat__who');
  assert.match(await who.innerText(), /^一个特别/);
  assert.ok(await who.evaluate((e) => e.scrollWidth > e.clientWidth && getComputedStyle(e).textOverflow === 'ellipsis'));
  assert.equal((await seats.nth(1).locator('.pt-seat__who').innerText()).trim(), '保**');
  assert.equal(await seats.nth(2).locator('img.pt-av').count(), 1);
  assert.ok(await noHorizontalOverflow(page));
  // a seat holder is asked to invite
  const bar = page.locator('.pt-gb-sticky');
  assert.match(await bar.innerText(), /邀请好友 · 还差 4 人/);
  const inView = async () => bar.evaluate((el) => {
    const r = el.getBoundingClientRect(), tab = document.querySelector('.pt-tabbar').getBoundingClientRect();
    return r.bottom <= tab.top + 1 && r.top >= 0;
  });
  assert.ok(await inView(), 'the bar is on screen above the tab bar');
  await page.evaluate(() => window.scrollTo(0, 0));
  assert.ok(await inView(), 'still on screen at the top of the page');
  await shot(page, 'profile-3-group-seats', { fullPage: false });
  await shot(page, 'profile-4-group-full');

  // a member not in the group: join
  const d = withPass(createMember());
  const ctx2 = await newContext(browser, PHONE);
  const p2 = await ctx2.newPage();
  await memberLogin(p2, d);
  await p2.goto(`/gb/group/${gid}`);
  const bar2 = p2.locator('.pt-gb-sticky a');
  assert.match(await bar2.innerText(), /还差 4 人 · 立即参团/);
  assert.equal(await bar2.getAttribute('href'), `/gb/activity/${act}`);
  await shot(p2, 'profile-5-group-join-bar', { fullPage: false });
  assert.deepEqual(ctx.errors, []);
  assert.deepEqual(ctx2.errors, []);
  await ctx.close();
  await ctx2.close();
});

test('the invite page shows the poster PNG with 保存图片 and share', async () => {
  const m = withPass(createMember());
  const c = await loginMember(m.phone);
  await c.post('/member/profile', { nickname: '海报阿明' });
  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  await memberLogin(page, m);
  await page.goto('/member/invite');
  const img = page.locator('.pt-poster-png img');
  await img.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => { const i = document.querySelector('.pt-poster-png img'); return i.complete && i.naturalWidth > 0; });
  assert.equal(await img.evaluate((i) => i.naturalWidth), 750);
  assert.equal(await page.locator('a[download]', { hasText: '保存图片' }).getAttribute('href'), '/member/invite/poster.png');
  // outside WeChat without the Web Share API: the link is copied
  await page.evaluate(() => { delete navigator.share; });
  await page.locator('[data-share]').click();
  await page.getByText('已复制').first().waitFor();
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'profile-6-invite-poster');
  const png = await page.request.get('/member/invite/poster.png');
  const { writeFileSync: w } = await import('node:fs');
  w(join(process.env.SCREENSHOTS || 'build/screenshots', 'profile-7-invite-poster-file.png'), await png.body());
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});
