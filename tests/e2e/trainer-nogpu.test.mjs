// The trainer in a Chromium without WebGPU: it says so and trains on the CPU.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../support/server.mjs';
import { launch, newPage } from '../support/browser.mjs';
import { DIST } from '../support/site.mjs';

let server;
let browser;
before(async () => {
  server = await startServer({ root: DIST });
  browser = await launch({ webgpu: false });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('without WebGPU the page says why in a sentence, with the details folded, and trains on the CPU', async () => {
  const { page, errors } = await newPage(browser);
  await page.goto(`${server.url}/?view=train`);
  await page.waitForSelector('body[data-train="idle"]');
  // A sentence, not the browser's or burn's words; those wait behind "Details".
  assert.equal(
    await page.textContent('#tr-backend'),
    'Training runs on your processor: this browser gives web pages no graphics card (WebGPU). It works, only slower.',
  );
  assert.equal(await page.$eval('#tr-backend-details', (d) => d.open), false);
  assert.equal(await page.textContent('#tr-backend-details summary'), 'Details');
  await page.click('#tr-backend-details summary');
  assert.match(await page.textContent('#tr-backend-details code'), /navigator\.gpu|adapter|device/i);
  await page.click('#tr-start');
  await page.waitForSelector('#tr-backend[data-backend="cpu"]');
  await page.waitForSelector('body[data-train="done"]', { timeout: 120_000 });
  assert.ok(Number(await page.getAttribute('body', 'data-val-accuracy')) >= 0.98);
  assert.deepEqual(errors, []);
  await page.close();
});
