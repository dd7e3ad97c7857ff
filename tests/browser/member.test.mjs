// A member on a phone (A3, A4): the login page (and its error), 我的, the
// team page both empty and with members, and the invite poster with its QR.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, PHONE, shot, ctl, createMember, memberLogin, viewOf,
  noHorizontalOverflow, clearOfTabbar,
} from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/* The last thing in <main> can be scrolled clear of the fixed tab bar. */
async function lastContentClearOfTabbar(page) {
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  return page.evaluate(() => {
    const bar = document.querySelector('.pt-tabbar');
    const main = document.querySelector('main');
    if (!bar) return true;
    const last = main.lastElementChild || main;
    return last.getBoundingClientRect().bottom <= bar.getBoundingClientRect().top + 0.5;
  });
}

test('login page → 我的 → empty team → invite poster', async () => {
  const inviter = createMember();
  const m = createMember({ inviter: inviter.id });
  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();

  await page.goto('/member/login');
  await page.getByRole('button', { name: '登录' }).waitFor();
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'login-1-page');

  // a wrong password: the message on the page, the phone kept
  await page.fill('input[name=phone]', m.phone);
  await page.fill('input[name=password]', 'not-the-password');
  await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
  const err = page.locator('.pt-ferr[role=alert]');   // the message under its field
  await err.waitFor();
  assert.match(await err.innerText(), /密码/);
  assert.equal(await page.inputValue('input[name=phone]'), m.phone);
  await shot(page, 'login-2-error');

  await memberLogin(page, m);
  await page.locator('.pt-profile').getByText(`会员 ${m.id}`).waitFor();
  const main = await page.innerText('main');
  assert.match(main, new RegExp(`会员\\s*${inviter.id}`), 'shows the inviter');
  assert.match(main, /广东省\s*深圳市\s*南山区/);
  assert.equal(await page.locator('.pt-tabbar a.on').innerText().then((s) => s.trim()), '我的');
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'member-1-me', { fullPage: false });
  assert.ok(await lastContentClearOfTabbar(page), 'the tab bar covers the end of 我的');
  await shot(page, 'member-1b-me-bottom', { fullPage: false });

  await page.click('.pt-tabbar a[href="/member/team"]');
  await page.waitForURL('**/member/team');
  const empty = page.locator('.pt-empty');
  await empty.waitFor();
  assert.match(await empty.innerText(), /还没有直推成员/);
  assert.ok(await clearOfTabbar(empty.getByRole('link', { name: '去邀请好友' })));
  await shot(page, 'member-2-team-empty', { fullPage: false });

  await empty.getByRole('link', { name: '去邀请好友' }).click();
  await page.waitForURL('**/member/invite');
  const qr = page.locator('img.pt-poster__qr');
  await qr.waitFor();
  await page.waitForFunction(() => document.querySelector('img.pt-poster__qr').complete);
  await shot(page, 'member-3-invite', { fullPage: false });
  assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR image loads');
  const box = await qr.boundingBox();
  assert.ok(box.width >= 150 && box.x >= 0 && box.x + box.width <= PHONE.viewport.width, `QR box ${JSON.stringify(box)}`);
  assert.ok(await clearOfTabbar(qr), 'the QR is on the first screen');
  assert.match(await page.innerText('#invite-url'), new RegExp(`/i/${m.id}$`));
  assert.match(await page.innerText('.pt-poster'), new RegExp(`${m.id}`));
  assert.ok(await noHorizontalOverflow(page));
  assert.ok(await lastContentClearOfTabbar(page), 'the tab bar covers the copy button');
  await shot(page, 'member-3b-invite-bottom', { fullPage: false });
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});

test('the team page lists direct and second-generation members', async () => {
  const leader = createMember();
  const a = createMember({ inviter: leader.id });
  const b = createMember({ inviter: leader.id });
  const c = createMember({ inviter: a.id });
  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  await memberLogin(page, leader);

  const me = await viewOf(page, '/member/me');
  assert.equal(me.member.team.gen1, 2);
  assert.equal(me.member.team.gen2, 1);
  await page.goto('/member/team');
  const rows = page.locator('.pt-member');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 2);
  const text = await page.innerText('main');
  assert.match(text, new RegExp(`会员\\s*${a.id}`));
  assert.match(text, new RegExp(`会员\\s*${b.id}`));
  assert.match(await page.locator('.pt-tabs .on').innerText(), /直推\s*2/);
  await shot(page, 'member-4-team', { fullPage: false });

  await page.click('.pt-tabs a[href="/member/team?gen=2"]');
  await page.waitForURL('**/member/team?gen=2');
  assert.equal(await rows.count(), 1);
  assert.match(await page.innerText('main'), new RegExp(`会员\\s*${c.id}`));
  await shot(page, 'member-5-team-gen2', { fullPage: false });
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});

test('public pages: home, reset, agreement, a 404, and dark mode keeps the light theme', async () => {
  const ctx = await newContext(browser, { ...PHONE, colorScheme: 'dark' });
  const page = await ctx.newPage();

  await page.goto('/');
  await page.locator('.pt-hero').getByRole('link', { name: '注册' }).waitFor();
  assert.equal(await page.locator('.pt-tabbar a.on').innerText().then((s) => s.trim()), '首页');
  // WeUI would switch its cells to dark under prefers-color-scheme: dark
  // while our own styles stay light; the layout pins WeUI's light theme.
  const bg = await page.locator('.weui-cells').first().evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(bg, 'rgb(255, 255, 255)');
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'public-1-home', { fullPage: false });

  await page.goto('/member/login');
  await page.click('a[href="/member/reset"]');
  await page.waitForURL('**/member/reset');
  await page.locator('button[data-sms=reset]').waitFor();
  await shot(page, 'public-2-reset');

  await page.goto('/member/agreement');
  await page.locator('.pt-article h2').getByText(/用户协议/).waitFor();
  await shot(page, 'public-3-agreement');

  const r = await page.goto('/member/no-such-page');
  assert.equal(r.status(), 404);
  assert.equal((await page.innerText('.pt-bar h1')).trim(), '出错了');
  await page.getByRole('link', { name: '返回首页' }).waitFor();
  await shot(page, 'public-4-404', { fullPage: false });
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});

test('wallet shows the balance and its history; messages and role pages render', async () => {
  const m = createMember();
  ctl('credit', m.phone, 'CHANGE', '88.50', '浏览器测试入账');
  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  await memberLogin(page, m);

  await page.click('.pt-tabbar a[href="/wallet"]');
  await page.waitForURL('**/wallet');
  assert.match(await page.innerText('.pt-wallet__main'), /88\.50/);
  const row = page.locator('.pt-history .weui-cell').first();
  await row.waitFor();
  assert.match(await row.innerText(), /浏览器测试入账[\s\S]*\+88\.50/);
  assert.equal(await page.locator('.pt-empty').count(), 0);
  assert.equal(await page.locator('.pt-tabbar a.on').innerText().then((s) => s.trim()), '钱包');
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'member-6-wallet', { fullPage: false });
  // the currency filter submits itself
  await Promise.all([page.waitForURL('**/wallet?currency=CHANGE'), page.selectOption('select[name=currency]', 'CHANGE')]);
  await page.locator('.pt-history .weui-cell').first().waitFor();

  await page.goto('/member/messages');
  await page.locator('main').waitFor();
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'member-7-messages', { fullPage: false });

  await page.goto('/member/roles');
  await page.locator('form[action="/member/roles/apply"]').waitFor();
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'member-8-roles');
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});
