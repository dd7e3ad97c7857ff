// C1 on a phone: a member applies to become a merchant and sees the
// application under review. C2: product images (below).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, PHONE, shot, createMember, memberLogin, noHorizontalOverflow, freshPhone, viewOf, clearOfTabbar,
} from './helpers.mjs';
import { adminClient, loginMember } from '../http/lib.mjs';
import { png } from '../http/images.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('merchant application on a phone', async () => {
  const m = createMember();
  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  await memberLogin(page, m);
  await page.goto('/merchant');
  await page.getByText('申请成为商家').waitFor();
  assert.ok(await noHorizontalOverflow(page));
  await page.fill('input[name=name]', '鲜果小铺');
  await page.fill('input[name=contact]', '王店长');
  await page.fill('input[name=phone]', freshPhone());
  await page.fill('input[name=license_no]', '91440300MA5XXXXX1');
  await page.fill('input[name=address]', '深圳市南山区科技园 1 号');
  await page.fill('textarea[name=description]', '水果生鲜');
  await shot(page, 'merchant-1-apply');
  await Promise.all([page.waitForURL('**/merchant'), page.click('button[type=submit]')]);
  await page.getByText('审核中').waitFor();
  await shot(page, 'merchant-2-pending');
  await ctx.close();
});

// C2 images on a phone: an approved merchant submits a product, adds a PNG,
// a JPEG and a WebP through the file input (the JPEG and WebP encoded by
// the browser's own canvas), sees a refusal for a text file named .png,
// deletes one image; the listed product's page shows the gallery.
test('product images on a phone: upload, refuse, delete, gallery', async () => {
  const admin = await adminClient('operator');
  const m = createMember();
  const mc = await loginMember(m.phone, m.password);
  const ap = await mc.post('/merchant/apply', { name: '鲜果小铺', contact: '王店长', phone: freshPhone(),
    license_no: '91440300MA5XXXXX1', address: '深圳市南山区科技园 1 号' });
  assert.equal(ap.status, 200, ap.text);
  assert.equal((await admin.client.post(`/admin/merchants/${ap.body.merchant_id}/approve`, {})).status, 200);

  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  page.on('dialog', (d) => d.accept());
  await memberLogin(page, m);
  await page.goto('/merchant/products');
  await page.fill('input[name=title]', '赣南脐橙 5 斤装');
  await page.fill('input[name=supply_price]', '30.00');
  await page.fill('input[name=retail_price]', '49.90');
  await page.fill('input[name=stock]', '10');
  await Promise.all([page.waitForURL('**/merchant/products'), page.click('button[type=submit]')]);
  const id = (await viewOf(page, '/merchant/products')).products[0].id;
  const card = page.locator('.weui-cells', { has: page.locator(`input[data-upload="/merchant/products/${id}/images"]`) });
  const input = card.locator('input[type=file]');
  const thumbs = card.locator('.pt-shot img');

  // images encoded by the browser itself, as a phone's camera roll would give
  const encoded = await page.evaluate(async () => {
    const c = document.createElement('canvas');
    c.width = 480; c.height = 480;
    const g = c.getContext('2d');
    const draw = (a, b) => {
      const grad = g.createLinearGradient(0, 0, 480, 480);
      grad.addColorStop(0, a); grad.addColorStop(1, b);
      g.fillStyle = grad; g.fillRect(0, 0, 480, 480);
      g.fillStyle = 'rgba(255,255,255,.85)'; g.beginPath(); g.arc(240, 240, 120, 0, Math.PI * 2); g.fill();
    };
    const bytes = (type) => new Promise((ok) => c.toBlob(async (b) => ok(Array.from(new Uint8Array(await b.arrayBuffer()))), type, 0.85));
    draw('#ff8a00', '#e8452c');
    const jpg = await bytes('image/jpeg');
    draw('#2f9e44', '#a9e34b');
    const webp = await bytes('image/webp');
    return { jpg, webp };
  });
  const files = [
    { name: '脐橙.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(encoded.jpg) },
    { name: 'detail.png', mimeType: 'image/png', buffer: png(96, 96, [63, 107, 180], { text: String(Date.now()) }) },
    { name: 'pack.webp', mimeType: 'image/webp', buffer: Buffer.from(encoded.webp) },
  ];
  for (let i = 0; i < files.length; i++) {
    await Promise.all([page.waitForEvent('load'), input.setInputFiles(files[i])]);
    await thumbs.nth(i).waitFor();
  }
  assert.equal(await thumbs.count(), 3);
  assert.match(await card.locator('.pt-shot_add').textContent(), /3\/6/);
  const mine = (await viewOf(page, '/merchant/products')).products[0];
  assert.deepEqual(mine.images.map((x) => x.url.split('.').pop()), ['jpg', 'png', 'webp']);
  // every thumbnail decodes
  for (const ok of await thumbs.evaluateAll((els) => els.map((e) => e.complete && e.naturalWidth > 0))) assert.ok(ok);

  // a text file named .png: refused by content, said in Chinese, nothing added
  await input.setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('这不是图片\n'.repeat(50)) });
  const msg = card.locator('[data-upload-msg]');
  await msg.getByText('只能上传 JPG、PNG 或 WebP 格式的图片').waitFor();
  assert.equal(await thumbs.count(), 3);
  assert.ok(await noHorizontalOverflow(page));
  await card.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  assert.ok(await clearOfTabbar(card.locator('.pt-shot_add')), 'the add tile is not under the tab bar');
  assert.ok(await clearOfTabbar(msg), 'the message is not under the tab bar');
  await shot(page, 'merchant-3-product-images', { fullPage: false });
  const refusedLoads = ctx.errors.filter((e) => /^415 for POST .*\/images /.test(e));
  assert.equal(refusedLoads.length, 1, ctx.errors.join('\n'));

  // delete the PNG (the × asks first; the dialog is accepted)
  await card.locator('.pt-shot button').nth(1).click();
  await Promise.all([page.waitForURL('**/merchant/products'), page.locator('.weui-dialog [data-yes]').click()]);
  await page.getByText('图片已删除').waitFor();
  assert.equal(await thumbs.count(), 2);

  // listed: the product page opens with the gallery, full width, square
  assert.equal((await admin.client.post(`/admin/products/${id}/list`, {})).status, 200);
  await page.goto(`/shop/product/${id}`);
  const gallery = page.locator('.pt-gallery');
  await gallery.waitFor();
  const g = await gallery.evaluate((el) => {
    const imgs = [...el.querySelectorAll('img')];
    const r = el.getBoundingClientRect(), i = imgs[0].getBoundingClientRect();
    return { w: r.width, vw: window.innerWidth, iw: i.width, ih: i.height, n: imgs.length,
      decoded: imgs.every((x) => x.complete && x.naturalWidth > 0), snap: getComputedStyle(el).scrollSnapType };
  });
  assert.equal(g.n, 2);
  assert.ok(g.decoded, 'gallery images decode');
  assert.equal(Math.round(g.w), g.vw, 'gallery as wide as the phone');
  assert.equal(Math.round(g.iw), Math.round(g.ih), 'square images');
  assert.match(g.snap, /x mandatory/);
  assert.deepEqual(await gallery.locator('.pt-gallery__n').allTextContents(), ['1/2', '2/2']);
  assert.ok(await noHorizontalOverflow(page));
  await shot(page, 'merchant-4-product-gallery');
  // swipe to the second image
  await gallery.evaluate((el) => el.scrollTo({ left: el.clientWidth }));
  await page.waitForFunction(() => document.querySelector('.pt-gallery').scrollLeft > 0);
  await shot(page, 'merchant-5-product-gallery-2', { fullPage: false });
  assert.deepEqual(ctx.errors.filter((e) => !refusedLoads.includes(e)), []);
  await ctx.close();
});
