// Training on your own photos, in headless Chromium: 200 photos per class
// (two classes, made in the page), 64x64, the seed's cats-vs-dogs CNN,
// batch 32: images per second on the CPU path, and on WebGPU where the
// browser has a hardware adapter (on SwiftShader the CPU path is used and
// WebGPU is reported as software).
//   node tests/bench/photos-train.mjs [epochs=2]
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { startServer } from '../support/server.mjs';
import { launch, newPage } from '../support/browser.mjs';
import { DIST } from '../support/site.mjs';
import { openPhotos, addShapes, importDone } from '../support/photos.mjs';

const epochs = Number(process.argv[2] ?? 2);
const server = await startServer({ root: DIST });
const browser = await launch();
const { page, errors } = await newPage(browser, { recordRequests: false });
await openPhotos(page, server.url);
await addShapes(page, 0, 'circle', 200, { w: 160, h: 120, type: 'image/jpeg', seed: 1 });
await importDone(page, 200, 600_000);
await addShapes(page, 1, 'square', 200, { w: 160, h: 120, type: 'image/jpeg', seed: 2 });
await importDone(page, 400, 600_000);
await page.selectOption('#ph-model', 'cats-dogs');
await page.selectOption('#ph-size', '64');
await page.fill('#ph-batch', '32');
await page.press('#ph-batch', 'Tab');
await page.fill('#ph-epochs', String(epochs));
await page.press('#ph-epochs', 'Tab');
await page.click('#ph-start');
await page.waitForSelector('body[data-train="training"]', { timeout: 120_000 });
await page.waitForFunction(() => ['done', 'failed', 'stopped'].includes(document.body.dataset.train), null, { timeout: 0, polling: 1000 });
const result = {
  date: new Date().toISOString(),
  machine: `${os.cpus()[0].model}, ${os.cpus().length} cores`,
  chromium: browser.version(),
  model: 'cats-vs-dogs CNN (seed 000), 64x64x3, sigmoid output, 4,288,577 parameters',
  photos: '400 (200 per class), 300 train / 100 validation',
  batch: 32,
  epochs,
  status: await page.getAttribute('body', 'data-train'),
  backend: await page.getAttribute('body', 'data-backend'),
  images_per_second: Number(await page.getAttribute('body', 'data-rate')),
  val_accuracy_text: await page.textContent('#ph-confusion').catch(() => null) ? await page.textContent('section[aria-labelledby="ph-train-title"] h3:has(+ table)') : null,
  console_errors: errors,
};
await browser.close();
await server.close();
mkdirSync('docs/bench', { recursive: true });
writeFileSync('docs/bench/photos-train-latest.json', `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
