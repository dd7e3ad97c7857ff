// Registration through an invite link on a phone (A2): the invite link
// fills in the inviter, the SMS code comes from ctl, the region selects load
// 广东省 → 深圳市 → 南山区, and the new member lands on 我的 with its ID.
// A wrong code shows the error on the page and keeps what was typed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, PHONE, shot, ctl, createMember, freshPhone, viewOf,
  noHorizontalOverflow, clearOfTabbar,
} from './helpers.mjs';

let browser;
let inviter;
before(async () => {
  browser = await launch();
  inviter = createMember();
});
after(async () => { await browser?.close(); });

async function pickRegion(page) {
  await page.selectOption('select[name=province]', { label: '广东省' });
  await page.selectOption('select[name=city]', { label: '深圳市' });
  await page.selectOption('select[name=district]', { label: '南山区' });
}

test('an invited visitor registers and lands on 我的 with a member ID', async () => {
  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  const phone = freshPhone();

  await page.goto(`/i/${inviter.id}`);
  await page.waitForURL(`**/member/register?inviter=${inviter.id}`);
  const note = page.locator('.pt-inviter');
  await note.waitFor();
  assert.match(await note.innerText(), new RegExp(`会员\\s*${inviter.id}`));
  assert.equal(await page.inputValue('input[name=inviter]'), String(inviter.id));
  assert.ok(await noHorizontalOverflow(page), 'register page scrolls sideways');
  await shot(page, 'register-1-invite');

  await page.fill('input[name=phone]', phone);
  const btn = page.locator('button[data-sms=register]');
  await btn.click();
  await page.getByText('验证码已发送').waitFor();
  await page.waitForFunction(
    () => /秒后重发/.test(document.querySelector('button[data-sms]').textContent));
  assert.ok(await btn.isDisabled(), 'the code button counts down disabled');
  await shot(page, 'register-2-code-sent', { fullPage: false });

  const code = ctl('sms-last', phone);
  assert.match(code, /^\d{6}$/);
  await page.fill('input[name=sms_code]', code);
  await page.fill('input[name=password]', 'secret-pass-1');
  await pickRegion(page);
  await page.fill('input[name=address]', '科技园南区 1 栋 101');
  await page.check('input[name=agree]');
  await shot(page, 'register-3-filled');

  await Promise.all([page.waitForURL('**/member/me'), page.click('#register-form button[type=submit]')]);
  const me = await viewOf(page, '/member/me');
  const id = me.member.id;
  assert.ok(id > 0);
  await page.locator('.pt-profile').getByText(`会员 ${id}`).waitFor();
  assert.match(await page.locator('.pt-flash').textContent(), /注册成功/);
  const body = await page.innerText('main');
  assert.match(body, new RegExp(`会员\\s*${inviter.id}`), '我的 shows the inviter');
  assert.match(body, /广东省\s*深圳市\s*南山区/);
  assert.equal(me.member.inviter.id, inviter.id);
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'register-4-me', { fullPage: false });
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});

test('a wrong SMS code shows the error and keeps the fields, region included', async () => {
  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  const phone = freshPhone();

  await page.goto(`/i/${inviter.id}`);
  await page.fill('input[name=phone]', phone);
  await page.click('button[data-sms=register]');
  await page.getByText('验证码已发送').waitFor();
  const code = ctl('sms-last', phone);
  const wrong = code.slice(0, 5) + String((Number(code[5]) + 1) % 10);
  await page.fill('input[name=sms_code]', wrong);
  await page.fill('input[name=password]', 'secret-pass-1');
  await pickRegion(page);
  await page.fill('input[name=address]', '粤海街道 8 号');
  await page.check('input[name=agree]');
  await Promise.all([page.waitForLoadState('load'), page.click('#register-form button[type=submit]')]);
  await page.waitForURL('**/member/register**');

  const err = page.locator('.pt-ferr[role=alert]');   // the message under its field
  await err.waitFor();
  assert.match(await err.innerText(), /验证码(错误|不正确)/);
  assert.ok(await clearOfTabbar(err), 'the error is visible without scrolling');
  // the field in error is marked
  assert.equal(await page.locator('.pt-bad input[name=sms_code]').count(), 1);
  // what was typed is kept (except the code and the password)
  assert.equal(await page.inputValue('input[name=phone]'), phone);
  assert.equal(await page.inputValue('input[name=address]'), '粤海街道 8 号');
  assert.equal(await page.inputValue('input[name=inviter]'), String(inviter.id));
  assert.ok(await page.isChecked('input[name=agree]'));
  await page.waitForFunction(() => document.querySelector('select[name=district]').value !== '');
  assert.equal(await page.inputValue('select[name=province]'), '440000');
  assert.equal(await page.inputValue('select[name=city]'), '440300');
  assert.equal(await page.inputValue('select[name=district]'), '440305');
  await page.locator('.pt-inviter').waitFor();
  await shot(page, 'register-5-wrong-code');
  assert.deepEqual(ctx.errors, []);
  await ctx.close();
});
