// Benchmark of the network pretrained on ImageNet on the CPU path, in
// headless Chromium: how long EfficientNet-Lite0 (4,652,008 parameters,
// 224x224x3) takes to look at one photo on the photos page (burn's flex
// backend compiled to WebAssembly, in the page's worker, timed with the
// worker's clock from the crop's arrival to its top-5), against TensorFlow.js
// (npm, its layers API building the same graph with random weights) on its
// wasm backend (SIMD, one thread: the page is not cross-origin isolated) and
// its cpu backend, in the same browser and the same run.
//
// Ours: the five sample photos, three rounds; the first photo also fetches
// and builds the network and is reported apart; the others are the figure.
// TF.js: `model.predict` on a random 224x224x3 picture, read back each time
// (so the work is really done), after warm-up runs.
//
// Then, on the same page: transfer learning with 2 classes x 20 photos, from
// Start to a trained head.
//
// The bars (issue 12): at most 150 ms a photo, at least as fast as TF.js,
// and at most 30 s from Start to a trained head.
//
// Usage: node tests/bench/pretrained.mjs   (writes docs/bench/pretrained-latest.json)
//   PRETRAINED_BENCH_QUICK=1 node tests/bench/pretrained.mjs   (a smoke run; writes nothing)
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { newPage } from '../support/browser.mjs';
import { openPhotos, addShapes, importDone } from '../support/photos.mjs';
import { benchSite, tfjsPage, ROOT } from './trainer-page.mjs';

const QUICK = process.env.PRETRAINED_BENCH_QUICK === '1';
const ROUNDS = QUICK ? 1 : 3;
const TF_WARMUP = QUICK ? 1 : 3;
const TF_RUNS = QUICK ? 3 : 15;
/** EfficientNet-Lite0's parameters as PyTorch counts them (batch-normalization statistics left out). */
const PARAMS = 4_652_008;

const { server, browser, chromium } = await benchSite();

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Transfer learning on the photos page: 2 classes x 20 generated photos, the
 * page's proposed settings, from the click on Start to the trained head
 * (the base fetched and built, every photo through it, 30 epochs of the head).
 */
async function startToHead() {
  const { page, errors } = await newPage(browser);
  await openPhotos(page, server.url);
  await addShapes(page, 0, 'circle', 20, { seed: 11 });
  await importDone(page, 20);
  await addShapes(page, 1, 'square', 20, { seed: 12 });
  await importDone(page, 40);
  await page.selectOption('#ph-model', 'transfer');
  const t0 = Date.now();
  await page.click('#ph-start');
  await page.waitForSelector('body[data-train="done"]', { timeout: 300_000 });
  const seconds = (Date.now() - t0) / 1000;
  const extract = await page.textContent('#ph-extract .readout');
  const progress = await page.textContent('#ph-train-progress .readout');
  await page.close();
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  return { photos: 40, seconds, bar_seconds: 30, within_bar: seconds <= 30, extract, progress };
}

/** The photos page: each sample photo's time, as the worker measured it. */
async function ours() {
  const { page, errors } = await newPage(browser);
  await openPhotos(page, server.url);
  const samples = await page.$$eval('button[data-sample]', (l) => l.map((b) => b.dataset.sample));
  const runs = [];
  let first = null;
  for (let r = 0; r < ROUNDS; r++) {
    for (const name of samples) {
      // The answer replaces the "looking" line, so a marked sentence is the last photo's.
      await page.evaluate(() => document.querySelector('#ph-in-timing')?.setAttribute('data-old', ''));
      await page.click(`button[data-sample="${name}"]`);
      await page.waitForFunction(
        () => {
          const el = document.querySelector('#ph-in-timing');
          return el && !el.hasAttribute('data-old') && document.querySelectorAll('#ph-in-top li').length === 5;
        },
        null,
        { timeout: 180_000 },
      );
      // The sentence ends with the time it looked: "… in 93 ms."
      const text = await page.textContent('#ph-in-timing');
      const ms = Number(text.match(/([\d,]+)\s*ms/)[1].replace(/,/g, ''));
      if (first === null) first = { photo: name, ms, sentence: text };
      else runs.push({ photo: name, ms });
    }
  }
  await page.close();
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  return { samples, first_photo: first, later: runs, median_ms: median(runs.map((r) => r.ms)), best_ms: Math.min(...runs.map((r) => r.ms)) };
}

// Runs in the page: EfficientNet-Lite0 in TF.js's layers API (the graph of
// crates/cnn-train/src/efficientnet.rs: a stride-2 stem, 16 MBConv blocks
// with ReLU6, `same` padding and batch-normalization epsilon 1e-3, a
// 1x1 head to 1,280 maps, global average pooling, 1,000 classes), random
// weights, timed on one 224x224x3 picture at a time.
async function runTfjs({ backend, warmup, runs }) {
  const tf = window.tf;
  if (!(await tf.setBackend(backend))) throw new Error(`no ${backend} backend`);
  await tf.ready();
  const L = tf.layers;
  const bn = (t) => L.batchNormalization({ epsilon: 1e-3 }).apply(t);
  const relu6 = (t) => L.reLU({ maxValue: 6 }).apply(t);
  const conv = (t, filters, k, stride) => L.conv2d({ filters, kernelSize: k, strides: stride, padding: 'same', useBias: false }).apply(t);
  const stages = [
    [1, 3, 1, 1, 16],
    [2, 3, 2, 6, 24],
    [2, 5, 2, 6, 40],
    [3, 3, 2, 6, 80],
    [3, 5, 1, 6, 112],
    [4, 5, 2, 6, 192],
    [1, 3, 1, 6, 320],
  ];
  const input = tf.input({ shape: [224, 224, 3] });
  let x = relu6(bn(conv(input, 32, 3, 2)));
  let channels = 32;
  for (const [repeats, k, firstStride, expansion, outputs] of stages) {
    for (let r = 0; r < repeats; r++) {
      const stride = r === 0 ? firstStride : 1;
      let y = x;
      if (expansion !== 1) y = relu6(bn(conv(y, channels * expansion, 1, 1)));
      y = L.depthwiseConv2d({ kernelSize: k, strides: stride, padding: 'same', useBias: false }).apply(y);
      y = relu6(bn(y));
      y = bn(conv(y, outputs, 1, 1));
      if (stride === 1 && channels === outputs) y = L.add().apply([y, x]);
      x = y;
      channels = outputs;
    }
  }
  x = relu6(bn(conv(x, 1280, 1, 1)));
  x = L.globalAveragePooling2d({}).apply(x);
  const out = L.dense({ units: 1000, activation: 'softmax' }).apply(x);
  const model = tf.model({ inputs: input, outputs: out });
  const trainable = model.trainableWeights.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
  const picture = tf.randomUniform([1, 224, 224, 3], -1, 1);
  const look = () => {
    const y = model.predict(picture);
    const p = y.dataSync();
    y.dispose();
    return p[0];
  };
  for (let i = 0; i < warmup; i++) look();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    look();
    times.push(performance.now() - t0);
  }
  const info = { params: trainable, warmup, runs, times_ms: times };
  if (backend === 'wasm') info.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  picture.dispose();
  model.dispose();
  return info;
}

async function tfjs() {
  const { page, errors } = await tfjsPage(newPage, browser, server.url, {
    title: 'TF.js EfficientNet-Lite0',
    scripts: ['tfjs/dist/tf.min.js', 'tfjs-backend-wasm/dist/tf-backend-wasm.min.js'],
  });
  const out = { version: await page.evaluate(() => window.tf.version.tfjs) };
  for (const backend of ['wasm', 'cpu']) {
    const r = await page.evaluate(runTfjs, { backend, warmup: backend === 'cpu' ? 1 : TF_WARMUP, runs: backend === 'cpu' ? Math.max(2, TF_RUNS / 5) : TF_RUNS });
    out[backend] = { ...r, median_ms: median(r.times_ms), best_ms: Math.min(...r.times_ms) };
  }
  await page.close();
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  return out;
}

let result;
try {
  const o = await ours();
  const head = await startToHead();
  const t = await tfjs();
  if (t.wasm.params !== PARAMS) throw new Error(`TF.js's graph has ${t.wasm.params} parameters, EfficientNet-Lite0 ${PARAMS}: not the same network`);
  const best = ['wasm', 'cpu'].reduce((a, b) => (t[a].median_ms <= t[b].median_ms ? a : b));
  result = {
    date: new Date().toISOString(),
    quick: QUICK,
    machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, chromium, node: process.version },
    model: `EfficientNet-Lite0 (${PARAMS} parameters), one 224x224x3 photo at a time, CPU path`,
    ours: o,
    transfer_start_to_trained_head: head,
    tfjs: t,
    tfjs_best: best,
    bar_ms: 150,
    within_bar: o.median_ms <= 150,
    ratio_ours_over_tfjs_best: o.median_ms / t[best].median_ms,
    at_least_as_fast_as_tfjs: o.median_ms <= t[best].median_ms,
  };
} finally {
  await browser.close();
  await server.close();
}
console.log(JSON.stringify(result, null, 2));
if (!QUICK) {
  const out = path.join(ROOT, 'docs/bench/pretrained-latest.json');
  await fs.writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written to ${out}`);
}
