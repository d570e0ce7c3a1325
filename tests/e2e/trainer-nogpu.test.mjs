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

test('without WebGPU the page says why and trains on the CPU', async () => {
  const { page, errors } = await newPage(browser);
  await page.goto(`${server.url}/?view=train`);
  await page.waitForSelector('body[data-train="idle"]');
  assert.match(await page.textContent('#tr-backend'), /Training runs on the CPU .* because (this browser offers no WebGPU|WebGPU gave no usable device)/);
  await page.click('#tr-start');
  await page.waitForSelector('#tr-backend[data-backend="cpu"]');
  await page.waitForSelector('body[data-train="done"]', { timeout: 120_000 });
  assert.ok(Number(await page.getAttribute('body', 'data-val-accuracy')) >= 0.98);
  assert.deepEqual(errors, []);
  await page.close();
});
