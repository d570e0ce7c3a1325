// Benchmark of LeNet-5 training in headless Chromium on the CPU path: our
// trainer page (burn's flex backend compiled to WebAssembly, in its worker)
// against TensorFlow.js (npm; its wasm and cpu backends) training the same
// network in the same browser. Batch 32, Adam 0.001, the shipped digits
// padded by 2 to 32x32.
//
// Ours: the trainer page with 4,000 digits to train and 1,000 to validate,
// 2 epochs; epoch 1 is the warm-up and epoch 2 is measured, three ways:
//  - wall: 4,000 images ÷ (done − end of epoch 1), timed in the page; this
//    includes epoch 2's validation pass over the 1,000 others;
//  - training only: from the first to the last progress line of epoch 2 that
//    comes before its validation (the last batch's line arrives after it);
//  - the page's own figure (the "… images/s" of #tr-progress at the end): all
//    images over the whole run, epoch 1 and both validation passes included.
// TF.js: tfjs-core only (variables, conv2d, avgPool, tanh, matMul,
// softmaxCrossEntropy, train.adam, minimize), warm-up steps then timed steps,
// each step reading its loss back (dataSync) so the work is really done.
//
// Usage: node tests/bench/train.mjs   (writes docs/bench/train-latest.json)
//   TRAIN_BENCH_QUICK=1 node tests/bench/train.mjs   (a smoke run: 2,500
//   digits to train, 2 + 5 TF.js steps; prints, writes nothing)
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../support/server.mjs';
import { launch, newPage } from '../support/browser.mjs';
import { DIST } from '../support/site.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const QUICK = process.env.TRAIN_BENCH_QUICK === '1';
const BATCH = 32;
const VALIDATION = QUICK ? 50 : 20; // percent of the 5,000 digits (the form allows 5 to 50)
const TRAIN = 5000 - Math.round(5000 * VALIDATION / 100);
const TF_WARMUP = QUICK ? 2 : 10;
const TF_STEPS = QUICK ? 5 : 40;

try {
  await fs.access(path.join(DIST, 'trainer_bg.wasm'));
} catch {
  console.error('dist/trainer_bg.wasm is missing: build the site first (trunk build --release).');
  process.exit(1);
}

const server = await startServer({ root: DIST, mounts: { '/tfjs/': path.join(ROOT, 'node_modules/@tensorflow') } });
const browser = await launch();
const chromium = browser.version();

// --- Ours: the trainer page. ---
async function ours() {
  const { page, errors } = await newPage(browser);
  await page.goto(`${server.url}/?view=train&model=lenet5&data=digits&opt=adam&lr=0.001&batch=${BATCH}&epochs=2`);
  await page.waitForSelector('body[data-train="idle"]');
  await page.fill('#tr-validation', String(VALIDATION));
  // Record, with the page's clock, each progress line and when epochs end.
  await page.evaluate(() => {
    const log = (window.__trainLog = { lines: [], epochs: {}, done: null });
    let last = '';
    const note = () => {
      const text = document.querySelector('#tr-progress .readout')?.textContent ?? '';
      if (text !== last) {
        last = text;
        const m = text.match(/Epoch (\d+) of \d+, step (\d+) of (\d+)/);
        if (m) log.lines.push({ t: performance.now(), epoch: +m[1], step: +m[2], steps: +m[3] });
      }
      const e = document.body.dataset.epochs;
      if (e && !(e in log.epochs)) log.epochs[e] = performance.now();
      if (document.body.dataset.train === 'done' && log.done === null) log.done = performance.now();
    };
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['data-epochs', 'data-train'],
    });
  });
  await page.click('#tr-start');
  await page.waitForSelector('body[data-train="training"]');
  await page.waitForSelector('body[data-epochs="1"]', { timeout: 600_000 });
  await page.waitForSelector('body[data-train="done"]', { timeout: 600_000 });
  const progress = await page.textContent('#tr-progress');
  const log = await page.evaluate(() => window.__trainLog);
  const acc = Number(await page.getAttribute('body', 'data-val-accuracy'));
  await page.close();
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);

  const wallSeconds = (log.done - log.epochs['1']) / 1000;
  const e2 = log.lines.filter((l) => l.epoch === 2 && l.step < l.steps);
  const first = e2[0];
  const last = e2[e2.length - 1];
  const trainOnly = e2.length >= 2 ? ((last.step - first.step) * BATCH) / ((last.t - first.t) / 1000) : null;
  const pageFigure = Number((progress.match(/([\d,]+) images\/s/) || [])[1]?.replace(/,/g, ''));
  return {
    impl: 'ours (burn flex, WebAssembly, trainer worker)',
    train_images: TRAIN,
    validation_images: 5000 - TRAIN,
    epoch2_wall: {
      images_per_sec: TRAIN / wallSeconds,
      seconds: wallSeconds,
      includes: `epoch 2's ${5000 - TRAIN}-image validation pass and the page's snapshots`,
    },
    epoch2_training_only: {
      images_per_sec: trainOnly,
      steps: first && last ? `${first.step}..${last.step}` : null,
      seconds: first && last ? (last.t - first.t) / 1000 : null,
      includes: "the page's snapshots (every 400 ms), not validation",
    },
    page_figure: {
      images_per_sec: pageFigure,
      includes: 'the whole run: epoch 1 (warm-up) and both validation passes',
    },
    val_accuracy_after_2_epochs: acc,
    progress_text: progress.trim(),
  };
}

// --- TF.js: the same network with tfjs-core, in a blank page on the same origin. ---
async function tfjs() {
  const { page, errors } = await newPage(browser);
  // A blank page on the server's origin (so the digits and TF.js's wasm can
  // be fetched), without loading our app.
  const blank = `${server.url}/tfjs-bench.html`;
  await page.route(blank, (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>TF.js LeNet-5</title>' }));
  await page.goto(blank);
  for (const f of ['tfjs-core/dist/tf-core.min.js', 'tfjs-backend-cpu/dist/tf-backend-cpu.min.js', 'tfjs-backend-wasm/dist/tf-backend-wasm.min.js']) {
    await page.addScriptTag({ url: `/tfjs/${f}` });
  }
  await page.evaluate(() => window.tf.wasm.setWasmPaths('/tfjs/tfjs-backend-wasm/dist/'));
  const out = { version: await page.evaluate(() => window.tf.version_core) };
  for (const backend of ['wasm', 'cpu']) {
    out[backend] = await page.evaluate(runTfjs, { backend, batch: BATCH, warmup: TF_WARMUP, steps: TF_STEPS });
  }
  await page.close();
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  return out;
}

// Runs in the page.
async function runTfjs({ backend, batch, warmup, steps }) {
  const tf = window.tf;
  if (!(await tf.setBackend(backend))) throw new Error(`no ${backend} backend`);
  await tf.ready();
  // The digits: IDX, gzip, padded by 2 to 32x32, standardised; the first 4,000.
  const gunzip = async (url) => {
    const r = await fetch(url);
    return new Uint8Array(await new Response(r.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
  };
  const dir = '/datasets/mnist-digits-5k/';
  const img = await gunzip(`${dir}digits-5k-images-idx3-ubyte.gz`);
  const lab = await gunzip(`${dir}digits-5k-labels-idx1-ubyte.gz`);
  const n = 4000;
  const x = new Float32Array(n * 32 * 32);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < 28; r++) {
      for (let c = 0; c < 28; c++) x[i * 1024 + (r + 2) * 32 + c + 2] = img[16 + i * 784 + r * 28 + c] / 255;
    }
  }
  let mean = 0;
  for (const v of x) mean += v;
  mean /= x.length;
  let sq = 0;
  for (const v of x) sq += (v - mean) ** 2;
  const sd = Math.sqrt(sq / x.length);
  for (let i = 0; i < x.length; i++) x[i] = (x[i] - mean) / sd;
  const y = Int32Array.from(lab.subarray(8, 8 + n));

  // LeNet-5, NHWC, Glorot-uniform weights and zero biases (Keras's defaults).
  let seed = 1;
  const glorot = (shape, fanIn, fanOut) => {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return tf.variable(tf.randomUniform(shape, -limit, limit, 'float32', seed++));
  };
  const zeros = (k) => tf.variable(tf.zeros([k]));
  const w = {
    c1: glorot([5, 5, 1, 6], 25, 150), b1: zeros(6),
    c2: glorot([5, 5, 6, 16], 150, 400), b2: zeros(16),
    d1: glorot([400, 120], 400, 120), b3: zeros(120),
    d2: glorot([120, 84], 120, 84), b4: zeros(84),
    d3: glorot([84, 10], 84, 10), b5: zeros(10),
  };
  const vars = Object.values(w);
  const params = vars.reduce((s, v) => s + v.size, 0);
  const forward = (xb) => {
    let h = tf.avgPool(tf.tanh(tf.add(tf.conv2d(xb, w.c1, 1, 'valid'), w.b1)), 2, 2, 'valid');
    h = tf.avgPool(tf.tanh(tf.add(tf.conv2d(h, w.c2, 1, 'valid'), w.b2)), 2, 2, 'valid');
    h = tf.reshape(h, [-1, 400]);
    h = tf.tanh(tf.add(tf.matMul(h, w.d1), w.b3));
    h = tf.tanh(tf.add(tf.matMul(h, w.d2), w.b4));
    return tf.add(tf.matMul(h, w.d3), w.b5);
  };
  const opt = tf.train.adam(0.001);
  const step = (s) => {
    const start = (s * batch) % (n - batch + 1);
    const xb = tf.tensor4d(x.subarray(start * 1024, (start + batch) * 1024), [batch, 32, 32, 1]);
    const yb = tf.oneHot(tf.tensor1d(y.subarray(start, start + batch), 'int32'), 10);
    const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(yb, forward(xb)), true, vars);
    const v = loss.dataSync()[0];
    tf.dispose([loss, xb, yb]);
    return v;
  };
  let loss = 0;
  for (let s = 0; s < warmup; s++) loss = step(s);
  const t0 = performance.now();
  for (let s = warmup; s < warmup + steps; s++) loss = step(s);
  const seconds = (performance.now() - t0) / 1000;
  const info = { params, warmup_steps: warmup, timed_steps: steps, seconds, images_per_sec: (steps * batch) / seconds, last_loss: loss };
  if (backend === 'wasm') {
    info.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    info.threads = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) && self.crossOriginIsolated ? 'multithread' : 1;
  }
  opt.dispose();
  tf.dispose(vars);
  return info;
}

let result;
try {
  const o = await ours();
  const t = await tfjs();
  const best = ['wasm', 'cpu'].reduce((a, b) => (t[a].images_per_sec >= t[b].images_per_sec ? a : b));
  const ratio = (v) => (v ? v / t[best].images_per_sec : null);
  result = {
    date: new Date().toISOString(),
    quick: QUICK,
    machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, chromium, node: process.version },
    model: 'LeNet-5 (61,706 params), 32x32x1 digits, batch 32, Adam 0.001',
    ours: o,
    tfjs: t,
    tfjs_best: best,
    ratio_ours_over_tfjs_best: {
      training_only: ratio(o.epoch2_training_only.images_per_sec),
      epoch2_wall_with_validation: ratio(o.epoch2_wall.images_per_sec),
      page_figure: ratio(o.page_figure.images_per_sec),
    },
  };
} finally {
  await browser.close();
  await server.close();
}

console.log(JSON.stringify(result, null, 2));
const f = (v) => (v == null ? '-' : v.toFixed(0));
console.log(`\nimages/s, batch ${BATCH}${QUICK ? ' (QUICK smoke run: not a measurement)' : ''}`);
console.log(`ours, epoch 2 training only:            ${f(result.ours.epoch2_training_only.images_per_sec)}`);
console.log(`ours, epoch 2 wall (incl. validation):  ${f(result.ours.epoch2_wall.images_per_sec)}`);
console.log(`ours, page's own figure (whole run):    ${f(result.ours.page_figure.images_per_sec)}`);
console.log(`TF.js ${result.tfjs.version} wasm:                     ${f(result.tfjs.wasm.images_per_sec)}`);
console.log(`TF.js ${result.tfjs.version} cpu:                      ${f(result.tfjs.cpu.images_per_sec)}`);
console.log(`ours (training only) / TF.js ${result.tfjs_best}: ${result.ratio_ours_over_tfjs_best.training_only?.toFixed(2)}x`);
if (!QUICK) {
  await fs.mkdir(path.join(ROOT, 'docs/bench'), { recursive: true });
  await fs.writeFile(path.join(ROOT, 'docs/bench/train-latest.json'), JSON.stringify(result, null, 2) + '\n');
  console.log('wrote docs/bench/train-latest.json');
}
