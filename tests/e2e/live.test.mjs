// Live feature maps: Chromium's fake camera, a refused camera, no camera, and
// a video file recorded in the browser for the test.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startServer } from '../support/server.mjs';
import { launch, newPage } from '../support/browser.mjs';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const FAKE_DEVICE = '--use-fake-device-for-media-stream';
const FAKE_UI = '--use-fake-ui-for-media-stream';
const LIVE = '?view=playground&src=camera&k=sobel-x,sobel-y,laplacian,sharpen&padding=same&relu=1&pool=max-2-2';

const open = [];
after(async () => {
  for (const c of open) await c.close();
});
async function setup(args) {
  const server = await startServer({ root: DIST });
  const browser = await launch({ args });
  open.push(browser, server);
  return { server, browser };
}

const distinctPixels = (page, sel) => page.$eval(sel, (c) => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  return new Set(Array.from({ length: d.length / 4 }, (_, i) => d[i * 4])).size;
});

test('webcam frames flow through four kernels, ReLU and pooling', async () => {
  const { server, browser } = await setup([FAKE_DEVICE, FAKE_UI]);
  const { page, errors } = await newPage(browser);
  await page.goto(`${server.url}/${LIVE}`);
  await page.waitForFunction(() => Number(document.body.dataset.liveFrames || 0) >= 30);
  assert.match(await page.textContent('#live-stats'), /Per frame: [\d.]+ ms .* at 320×240/);
  for (let i = 0; i < 4; i++) {
    assert.deepEqual(await page.$eval(`#map-${i}`, (c) => [c.width, c.height]), [160, 120]);
    assert.ok((await distinctPixels(page, `#map-${i}`)) > 2, `map ${i} shows the frame`);
  }
  assert.match(page.url(), /src=camera/, 'a link can reopen the live view');
  // Leaving the live source stops the camera.
  await page.click('button:has-text("Cat")');
  await page.waitForSelector('body[data-maps="drawn"]');
  const frames = await page.evaluate(() => document.body.dataset.liveFrames);
  await page.evaluate(() => new Promise((r) => { let n = 0; const f = () => (++n > 10 ? r() : requestAnimationFrame(f)); requestAnimationFrame(f); }));
  assert.equal(await page.evaluate(() => document.body.dataset.liveFrames), frames, 'no frames after leaving');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a refused camera says what to do, and the other inputs still work', async () => {
  // Without the fake UI, headless Chromium answers the permission prompt "no".
  const { server, browser } = await setup([FAKE_DEVICE]);
  const { page } = await newPage(browser);
  await page.goto(`${server.url}/${LIVE}`);
  await page.waitForSelector('#live-error');
  assert.match(await page.textContent('#live-error'), /not allowed to use the camera.*everything else still works/);
  await page.click('button:has-text("Coffee")');
  await page.waitForSelector('body[data-maps="drawn"]');
  await page.close();
});

test('no camera at all says so', async () => {
  const { server, browser } = await setup([]);
  const { page, context } = await newPage(browser);
  await context.grantPermissions(['camera'], { origin: server.url });
  await page.goto(`${server.url}/${LIVE}`);
  await page.waitForSelector('#live-error');
  assert.match(await page.textContent('#live-error'), /No camera was found/);
  await page.close();
});

test('a video file feeds the live maps', async () => {
  const { server, browser } = await setup([]);
  const { page } = await newPage(browser);
  await page.goto(`${server.url}/?view=playground&src=x&k=sobel-x&padding=valid`);
  await page.waitForSelector('body[data-maps="drawn"]');
  // Record one second of a moving square as WebM, in the page.
  const base64 = await page.evaluate(async () => {
    const c = document.createElement('canvas');
    c.width = 160; c.height = 120;
    const g = c.getContext('2d');
    const rec = new MediaRecorder(c.captureStream(30), { mimeType: 'video/webm' });
    const chunks = [];
    rec.ondataavailable = (e) => chunks.push(e.data);
    const done = new Promise((r) => { rec.onstop = r; });
    rec.start();
    for (let f = 0; f < 30; f++) {
      g.fillStyle = '#fff'; g.fillRect(0, 0, 160, 120);
      g.fillStyle = '#000'; g.fillRect(10 + f * 3, 30, 40, 40);
      await new Promise((r) => requestAnimationFrame(r));
    }
    rec.stop();
    await done;
    const buf = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let s = ''; for (const b of buf) s += String.fromCharCode(b);
    return btoa(s);
  });
  await page.setInputFiles('#pg-video', { name: 'square.webm', mimeType: 'video/webm', buffer: Buffer.from(base64, 'base64') });
  await page.waitForFunction(() => Number(document.body.dataset.liveFrames || 0) >= 10);
  assert.match(page.url(), /src=own/, 'the video never goes in the URL');
  assert.ok((await distinctPixels(page, '#map-0')) > 1);
  await page.close();
});
