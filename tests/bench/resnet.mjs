// Benchmark of a small residual network with batch normalization (the zoo's
// mini ResNet: a 3x3 convolution, batch normalization, three residual blocks,
// global average pooling, 78,442 parameters) training on the shipped digits
// padded to 32x32, batch 32, Adam 0.001, in headless Chromium on the CPU
// path: our trainer page (burn's flex backend compiled to WebAssembly, in its
// worker) against TensorFlow.js (npm, the union package: its layers API
// builds the same graph and registers every gradient) with its wasm backend
// (SIMD; threads where the page is cross-origin isolated, which this one is
// not: see the result's `threads`) and its cpu backend, in the same browser.
//
// Ours: as tests/bench/train.mjs (trainer-page.mjs): 2 epochs, epoch 1 is the
// warm-up, epoch 2's training steps are timed with the worker's clock.
// TF.js: `model.trainOnBatch` on the same digits, warm-up steps then timed
// steps (each returns its loss, read back, so the work is really done).
//
// The fraction of the machine's wasm SIMD peak: training does about three
// times a forward pass's work (the forward pass, and the two products of
// the backward pass: gradients of the inputs and of the weights), 2 FLOP
// per multiply-add; the forward multiply-adds are the trainer page's own
// figure (#tr-mult-adds, from the graph). Peak: cores × clock × 2 vector
// operations a cycle × 4 f32 lanes (wasm has 128-bit SIMD and no FMA).
//
// Usage: node tests/bench/resnet.mjs   (writes docs/bench/resnet-latest.json)
//   RESNET_BENCH_QUICK=1 node tests/bench/resnet.mjs   (a smoke run; writes nothing)
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { newPage } from '../support/browser.mjs';
import { benchSite, trainOnPage, tfjsPage, ROOT } from './trainer-page.mjs';

const QUICK = process.env.RESNET_BENCH_QUICK === '1';
const BATCH = 32;
const VALIDATION = 50; // percent of the 5,000 digits: 2,500 to train
const TF_WARMUP = QUICK ? 2 : 5;
const TF_STEPS = QUICK ? 3 : 20;

const { server, browser, chromium } = await benchSite();

/** The trainer page's summary of the model: parameters and multiply-adds. */
async function ourSummary() {
  const { page } = await newPage(browser);
  await page.goto(`${server.url}/?view=train&model=resnet-mini`);
  await page.waitForSelector('#tr-mult-adds');
  const num = async (sel) => Number((await page.textContent(sel)).replace(/,/g, ''));
  const out = { params: await num('#tr-total'), mult_adds: await num('#tr-mult-adds') };
  await page.close();
  return out;
}

// Runs in the page: the mini ResNet in TF.js's layers API, trained on the
// digits loaded by loadDigitsInPage.
async function runTfjs({ backend, batch, warmup, steps }) {
  const tf = window.tf;
  if (!(await tf.setBackend(backend))) throw new Error(`no ${backend} backend`);
  await tf.ready();
  const { x, y } = window.__digits;
  const n = y.length;
  const L = tf.layers;
  const convBn = (t, filters, k, stride, relu) => {
    let o = L.conv2d({ filters, kernelSize: k, strides: stride, padding: k === 1 ? 'valid' : 'same', useBias: false }).apply(t);
    o = L.batchNormalization({ epsilon: 1e-3, momentum: 0.9 }).apply(o);
    return relu ? L.activation({ activation: 'relu' }).apply(o) : o;
  };
  const block = (t, filters, stride, projection) => {
    let o = convBn(t, filters, 3, stride, true);
    o = convBn(o, filters, 3, 1, false);
    const shortcut = projection ? convBn(t, filters, 1, stride, false) : t;
    return L.activation({ activation: 'relu' }).apply(L.add().apply([shortcut, o]));
  };
  const input = tf.input({ shape: [32, 32, 1] });
  let h = L.conv2d({ filters: 16, kernelSize: 3, padding: 'same' }).apply(input);
  h = L.batchNormalization({ epsilon: 1e-3, momentum: 0.9 }).apply(h);
  h = L.activation({ activation: 'relu' }).apply(h);
  h = block(h, 16, 1, false);
  h = block(h, 32, 2, true);
  h = block(h, 64, 2, true);
  h = L.globalAveragePooling2d({}).apply(h);
  const out = L.dense({ units: 10, activation: 'softmax' }).apply(h);
  const model = tf.model({ inputs: input, outputs: out });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
  const step = (s) => {
    const start = (s * batch) % (n - batch + 1);
    const xb = tf.tensor4d(x.subarray(start * 1024, (start + batch) * 1024), [batch, 32, 32, 1]);
    const yb = tf.oneHot(tf.tensor1d(y.subarray(start, start + batch), 'int32'), 10);
    return model.trainOnBatch(xb, yb).then((loss) => {
      tf.dispose([xb, yb]);
      return loss;
    });
  };
  const firstLoss = await step(0);
  let loss = firstLoss;
  for (let s = 1; s < warmup; s++) loss = await step(s);
  const t0 = performance.now();
  for (let s = warmup; s < warmup + steps; s++) loss = await step(s);
  const seconds = (performance.now() - t0) / 1000;
  const info = {
    params: model.countParams(),
    warmup_steps: warmup,
    timed_steps: steps,
    seconds,
    images_per_sec: (steps * batch) / seconds,
    first_loss: firstLoss,
    last_loss: loss,
  };
  if (backend === 'wasm') {
    info.simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    info.threads = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) && self.crossOriginIsolated ? 'multithread' : 1;
  }
  model.dispose();
  return info;
}

// Runs in the page: TF.js's wasm backend has no Conv2DBackpropFilter kernel
// (the filter's gradient of every convolution, fused or not); this registers
// one for it that computes the same sums with the backend's own
// Conv3DBackpropFilterV2 kernel, one deep.
function conv2dFilterGradientForWasm() {
  const tf = window.tf;
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return 'the wasm backend has its own';
  const kernel = (name) => tf.getKernel(name, 'wasm').kernelFunc;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs: { x, dy }, backend, attrs: { strides, pad, filterShape } }) => {
      const reshape = (t, shape) => kernel('Reshape')({ inputs: { x: t }, backend, attrs: { shape } });
      const [n, h, w, c] = x.shape;
      const [, oh, ow, f] = dy.shape;
      const [kh, kw] = filterShape;
      const s = [].concat(strides);
      const x5 = reshape(x, [n, 1, h, w, c]);
      const dy5 = reshape(dy, [n, 1, oh, ow, f]);
      const dw = kernel('Conv3DBackpropFilterV2')({
        inputs: { x: x5, dy: dy5 },
        backend,
        attrs: { strides: [1, s[0], s[1] ?? s[0]], pad, filterShape: [1, kh, kw, c, f] },
      });
      const out = reshape(dw, filterShape);
      for (const t of [x5, dy5, dw]) backend.disposeData(t.dataId);
      return out;
    },
  });
  return 'registered here';
}

async function tfjs() {
  const { page, errors } = await tfjsPage(newPage, browser, server.url, {
    title: 'TF.js mini ResNet',
    scripts: ['tfjs/dist/tf.min.js', 'tfjs-backend-wasm/dist/tf-backend-wasm.min.js'],
    digits: 2500,
  });
  const overridden = await page.evaluate(conv2dFilterGradientForWasm);
  const out = {
    version: await page.evaluate(() => window.tf.version.tfjs),
    note:
      "TF.js's wasm backend has no Conv2DBackpropFilter kernel: the page registers one that computes " +
      `the same sums with the backend's Conv3DBackpropFilterV2 kernel, one deep (${overridden}).`,
  };
  for (const backend of ['wasm', 'cpu']) {
    out[backend] = await page.evaluate(runTfjs, { backend, batch: BATCH, warmup: TF_WARMUP, steps: backend === 'cpu' ? Math.max(2, TF_STEPS / 4) : TF_STEPS });
  }
  await page.close();
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  return out;
}

let result;
try {
  const summary = await ourSummary();
  const o = await trainOnPage(newPage, browser, server.url, { model: 'resnet-mini', batch: BATCH, validation: VALIDATION });
  const t = await tfjs();
  if (t.wasm.params !== summary.params) throw new Error(`TF.js's graph has ${t.wasm.params} parameters, ours ${summary.params}: not the same network`);
  const best = ['wasm', 'cpu'].reduce((a, b) => (t[a].images_per_sec >= t[b].images_per_sec ? a : b));
  const cores = os.cpus().length;
  // Node reports 0 MHz on some virtual machines: then /proc/cpuinfo says.
  let mhz = os.cpus()[0]?.speed ?? 0;
  if (!mhz) {
    const info = await fs.readFile('/proc/cpuinfo', 'utf8').catch(() => '');
    mhz = Number(info.match(/cpu MHz\s*:\s*([\d.]+)/)?.[1] ?? 0);
  }
  const ghz = mhz / 1000;
  const peak = cores * ghz * 1e9 * 2 * 4;
  const flopPerImage = 3 * 2 * summary.mult_adds;
  const fraction = (ips) => (peak ? (ips * flopPerImage) / peak : null);
  result = {
    date: new Date().toISOString(),
    quick: QUICK,
    machine: { cpu: os.cpus()[0]?.model, cores, ghz, chromium, node: process.version },
    model: `mini ResNet (${summary.params} params, ${summary.mult_adds} multiply-adds per 32x32x1 digit), batch ${BATCH}, Adam 0.001`,
    ours: o,
    tfjs: t,
    tfjs_best: best,
    ratio_ours_over_tfjs_best: o.epoch2_training_only.images_per_sec / t[best].images_per_sec,
    wasm_simd_peak: {
      flop_per_training_image: flopPerImage,
      peak_gflops_all_cores: peak / 1e9,
      ours_fraction: fraction(o.epoch2_training_only.images_per_sec),
      tfjs_wasm_fraction: fraction(t.wasm.images_per_sec),
      note: 'ours runs in one worker (one core); the peak counts every core',
    },
  };
} finally {
  await browser.close();
  await server.close();
}

console.log(JSON.stringify(result, null, 2));
const f = (v) => (v == null ? '-' : v.toFixed(1));
console.log(`\nimages/s, batch ${BATCH}${QUICK ? ' (QUICK smoke run: not a measurement)' : ''}`);
console.log(`ours, epoch 2 training only (worker): ${f(result.ours.epoch2_training_only.images_per_sec)}`);
console.log(`TF.js ${result.tfjs.version} wasm:                    ${f(result.tfjs.wasm.images_per_sec)}`);
console.log(`TF.js ${result.tfjs.version} cpu:                     ${f(result.tfjs.cpu.images_per_sec)}`);
console.log(`ours / TF.js ${result.tfjs_best}: ${result.ratio_ours_over_tfjs_best.toFixed(2)}x; ours at ${(100 * result.wasm_simd_peak.ours_fraction).toFixed(1)}% of the wasm SIMD peak of all cores`);
if (!QUICK) {
  await fs.mkdir(path.join(ROOT, 'docs/bench'), { recursive: true });
  await fs.writeFile(path.join(ROOT, 'docs/bench/resnet-latest.json'), JSON.stringify(result, null, 2) + '\n');
  console.log('wrote docs/bench/resnet-latest.json');
}
