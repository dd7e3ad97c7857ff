// Ad rewards on a phone (issue 19, H1): an operator creates image ads in
// the back office (upload, duration); a member holding 消费积分 opens /ad,
// closes one ad early (told it does not count), then watches four in the
// full-screen player with its countdown and gets the reward toast. The
// ads are 3 s long, so the server's own clock times them for real. A
// video ad is created with its PNG poster frame, which is the member's
// thumbnail and the player's <video poster>.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, PHONE, DESKTOP, shot, createMember, createAdmin, memberLogin, ctl, viewOf,
  noHorizontalOverflow,
} from './helpers.mjs';
import { png, mp4 } from '../http/images.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Submits the create form and waits for its answer (the page is already at
// /admin/ads, so waiting for that URL would not wait at all); a form the
// browser did not send fails here, with the form's fields in the message.
async function createAd(ap) {
  const posted = ap.waitForResponse((r) => r.request().method() === 'POST'
    && new URL(r.url()).pathname === '/admin/ads', { timeout: 15000 }).catch(async (e) => {
    const fields = await ap.evaluate(() => Object.fromEntries(new FormData(document.getElementById('ad-new'))))
      .catch(() => ({}));
    await shot(ap, 'ad-create-not-sent').catch(() => {});
    throw new Error(`the create form was not sent: ${e.message} ${JSON.stringify(fields)}`);
  });
  await ap.getByRole('button', { name: '创建广告' }).click();
  const r = await posted;
  assert.equal(r.status(), 303, await r.text().catch(() => ''));
  await ap.waitForLoadState();
}

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
    await createAd(ap);
    // the new ad is a row of the list (the flash fades: not waited for)
    await ap.locator('td .fw-semibold', { hasText: `春季新品 ${tag} ${i + 1}` }).waitFor();
  }
  // a video ad: the file sets the kind; its poster frame, a PNG
  await ap.goto('/admin/ads');
  await ap.fill('#ad-title', `视频新品 ${tag}`);
  // 30 s: closed well before its end on a loaded machine too
  await ap.fill('#ad-duration', '30');
  await ap.setInputFiles('#ad-file', { name: 'ad.mp4', mimeType: 'video/mp4', buffer: mp4(tag) });
  await ap.locator('#ad-file-state').getByText('已上传').waitFor();
  assert.equal(await ap.inputValue('#ad-kind'), 'video');
  await ap.setInputFiles('#ad-poster-file', { name: 'poster.png', mimeType: 'image/png',
    buffer: png(160, 90, [120, 60, 200], { text: `poster-${tag}` }) });
  await ap.locator('#ad-poster-state').getByText('已上传').waitFor();
  await createAd(ap);
  await ap.locator('td .fw-semibold', { hasText: `视频新品 ${tag}` }).waitFor();
  const vad = (await viewOf(ap, '/admin/ads')).ad.ads.find((a) => a.title === `视频新品 ${tag}`);
  assert.match(vad.poster, /^\/uploads\/.+\.png$/);
  // the back office list shows the poster as the row's thumbnail
  const athumb = ap.locator(`img.pt-ad-thumb[src="${vad.poster}"]`);
  await athumb.waitFor();
  assert.ok(await athumb.evaluate((i) => i.complete && i.naturalWidth === 160), 'the admin thumbnail loaded');
  const ids = (await viewOf(ap, '/admin/ads')).ad.ads.filter((a) => a.title.includes(`春季新品 ${tag}`)).map((a) => a.id).reverse();
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
  // the video ad's thumbnail is its poster frame, loaded
  const thumb = page.locator(`.pt-ad-item__vid img[src="${vad.poster}"]`);
  await thumb.scrollIntoViewIfNeeded();
  await page.waitForFunction((src) => {
    const i = document.querySelector(`.pt-ad-item__vid img[src="${src}"]`);
    return i && i.complete && i.naturalWidth === 160;
  }, vad.poster);
  const tb = await thumb.boundingBox();
  assert.deepEqual([tb.width, tb.height], [64, 64]);
  await shot(page, 'ad-1-page');
  await shot(page, 'ad-1b-video-thumb', { fullPage: false });

  const play = (id) => page.locator(`.pt-ad-play[data-id="${id}"]`);
  // closed early: asked first, then told it does not count
  page.once('dialog', (d) => d.accept());
  await play(ids[0]).click();
  await page.locator('#ad-player').waitFor({ state: 'visible' });
  assert.match(await page.textContent('#ad-count'), /还剩 \d 秒/);
  await shot(page, 'ad-2-player', { fullPage: false });
  const box = await page.locator('#ad-player').boundingBox();
  assert.deepEqual([box.width, box.height], [PHONE.viewport.width, PHONE.viewport.height], 'the player fills the phone screen');
  await page.click('#ad-close');
  await page.getByText('未看完，本次不计入').waitFor();
  assert.equal((await page.textContent('#ad-progress')).trim(), '0/4 已看');

  // the video plays behind its poster frame; closed early, not counted
  page.once('dialog', (d) => d.accept());
  await play(vad.id).click();
  await page.locator('#ad-player').waitFor({ state: 'visible' });
  assert.equal(await page.getAttribute('#ad-media video', 'poster'), vad.poster);
  await shot(page, 'ad-2b-video-player', { fullPage: false });
  await page.click('#ad-close');
  await page.locator('#ad-player').waitFor({ state: 'hidden' });
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
