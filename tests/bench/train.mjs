// Benchmark of LeNet-5 training in headless Chromium on the CPU path: our
// trainer page (burn's flex backend compiled to WebAssembly, in its worker)
// against TensorFlow.js (npm; its wasm and cpu backends) training the same
// network in the same browser. Batch 32, Adam 0.001, the shipped digits
// padded by 2 to 32x32.
//
// Ours: the trainer page with 4,000 digits to train and 1,000 to validate,
// 2 epochs; epoch 1 is the warm-up and epoch 2 is measured. The worker's
// messages are stamped with the worker's clock (its postMessage is wrapped):
//  - training only: end of epoch 1 to the last batch before epoch 2's
//    validation pass (the last batch's message comes after that pass);
//  - with validation: 4,000 images ÷ (Done − end of epoch 1);
// and, for reference, the same span seen from Node (body[data-epochs="1"] to
// body[data-train="done"]) and the page's own figure (the "… images/s" of
// #tr-progress at the end: the whole run, epoch 1 and both validation passes).
// Ours again with the batch shared among as many workers as the machine has
// cores (`cores=` in the URL; issue 13's data-parallel training).
// TF.js: tfjs-core only (variables, conv2d, avgPool, tanh, matMul,
// softmaxCrossEntropy, train.adam, minimize), warm-up steps then timed steps,
// each step reading its loss back (dataSync) so the work is really done: its
// wasm backend on one thread, its wasm backend with threads (one per core,
// in a page served cross-origin isolated, which threads need), its cpu
// backend; its best is the comparison.
//
// The fraction of the machine's WebAssembly SIMD peak: images/s x 2.4 MFLOP
// (LeNet-5's training cost per image: forward and backward) over the peak
// of all cores (MACHINE_GFLOPS_PER_CORE, default 20.8: one core's f32x4
// multiply-add throughput measured on this kind of machine, issue 13).
//
// Rounds: this machine's speed wanders from minute to minute, so the whole
// comparison (ours on one worker and on every core, TF.js's wasm backend on
// one thread and with threads) runs TRAIN_BENCH_ROUNDS times (default 3),
// side by side in each round; the ratios are taken within a round and the
// figures are the rounds' medians. TF.js's cpu backend (40x slower) runs in
// the first round only.
//
// Usage: node tests/bench/train.mjs   (writes docs/bench/train-latest.json)
//   TRAIN_BENCH_BACKEND=webgpu node tests/bench/train.mjs   (ours on WebGPU,
//   for a machine with a GPU: the page's backend choice; the result records
//   which backend the page says it used, and the machine)
//   TRAIN_BENCH_QUICK=1 node tests/bench/train.mjs   (a smoke run: 2,500
//   digits to train, 2 + 5 TF.js steps; prints, writes nothing)
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { newPage } from '../support/browser.mjs';
import { benchSite, trainOnPage, tfjsPage, ROOT } from './trainer-page.mjs';

const QUICK = process.env.TRAIN_BENCH_QUICK === '1';
const BATCH = 32;
const VALIDATION = QUICK ? 50 : 20; // percent of the 5,000 digits (the form allows 5 to 50)
const TRAIN = 5000 - Math.round(5000 * VALIDATION / 100);
const TF_WARMUP = QUICK ? 2 : 10;
const TF_STEPS = QUICK ? 5 : 40;
const ROUNDS = QUICK ? 1 : Number(process.env.TRAIN_BENCH_ROUNDS ?? 3);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const CORES = os.cpus().length;
const MFLOP_PER_IMAGE = 2.4;
const GFLOPS_PER_CORE = Number(process.env.MACHINE_GFLOPS_PER_CORE ?? 20.8);
const peakFraction = (imagesPerSec) => (imagesPerSec * MFLOP_PER_IMAGE * 1e6) / (CORES * GFLOPS_PER_CORE * 1e9);
const { server, isolatedServer, browser, chromium } = await benchSite({ isolated: true });

// --- Ours: the trainer page. ---
const ours = (cores) =>
  trainOnPage(newPage, browser, server.url, {
    model: 'lenet5',
    batch: BATCH,
    validation: VALIDATION,
    backend: process.env.TRAIN_BENCH_BACKEND ?? 'cpu',
    cores,
  });

// --- TF.js: the same network with tfjs-core, in a blank page on the same origin. ---
async function tfjs({ cpu = true } = {}) {
  const { page, errors } = await tfjsPage(newPage, browser, server.url, {
    title: 'TF.js LeNet-5',
    scripts: ['tfjs-core/dist/tf-core.min.js', 'tfjs-backend-cpu/dist/tf-backend-cpu.min.js', 'tfjs-backend-wasm/dist/tf-backend-wasm.min.js'],
    digits: 4000,
  });
  const written = await page.evaluate(registerGradients);
  const out = {
    version: await page.evaluate(() => window.tf.version_core),
    gradients_written_here: written,
    note:
      "tfjs-core's UMD bundle registers no gradients (the union @tensorflow/tfjs package does), so this script " +
      'registers its own for the kernels LeNet-5 uses. The wasm backend has no Conv2DBackpropFilter kernel: ' +
      'there the filter gradient runs on its Conv3DBackpropFilterV2 kernel with a depth of 1.',
  };
  for (const backend of cpu ? ['wasm', 'cpu'] : ['wasm']) {
    out[backend] = await page.evaluate(runTfjs, { backend, batch: BATCH, warmup: TF_WARMUP, steps: TF_STEPS });
  }
  await page.close();
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  // The wasm backend with threads: a cross-origin isolated page, one
  // thread a core, set before the backend starts (TF.js would take half
  // the cores, capped at 4: one thread on this 2-core machine).
  const iso = await tfjsPage(newPage, browser, isolatedServer.url, {
    title: 'TF.js LeNet-5, threads',
    scripts: ['tfjs-core/dist/tf-core.min.js', 'tfjs-backend-wasm/dist/tf-backend-wasm.min.js'],
    digits: 4000,
    isolated: true,
    threads: CORES,
  });
  await iso.page.evaluate(registerGradients);
  if (!(await iso.page.evaluate(() => self.crossOriginIsolated))) throw new Error('the TF.js threads page is not cross-origin isolated');
  out.wasm_threads = await iso.page.evaluate(runTfjs, { backend: 'wasm', batch: BATCH, warmup: TF_WARMUP, steps: TF_STEPS, threads: CORES });
  await iso.page.close();
  if (iso.errors.length) throw new Error(`page errors: ${iso.errors.join('; ')}`);
  return out;
}

// Runs in the page: gradients for the kernels of LeNet-5's training graph
// (conv2d, bias add, tanh, avgPool and its cast, reshape, matMul, and the sum
// and division of softmaxCrossEntropy's mean), registered only where none is.
function registerGradients() {
  const tf = window.tf;
  const run = (name, inputs, attrs) => tf.engine().runKernel(name, inputs, attrs);
  // dy summed down to `shape` (undoing broadcasting).
  const unbroadcast = (dy, shape) => {
    const lead = dy.rank - shape.length;
    const axes = [];
    for (let i = 0; i < dy.rank; i++) if (i < lead || shape[i - lead] === 1 && dy.shape[i] !== 1) axes.push(i);
    return tf.reshape(axes.length ? tf.sum(dy, axes) : dy, shape);
  };
  const grads = {
    Add: { inputsToSave: ['a', 'b'], gradFunc: (dy, [a, b]) => ({ a: () => unbroadcast(dy, a.shape), b: () => unbroadcast(dy, b.shape) }) },
    RealDiv: {
      inputsToSave: ['a', 'b'],
      gradFunc: (dy, [a, b]) => ({
        a: () => unbroadcast(tf.div(dy, b), a.shape),
        b: () => unbroadcast(tf.neg(tf.div(tf.mul(dy, a), tf.mul(b, b))), b.shape),
      }),
    },
    Sum: {
      inputsToSave: ['x'],
      gradFunc: (dy, [x], { axis }) => ({
        x: () => {
          const axes = axis == null ? x.shape.map((_, i) => i) : [].concat(axis).map((a) => (a < 0 ? a + x.rank : a));
          const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
          return tf.mul(tf.reshape(dy, kept), tf.ones(x.shape));
        },
      }),
    },
    Cast: { gradFunc: (dy) => ({ x: () => tf.clone(dy) }) },
    Reshape: { inputsToSave: ['x'], gradFunc: (dy, [x]) => ({ x: () => tf.reshape(dy, x.shape) }) },
    Tanh: { outputsToSave: [true], gradFunc: (dy, [y]) => ({ x: () => tf.mul(dy, tf.sub(1, tf.mul(y, y))) }) },
    BatchMatMul: {
      inputsToSave: ['a', 'b'],
      gradFunc: (dy, [a, b], { transposeA, transposeB }) => {
        if (transposeA || transposeB) throw new Error('only untransposed matMul');
        return { a: () => tf.matMul(dy, b, false, true), b: () => tf.matMul(a, dy, true, false) };
      },
    },
    AvgPool: {
      inputsToSave: ['x'],
      gradFunc: (dy, [x], { filterSize, strides, pad }) => ({ x: () => run('AvgPoolGrad', { dy, input: x }, { filterSize, strides, pad }) }),
    },
    Conv2D: {
      inputsToSave: ['x', 'filter'],
      gradFunc: (dy, [x, filter], { strides, pad, dataFormat, dimRoundingMode }) => ({
        x: () => run('Conv2DBackpropInput', { dy, filter }, { strides, pad, dataFormat, dimRoundingMode, inputShape: x.shape }),
        filter: () => {
          if (tf.getKernel('Conv2DBackpropFilter', tf.getBackend())) {
            return run('Conv2DBackpropFilter', { x, dy }, { strides, pad, dataFormat, dimRoundingMode, filterShape: filter.shape });
          }
          // The same sums as a 3-D convolution one deep.
          const [n, h, w, c] = x.shape;
          const [, oh, ow, f] = dy.shape;
          const [kh, kw] = filter.shape;
          const s = [].concat(strides);
          const dw = run(
            'Conv3DBackpropFilterV2',
            { x: tf.reshape(x, [n, 1, h, w, c]), dy: tf.reshape(dy, [n, 1, oh, ow, f]) },
            { strides: [1, s[0], s[1] ?? s[0]], pad, filterShape: [1, kh, kw, c, f] },
          );
          return tf.reshape(dw, filter.shape);
        },
      }),
    },
  };
  const written = [];
  for (const [kernelName, config] of Object.entries(grads)) {
    if (!tf.getGradient(kernelName)) {
      tf.registerGradient({ kernelName, ...config });
      written.push(kernelName);
    }
  }
  return written;
}

// Runs in the page.
async function runTfjs({ backend, batch, warmup, steps, threads }) {
  const tf = window.tf;
  if (threads) tf.wasm.setThreadsCount(threads);
  if (!(await tf.setBackend(backend))) throw new Error(`no ${backend} backend`);
  await tf.ready();
  // The first 4,000 digits, padded to 32x32 and standardised (loadDigitsInPage).
  const { x, y } = window.__digits;
  const n = y.length;

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
  const firstLoss = step(0);
  let loss = firstLoss;
  for (let s = 1; s < warmup; s++) loss = step(s);
  const t0 = performance.now();
  for (let s = warmup; s < warmup + steps; s++) loss = step(s);
  const seconds = (performance.now() - t0) / 1000;
  const info = { params, warmup_steps: warmup, timed_steps: steps, seconds, images_per_sec: (steps * batch) / seconds, first_loss: firstLoss, last_loss: loss };
  if (backend === 'wasm') {
    info.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const multi = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) && self.crossOriginIsolated;
    info.threads = multi ? tf.wasm.getThreadsCount() : 1;
    info.cross_origin_isolated = self.crossOriginIsolated;
  }
  opt.dispose();
  tf.dispose(vars);
  return info;
}

let result;
try {
  const o = await ours(1);
  const all = CORES > 1 ? await ours(CORES) : null;
  const t = await tfjs();
  const best = ['wasm', 'wasm_threads', 'cpu'].reduce((a, b) => (t[a].images_per_sec >= t[b].images_per_sec ? a : b));
  const ratio = (v) => (v ? v / t[best].images_per_sec : null);
  // Each round's training-only figures and TF.js's; round 1 is the one above.
  const figures = (o1, oAll, tf) => {
    const tfBest = Math.max(tf.wasm.images_per_sec, tf.wasm_threads.images_per_sec, tf.cpu?.images_per_sec ?? 0);
    const r = {
      ours_one_worker: o1.epoch2_training_only.images_per_sec,
      ours_all_cores: oAll?.epoch2_training_only.images_per_sec ?? null,
      tfjs_wasm: tf.wasm.images_per_sec,
      tfjs_wasm_threads: tf.wasm_threads.images_per_sec,
      tfjs_best: tfBest,
    };
    r.ratio_one_worker = r.ours_one_worker / tfBest;
    r.ratio_all_cores = r.ours_all_cores && r.ours_all_cores / tfBest;
    return r;
  };
  const rounds = [figures(o, all, t)];
  for (let round = 2; round <= ROUNDS; round++) {
    const o1 = await ours(1);
    const oAll = CORES > 1 ? await ours(CORES) : null;
    rounds.push(figures(o1, oAll, await tfjs({ cpu: false })));
    console.error(JSON.stringify(rounds.at(-1)));
  }
  const medians = Object.fromEntries(Object.keys(rounds[0]).map((k) => [k, rounds[0][k] == null ? null : median(rounds.map((r) => r[k]))]));
  result = {
    date: new Date().toISOString(),
    quick: QUICK,
    machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, chromium, node: process.version },
    model: 'LeNet-5 (61,706 params), 32x32x1 digits, batch 32, Adam 0.001',
    rounds_method:
      'Each round trains ours on one worker and on every core and runs TF.js wasm on one thread and with threads, next to each other; ' +
      'ratios are taken within a round (over that round\'s best TF.js), and `medians` are over rounds. The detailed figures below are round 1\'s.',
    rounds,
    medians,
    ours: o,
    ours_all_cores: all,
    tfjs: t,
    tfjs_best: best,
    ratio_ours_over_tfjs_best: {
      training_only: ratio(o.epoch2_training_only.images_per_sec),
      epoch2_with_validation: ratio(o.epoch2_with_validation.images_per_sec),
      page_figure: ratio(o.page_figure.images_per_sec),
    },
    ratio_ours_all_cores_over_tfjs_best: all && {
      training_only: ratio(all.epoch2_training_only.images_per_sec),
      epoch2_with_validation: ratio(all.epoch2_with_validation.images_per_sec),
    },
    fraction_of_machine_wasm_simd_peak: {
      method: `images/s x ${MFLOP_PER_IMAGE} MFLOP per image / (${CORES} cores x ${GFLOPS_PER_CORE} GFLOP/s)`,
      ours_one_worker: peakFraction(o.epoch2_training_only.images_per_sec),
      ours_all_cores: all && peakFraction(all.epoch2_training_only.images_per_sec),
      tfjs_best: peakFraction(t[best].images_per_sec),
      ours_all_cores_median: medians.ours_all_cores && peakFraction(medians.ours_all_cores),
    },
  };
} finally {
  await browser.close();
  await server.close();
  await isolatedServer.close();
}

console.log(JSON.stringify(result, null, 2));
const f = (v) => (v == null ? '-' : v.toFixed(0));
console.log(`\nimages/s, batch ${BATCH}${QUICK ? ' (QUICK smoke run: not a measurement)' : ''}`);
console.log(`ours, epoch 2 training only (worker):   ${f(result.ours.epoch2_training_only.images_per_sec)}`);
console.log(`ours, epoch 2 incl. validation (worker): ${f(result.ours.epoch2_with_validation.images_per_sec)}`);
console.log(`ours, epoch 2 incl. validation (Node):   ${f(result.ours.epoch2_seen_from_node.images_per_sec)}`);
console.log(`ours, page's own figure (whole run):     ${f(result.ours.page_figure.images_per_sec)}`);
console.log(`ours on ${CORES} cores, training only (worker): ${f(result.ours_all_cores?.epoch2_training_only.images_per_sec)}`);
console.log(`TF.js ${result.tfjs.version} wasm:                      ${f(result.tfjs.wasm.images_per_sec)}`);
console.log(`TF.js ${result.tfjs.version} wasm, ${result.tfjs.wasm_threads.threads} threads:           ${f(result.tfjs.wasm_threads.images_per_sec)}`);
console.log(`TF.js ${result.tfjs.version} cpu:                       ${f(result.tfjs.cpu.images_per_sec)}`);
console.log(`ours (training only) / TF.js ${result.tfjs_best}: ${result.ratio_ours_over_tfjs_best.training_only?.toFixed(2)}x`);
console.log(`ours on ${CORES} cores / TF.js ${result.tfjs_best}: ${result.ratio_ours_all_cores_over_tfjs_best?.training_only?.toFixed(2)}x`);
console.log(`medians over ${ROUNDS} rounds: ${JSON.stringify(result.medians)}`);
if (!QUICK) {
  await fs.mkdir(path.join(ROOT, 'docs/bench'), { recursive: true });
  await fs.writeFile(path.join(ROOT, 'docs/bench/train-latest.json'), JSON.stringify(result, null, 2) + '\n');
  console.log('wrote docs/bench/train-latest.json');
}
