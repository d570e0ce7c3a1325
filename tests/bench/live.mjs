// Benchmark of live feature maps in headless Chromium: 4 kernels of 3x3 +
// ReLU + 2x2 max pooling, per frame, drawing included, fed with recorded
// frames (Y4M files this script writes, played as the camera through
// Chromium's --use-file-for-fake-video-capture). In the same run and browser,
// TensorFlow.js (npm; its wasm and cpu backends) does the same ops on the same
// frames and draws the same four maps.
// Usage: node tests/bench/live.mjs   (writes docs/bench/live-latest.json)
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../support/server.mjs';
import { launch } from '../support/browser.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KERNELS = 'sobel-x,sobel-y,laplacian,sharpen';
const WARMUP = 30;
const FRAMES = 200;
const TF_FRAMES = 100;

/** A Y4M video of `n` frames: a gradient with moving bright and dark shapes. */
async function writeY4m(file, w, h, n) {
  const header = Buffer.from(`YUV4MPEG2 W${w} H${h} F30:1 Ip A1:1 C420jpeg\n`);
  const parts = [header];
  for (let f = 0; f < n; f++) {
    const y = Buffer.alloc(w * h);
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        let v = 40 + ((c + r + f * 4) % w) * 150 / w;
        const dx = c - (w / 2 + Math.cos(f / 9) * w / 4);
        const dy = r - (h / 2 + Math.sin(f / 9) * h / 4);
        if (dx * dx + dy * dy < (h / 6) ** 2) v = 235;
        if (Math.abs(c - ((f * 7) % w)) < w / 20 && r > h / 3) v = 16;
        y[r * w + c] = v;
      }
    }
    const uv = Buffer.alloc((w / 2) * (h / 2), 128);
    parts.push(Buffer.from('FRAME\n'), y, uv, uv);
  }
  await fs.writeFile(file, Buffer.concat(parts));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The same pipeline in TensorFlow.js, run in the page.
async function tfjsInPage(page, backend, w, h, frames) {
  return page.evaluate(async ({ backend, w, h, frames }) => {
    const tf = window.tf;
    await tf.setBackend(backend);
    await tf.ready();
    const video = document.createElement('video');
    video.muted = true;
    video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { width: w, height: h } });
    await video.play();
    while (video.readyState < 2) await new Promise((r) => requestAnimationFrame(r));
    // Sobel x, Sobel y, Laplacian, sharpen as [3, 3, 1, 4] (HWIO).
    const k = [
      [-1, 0, 1, -2, 0, 2, -1, 0, 1],
      [-1, -2, -1, 0, 0, 0, 1, 2, 1],
      [0, 1, 0, 1, -4, 1, 0, 1, 0],
      [0, -1, 0, -1, 5, -1, 0, -1, 0],
    ];
    const filters = tf.tensor4d(Array.from({ length: 36 }, (_, i) => k[i % 4][Math.floor(i / 4)]), [3, 3, 1, 4]);
    const luma = tf.tensor1d([0.299, 0.587, 0.114]);
    const canvases = Array.from({ length: 4 }, () => document.createElement('canvas'));
    const times = [];
    for (let f = 0; f < frames + 10; f++) {
      await new Promise((r) => requestAnimationFrame(r));
      const t0 = performance.now();
      const maps = tf.tidy(() => {
        // (tfjs-core alone has no chained methods: functional calls throughout.)
        const px = tf.div(tf.cast(tf.browser.fromPixels(video), 'float32'), 255); // [h, w, 3]
        const grey = tf.reshape(tf.sum(tf.mul(px, luma), 2), [1, h, w, 1]);
        const pooled = tf.maxPool(tf.relu(tf.conv2d(grey, filters, 1, 'same')), 2, 2, 'valid'); // [1, h/2, w/2, 4]
        const scale = tf.add(tf.max(tf.abs(pooled), [0, 1, 2], true), 1e-6);
        const scaled = tf.squeeze(tf.div(pooled, scale), [0]);
        return tf.unstack(scaled, 2); // 4 x [h/2, w/2] in [0, 1]
      });
      for (let i = 0; i < 4; i++) await tf.browser.toPixels(maps[i], canvases[i]);
      tf.dispose(maps);
      if (f >= 10) times.push(performance.now() - t0);
    }
    video.srcObject.getTracks().forEach((t) => t.stop());
    return times;
  }, { backend, w, h, frames });
}

const results = [];
const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'live-bench-'));
let chromiumVersion = '';
for (const [w, h] of [[320, 240], [640, 480]]) {
  const y4m = path.join(tmp, `frames-${w}.y4m`);
  await writeY4m(y4m, w, h, 60);
  const server = await startServer({
    root: path.join(ROOT, 'dist'),
    mounts: { '/tfjs/': path.join(ROOT, 'node_modules/@tensorflow') },
  });
  const browser = await launch({
    args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`],
  });
  chromiumVersion = browser.version();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/?view=playground&src=camera&k=${KERNELS}&padding=same&relu=1&pool=max-2-2&live=${w}`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForFunction((n) => Number(document.body.dataset.liveFrames || 0) >= n, WARMUP, { timeout: 60000 });
  await page.evaluate(() => { window.__liveFrameTimes = []; });
  await page.waitForFunction((n) => window.__liveFrameTimes.length >= n, FRAMES, { timeout: 120000 });
  const ours = await page.evaluate(() => window.__liveFrameTimes);
  // Stop our loop (a still picture) before TensorFlow.js runs.
  await page.click('button:has-text("The X")');
  await page.waitForSelector('body[data-maps="drawn"]');
  for (const f of ['tfjs-core/dist/tf-core.min.js', 'tfjs-backend-cpu/dist/tf-backend-cpu.min.js', 'tfjs-backend-wasm/dist/tf-backend-wasm.min.js']) {
    await page.addScriptTag({ url: `/tfjs/${f}` });
  }
  await page.evaluate(() => window.tf.wasm.setWasmPaths('/tfjs/tfjs-backend-wasm/dist/'));
  const tfjs = {};
  for (const backend of ['wasm', 'cpu']) {
    tfjs[backend] = median(await tfjsInPage(page, backend, w, h, TF_FRAMES));
  }
  const pick = (k) => median(ours.map((e) => e[k]));
  const flops = w * h * 4 * 9 * 2; // multiply and add per tap, 4 kernels
  results.push({
    size: `${w}x${h}`,
    ours_ms: { total: pick(0), capture: pick(1), compute: pick(2), draw: pick(3), frames: ours.length },
    tfjs_ms: tfjs,
    ratio_vs_fastest_tfjs: Math.min(tfjs.wasm, tfjs.cpu) / pick(0),
    conv_gflops: flops / (pick(2) / 1000) / 1e9,
  });
  await browser.close();
  await server.close();
}
await fs.rm(tmp, { recursive: true, force: true });

// Single-core arithmetic peak of this machine, from its clock and vector units.
const cpuinfo = await fs.readFile('/proc/cpuinfo', 'utf8').catch(() => '');
const mhz = Number((cpuinfo.match(/cpu MHz\s*:\s*([\d.]+)/) || [])[1] || 0);
const avx512 = /\bavx512f\b/.test(cpuinfo);
const fma = /\bfma\b/.test(cpuinfo);
// Two FMA units; AVX-512: 16 f32 lanes, AVX2: 8; an FMA is two operations.
const lanes = avx512 ? 16 : 8;
const nativePeak = (mhz / 1000) * 2 * lanes * (fma ? 2 : 1);
// WebAssembly SIMD: 4 lanes, separate multiply and add, two vector ops a cycle.
const wasmPeak = (mhz / 1000) * 2 * 4;
for (const r of results) {
  r.fraction_of_native_peak = r.conv_gflops / nativePeak;
  r.fraction_of_wasm_simd_peak = r.conv_gflops / wasmPeak;
}
const out = {
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, mhz, avx512, fma, chromium: chromiumVersion, node: process.version },
  peaks_gflops: { native_single_core: nativePeak, wasm_simd_single_core: wasmPeak },
  pipeline: `grey frame → conv 3x3 (${KERNELS}), same padding → ReLU → 2x2 max pooling → 4 maps drawn`,
  results,
};
await fs.mkdir(path.join(ROOT, 'docs/bench'), { recursive: true });
await fs.writeFile(path.join(ROOT, 'docs/bench/live-latest.json'), JSON.stringify(out, null, 2) + '\n');
console.log('| frame | ours: total (capture / compute / draw) | TF.js wasm | TF.js cpu | fastest TF.js ÷ ours | conv GFLOP/s | of native peak | of wasm-SIMD peak |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const o = r.ours_ms;
  console.log(`| ${r.size} | ${o.total.toFixed(2)} ms (${o.capture.toFixed(1)} / ${o.compute.toFixed(1)} / ${o.draw.toFixed(1)}) | ${r.tfjs_ms.wasm.toFixed(2)} ms | ${r.tfjs_ms.cpu.toFixed(2)} ms | ${r.ratio_vs_fastest_tfjs.toFixed(2)}× | ${r.conv_gflops.toFixed(2)} | ${(100 * r.fraction_of_native_peak).toFixed(1)}% | ${(100 * r.fraction_of_wasm_simd_peak).toFixed(1)}% |`);
}
console.log(`peaks: native ${nativePeak.toFixed(1)} GFLOP/s, wasm SIMD ${wasmPeak.toFixed(1)} GFLOP/s (single core at ${mhz} MHz)`);
