// Ad rewards on a phone (issue 19, H1): an operator creates image ads in
// the back office (upload, duration); a member holding 消费积分 opens /ad,
// closes one ad early (told it does not count), then watches four in the
// full-screen player with its countdown and gets the reward toast. The
// ads are 3 s long, so the server's own clock times them for real.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, PHONE, DESKTOP, shot, createMember, createAdmin, memberLogin, ctl, viewOf,
  noHorizontalOverflow,
} from './helpers.mjs';
import { png } from '../http/images.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('operator creates ads; a member watches four with the countdown and gets the reward toast', async () => {
  const admin = createAdmin();
  const actx = await newContext(browser, DESKTOP);
  const ap = await actx.newPage();
  await ap.goto('/admin/login');
  await ap.fill('input[name=username]', admin.username);
  await ap.fill('input[name=password]', admin.password);
  await Promise.all([ap.waitForURL(/\/admin\/?$/), ap.click('button[type=submit]')]);
  const tag = Date.now().toString(36);
  const colours = [[232, 69, 44], [40, 140, 220], [60, 170, 90], [240, 180, 30]];
  for (let i = 0; i < 4; i++) {
    await ap.goto('/admin/ads');
    await ap.fill('#ad-title', `春季新品 ${tag} ${i + 1}`);
    await ap.fill('#ad-duration', '3');
    await ap.setInputFiles('#ad-file', { name: 'ad.png', mimeType: 'image/png',
      buffer: png(120, 200, colours[i], { text: `${tag}-${i}` }) });
    await ap.getByText('已上传').waitFor();
    await Promise.all([ap.waitForURL('**/admin/ads'), ap.getByRole('button', { name: '创建广告' }).click()]);
    // the new ad is a row of the list (the flash fades: not waited for)
    await ap.locator('td .fw-semibold', { hasText: `春季新品 ${tag} ${i + 1}` }).waitFor();
  }
  const ids = (await viewOf(ap, '/admin/ads')).ad.ads.filter((a) => a.title.includes(tag)).map((a) => a.id).reverse();
  assert.equal(ids.length, 4);
  await ap.locator('#ad-chart svg').first().waitFor();
  await shot(ap, 'ad-0-admin');
  assert.deepEqual(actx.errors, []);

  const m = createMember();
  ctl('credit', m.phone, 'MALLPTS', '10.00', '浏览器测试消费积分');
  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  await memberLogin(page, m);
  await page.goto('/ad');
  assert.equal((await page.textContent('#ad-progress')).trim(), '0/4 已看');
  assert.equal((await page.textContent('#ad-points')).trim(), '10.00');
  assert.match(await page.textContent('.pt-ad-rules'), /持有 200 消费积分、每天都看完的会员，200 天共得 200.00 元零钱/);
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'ad-1-page');

  const play = (id) => page.locator(`.pt-ad-play[data-id="${id}"]`);
  // closed early: asked first, then told it does not count
  page.once('dialog', (d) => d.accept());
  await play(ids[0]).click();
  await page.locator('#ad-player').waitFor({ state: 'visible' });
  assert.match(await page.textContent('#ad-count'), /还剩 \d 秒/);
  await shot(page, 'ad-2-player', { fullPage: false });
  const box = await page.locator('#ad-player').boundingBox();
  assert.deepEqual([box.width, box.height], [375, 812], 'the player fills the phone screen');
  await page.click('#ad-close');
  await page.getByText('未看完，本次不计入').waitFor();
  assert.equal((await page.textContent('#ad-progress')).trim(), '0/4 已看');

  for (let i = 0; i < 4; i++) {
    await play(ids[i]).click();
    await page.locator('#ad-player').waitFor({ state: 'visible' });
    await page.locator('#ad-toast').getByText(i < 3 ? `已看完 ${i + 1}/4` : /今日任务完成/).waitFor();
    if (i < 3) await page.click('#ad-close');
  }
  assert.match(await page.textContent('#ad-toast'), /获得零钱 1\.00 元，扣除消费积分 1\.00/);
  await shot(page, 'ad-3-reward-toast', { fullPage: false });
  await page.click('#ad-close');
  assert.equal((await page.textContent('#ad-progress')).trim(), '4/4 已看');
  await page.locator('#ad-points').getByText('9.00').waitFor();
  const v = await viewOf(page, '/ad');
  assert.deepEqual([v.today.watched, v.today.rewarded, v.points], [4, true, '9.00']);
  await page.reload();
  assert.equal(await page.locator('.pt-ad-item.is-watched').count() >= 4, true);
  // the day is done: no ad offers itself any more
  assert.equal(await page.locator('.pt-ad-play').count(), 0);
  await shot(page, 'ad-4-after');
  assert.deepEqual(ctx.errors, []);
});
