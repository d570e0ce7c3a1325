// Memory of transfer learning on many photos (issue 12's bar: the features
// of 1,000 photos computed without the tab passing 1 GB), in headless
// Chromium on the CPU path: 500 + 500 generated photos (320x240 JPEGs)
// imported on the photos page, then Start with the page's default,
// EfficientNet-Lite0 + a new head: the base looks at every photo, the head
// trains. The resident memory (RSS) of Chromium's renderer processes (the
// page and its workers) is sampled every second from before the import to
// the end of training; the report gives the peak of each phase, the base's
// pace and the whole time.
//
// Usage: node tests/bench/transfer-memory.mjs [per-class=500]
//   (writes docs/bench/transfer-memory-latest.json, and for another count
//   than 1,000 photos docs/bench/transfer-memory-<photos>-latest.json)
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { startServer } from '../support/server.mjs';
import { rendererRss } from '../support/memory.mjs';
import { launch, newPage } from '../support/browser.mjs';
import { DIST } from '../support/site.mjs';
import { openPhotos, addShapes, importDone } from '../support/photos.mjs';

const perClass = Number(process.argv[2] ?? 500);
const BAR_MIB = 1024;
const server = await startServer({ root: DIST });
const browser = await launch();
const { page, errors } = await newPage(browser, { recordRequests: false });

let phase = 'open';
const samples = [];
const t0 = Date.now();
const sampler = setInterval(() => {
  samples.push({ t: Math.round((Date.now() - t0) / 100) / 10, phase, rss_mib: Math.round(rendererRss()) });
}, 1000);

await openPhotos(page, server.url);
phase = 'import';
const importStart = Date.now();
for (const [index, kind, seed] of [[0, 'circle', 31], [1, 'square', 32]]) {
  // In batches of 100, as a learner drops a few folders.
  for (let k = 0; k < perClass; k += 100) {
    const n = Math.min(100, perClass - k);
    await addShapes(page, index, kind, n, { w: 320, h: 240, type: 'image/jpeg', seed: seed * 1000 + k, prefix: `${kind}-${k}` });
    await importDone(page, index * perClass + k + n, 900_000);
  }
}
const importSeconds = (Date.now() - importStart) / 1000;
phase = 'extract';
const startClick = Date.now();
await page.click('#ph-start');
await page.waitForFunction(() => document.body.dataset.train === 'training', null, { timeout: 1_800_000 });
const extractSeconds = (Date.now() - startClick) / 1000;
phase = 'train-head';
await page.waitForSelector('body[data-train="done"]', { timeout: 1_800_000 });
const totalSeconds = (Date.now() - startClick) / 1000;
phase = 'done';
await new Promise((r) => setTimeout(r, 2000));
clearInterval(sampler);
const readout = await page.textContent('#ph-extract .readout');
// The held-out accuracy, from the confusion matrix (diagonal over all).
const accuracy = await page.$$eval('#ph-confusion td.num', (cells) => {
  const diag = cells.filter((c) => c.classList.contains('diag')).reduce((s, c) => s + Number(c.textContent), 0);
  const all = cells.reduce((s, c) => s + Number(c.textContent), 0);
  return all ? diag / all : null;
});

const peak = (p) => Math.max(0, ...samples.filter((s) => s.phase === p).map((s) => s.rss_mib));
const photos = 2 * perClass;
const result = {
  date: new Date().toISOString(),
  machine: `${os.cpus()[0].model}, ${os.cpus().length} cores`,
  chromium: browser.version(),
  photos,
  import_seconds: Math.round(importSeconds),
  base_seconds: Math.round(extractSeconds),
  base_photos_per_second: Math.round((photos / extractSeconds) * 10) / 10,
  start_to_trained_head_seconds: Math.round(totalSeconds),
  peak_rss_mib: {
    open: peak('open'),
    import: peak('import'),
    extract: peak('extract'),
    train_head: peak('train-head'),
    done: peak('done'),
  },
  bar_mib: BAR_MIB,
  extract_readout: readout,
  validation_accuracy: accuracy,
  console_errors: errors,
  samples,
};
const worst = Math.max(...Object.values(result.peak_rss_mib));
result.within_bar = worst < BAR_MIB;
console.log(JSON.stringify({ ...result, samples: undefined }, null, 2));
mkdirSync('docs/bench', { recursive: true });
const file = photos === 1000 ? 'transfer-memory-latest.json' : `transfer-memory-${photos}-latest.json`;
writeFileSync(`docs/bench/${file}`, JSON.stringify(result, null, 2) + '\n');
await browser.close();
await server.close();
process.exit(result.within_bar ? 0 : 1);
