// Training on several cores, in headless Chromium: the same runs with the
// batch shared among 1, 2 (and 4) workers, side by side in one run, in
// alternating rounds (this machine's speed wanders from minute to minute, so
// each round compares runs made next to each other, and the figures are
// the rounds' medians).
//
//  - LeNet-5 on the shipped digits, batch 32, Adam (the trainer page,
//    `cores=` in its URL): epoch 2's images per second on the worker's
//    clock, training only and with the validation pass (which the leading
//    worker runs alone), from tests/bench/trainer-page.mjs.
//  - The slides' cats-vs-dogs CNN at 64x64 (4,288,577 parameters) on the
//    photos page, batch 32, on 400 photos made in the page (300 train / 100
//    validation): epoch 2 (its training and its validation pass) timed from
//    Node, the page's `data-epochs` going from 1 to 2.
//  - Transfer learning's first step on the photos page: the frozen
//    EfficientNet-Lite0 base looking at 96 new photos (224x224 crops, 12
//    batches of 8), photos a second from its first progress line to its
//    last (so fetching and building the base, and starting the helpers,
//    are not counted); each run is a fresh page, so no photo's features
//    were kept from an earlier one.
//  - The machine itself: a plain JavaScript loop in 1, 2 and 4 workers, the
//    most any training could gain here (on this kind of machine, shared
//    virtual cores, it varies).
//
// Efficiency is the speed-up divided by the workers: what a larger machine's
// figure can be read off (4 workers on 2 cores share them, so their
// efficiency here is at most a half).
//
// Usage: node tests/bench/train-cores.mjs [rounds=3]   (writes
// docs/bench/train-cores-latest.json)
//   TRAIN_CORES_QUICK=1: one round, LeNet-5 and the base only, 1 and 2 workers; prints.
import fs from 'node:fs/promises';
import os from 'node:os';
import { newPage } from '../support/browser.mjs';
import { openPhotos, addShapes, importDone } from '../support/photos.mjs';
import { benchSite, trainOnPage } from './trainer-page.mjs';

const QUICK = process.env.TRAIN_CORES_QUICK === '1';
const ROUNDS = QUICK ? 1 : Number(process.argv[2] ?? 3);
const LENET_WORKERS = QUICK ? [1, 2] : [1, 2, 4];
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const { server, browser, chromium } = await benchSite();

/** A plain loop in `n` workers: the machine's own speed-up. */
async function machine(n) {
  const { page } = await newPage(browser, { serviceWorkers: 'block' });
  await page.route(`${server.url}/blank.html`, (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>cores</title>' }));
  await page.goto(`${server.url}/blank.html`);
  const ms = await page.evaluate(async (n) => {
    const src = 'onmessage = () => { let x = 0; for (let i = 0; i < 2e8; i++) x += Math.sqrt(i); postMessage(x); }';
    const url = URL.createObjectURL(new Blob([src]));
    const workers = Array.from({ length: n }, () => new Worker(url));
    const t = performance.now();
    await Promise.all(workers.map((w) => new Promise((res) => { w.onmessage = res; w.postMessage(0); })));
    const wall = performance.now() - t;
    workers.forEach((w) => w.terminate());
    return wall;
  }, n);
  await page.close();
  return ms;
}

/** LeNet-5 on the trainer page with `workers`. */
async function lenet(workers) {
  const r = await trainOnPage(newPage, browser, server.url, { model: 'lenet5', batch: 32, validation: 20, cores: workers });
  if (r.workers !== workers) throw new Error(`asked for ${workers} workers, the page says ${r.workers}`);
  return {
    training_only: r.epoch2_training_only.images_per_sec,
    with_validation: r.epoch2_with_validation.images_per_sec,
    val_accuracy: r.val_accuracy_after_2_epochs,
    cores_line: r.cores_line,
  };
}

/** The photos page with 400 photos, ready to train the cats-vs-dogs CNN. */
async function photosPage() {
  const p = await newPage(browser, { recordRequests: false, serviceWorkers: 'block' });
  await openPhotos(p.page, server.url);
  await addShapes(p.page, 0, 'circle', 200, { w: 160, h: 120, type: 'image/jpeg', seed: 1 });
  await importDone(p.page, 200, 600_000);
  await addShapes(p.page, 1, 'square', 200, { w: 160, h: 120, type: 'image/jpeg', seed: 2 });
  await importDone(p.page, 400, 600_000);
  await p.page.selectOption('#ph-model', 'cats-dogs');
  await p.page.selectOption('#ph-size', '64');
  for (const [id, v] of [['#ph-batch', '32'], ['#ph-epochs', '2']]) {
    await p.page.fill(id, v);
    await p.page.press(id, 'Tab');
  }
  return p;
}

/** One cats-vs-dogs run on the photos page with `workers`: epoch 2's photos a second. */
async function catsDogs(page, workers) {
  await page.selectOption('#ph-cores', String(workers));
  await page.click('#ph-start');
  await page.waitForSelector('body[data-train="training"]', { timeout: 120_000 });
  await page.waitForSelector('body[data-epochs="1"]', { timeout: 600_000, polling: 20 });
  const t1 = Date.now();
  await page.waitForSelector('body[data-epochs="2"]', { timeout: 600_000, polling: 20 });
  const seconds = (Date.now() - t1) / 1000;
  await page.waitForFunction(() => ['done', 'failed', 'stopped'].includes(document.body.dataset.train), null, { timeout: 600_000 });
  const said = Number(await page.getAttribute('#ph-train-progress-cores', 'data-workers'));
  return { images_per_sec: 300 / seconds, seconds, status: await page.getAttribute('body', 'data-train'), workers_said: said || null };
}

/** The base looking at 96 new photos with `workers`: photos a second. */
async function extract(workers) {
  const PHOTOS = 96;
  const p = await newPage(browser, { recordRequests: false, serviceWorkers: 'block' });
  const { page } = p;
  await openPhotos(page, server.url);
  await addShapes(page, 0, 'circle', PHOTOS / 2, { w: 320, h: 240, type: 'image/jpeg', seed: 3 });
  await importDone(page, PHOTOS / 2, 600_000);
  await addShapes(page, 1, 'square', PHOTOS / 2, { w: 320, h: 240, type: 'image/jpeg', seed: 4 });
  await importDone(page, PHOTOS, 600_000);
  await page.selectOption('#ph-model', 'transfer');
  await page.selectOption('#ph-cores', String(workers));
  // Each progress value is stamped in the page as it changes.
  await page.evaluate(() => {
    window.__looked = [];
    new MutationObserver(() => {
      const v = Number(document.querySelector('#ph-extract progress')?.value ?? 0);
      if (v > (window.__looked.at(-1)?.v ?? 0)) window.__looked.push({ v, t: performance.now() });
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page.click('#ph-start');
  await page.waitForFunction((n) => window.__looked.at(-1)?.v === n, PHOTOS, { timeout: 600_000 });
  const looked = await page.evaluate(() => window.__looked);
  const [first, last] = [looked[0], looked.at(-1)];
  const said = Number(await page.getAttribute('#ph-extract-cores', 'data-workers'));
  await page.close();
  return { photos_per_sec: (last.v - first.v) / ((last.t - first.t) / 1000), counted: `${first.v}..${last.v}`, workers_said: said };
}

const rounds = [];
const photos = QUICK ? null : await photosPage();
for (let round = 1; round <= ROUNDS; round++) {
  const r = { round, machine_ms: {}, lenet: {}, cats_dogs: {}, extract: {} };
  for (const n of [1, 2, 4]) r.machine_ms[n] = await machine(n);
  for (const n of LENET_WORKERS) r.lenet[n] = await lenet(n);
  if (photos) for (const n of [1, 2]) r.cats_dogs[n] = await catsDogs(photos.page, n);
  for (const n of [1, 2]) r.extract[n] = await extract(n);
  rounds.push(r);
  console.log(JSON.stringify(r));
}
if (photos) await photos.page.close();

const speedups = (get, n) => rounds.map((r) => get(r, n) / get(r, 1));
const summary = (get, workers) =>
  Object.fromEntries(
    workers.map((n) => [
      n,
      {
        images_per_sec_median: median(rounds.map((r) => get(r, n))),
        speedup_per_round: speedups(get, n),
        speedup_median: median(speedups(get, n)),
        efficiency: median(speedups(get, n)) / n,
      },
    ]),
  );
const result = {
  date: new Date().toISOString(),
  quick: QUICK,
  machine: { cpu: os.cpus()[0].model, cores: os.cpus().length, chromium, node: process.version },
  rounds: ROUNDS,
  method:
    'Each round runs every configuration once, next to each other; figures are medians over rounds, ' +
    'speed-ups are taken within a round. Workers: the training worker and its peers (one per core).',
  machine_speedup: Object.fromEntries(
    [1, 2, 4].map((n) => [n, { median_ms: median(rounds.map((r) => r.machine_ms[n])), speedup_median: median(rounds.map((r) => (r.machine_ms[1] * n) / r.machine_ms[n])) }]),
  ),
  lenet5_batch32: {
    model: 'LeNet-5 (61,706 params), 32x32x1 digits, batch 32, Adam 0.001, 4,000 train / 1,000 validation',
    training_only: summary((r, n) => r.lenet[n].training_only, LENET_WORKERS),
    with_validation: summary((r, n) => r.lenet[n].with_validation, LENET_WORKERS),
  },
  cats_dogs_64: photos
    ? {
        model: 'cats-vs-dogs CNN (seed 000), 64x64x3, sigmoid output, 4,288,577 parameters; 300 train / 100 validation photos made in the page; batch 32',
        epoch2_with_validation: summary((r, n) => r.cats_dogs[n].images_per_sec, [1, 2]),
      }
    : null,
  transfer_extract: {
    what: "the frozen EfficientNet-Lite0 base (transfer learning's first step) looking at 96 new photos, 224x224 crops, batches of 8; photos a second from its first progress line to its last",
    photos_per_sec: summary((r, n) => r.extract[n].photos_per_sec, [1, 2]),
  },
  bar: 'two workers at least 1.7x one, for LeNet-5 at batch 32 and the cats-vs-dogs CNN at 64x64',
  per_round: rounds,
};
await browser.close();
await server.close();
console.log(JSON.stringify({ machine_speedup: result.machine_speedup, lenet5: result.lenet5_batch32, cats_dogs: result.cats_dogs_64, extract: result.transfer_extract }, null, 1));
if (!QUICK) {
  await fs.mkdir('docs/bench', { recursive: true });
  await fs.writeFile('docs/bench/train-cores-latest.json', `${JSON.stringify(result, null, 2)}\n`);
}
