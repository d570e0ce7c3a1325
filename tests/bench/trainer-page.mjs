// What the training benchmarks share: the built site and TF.js served with
// a browser, our trainer page timed with the worker's own clock, and the
// shipped digits loaded into a TF.js page the same way the trainer reads them.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, ISOLATION_HEADERS } from '../support/server.mjs';
import { launch } from '../support/browser.mjs';
import { DIST } from '../support/site.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The built site (with TF.js under /tfjs/) and a headless Chromium; with
 * `isolated`, a second server of the same files whose pages are
 * cross-origin isolated (for TF.js's threads).
 */
export async function benchSite({ isolated = false } = {}) {
  try {
    await fs.access(path.join(DIST, 'trainer_bg.wasm'));
  } catch {
    console.error('dist/trainer_bg.wasm is missing: build the site first (trunk build --release).');
    process.exit(1);
  }
  const mounts = { '/tfjs/': path.join(ROOT, 'node_modules/@tensorflow') };
  const server = await startServer({ root: DIST, mounts });
  const isolatedServer = isolated ? await startServer({ root: DIST, mounts, isolated: true }) : null;
  const browser = await launch();
  return { server, isolatedServer, browser, chromium: browser.version() };
}

/**
 * Trains `model` on the trainer page (the shipped digits, `validation`
 * percent held out, `epochs` 2: epoch 1 is the warm-up, epoch 2 is
 * measured) and returns its figures. The worker's messages are stamped with
 * the worker's clock (its postMessage is wrapped):
 *  - training only: end of epoch 1 to the last batch before epoch 2's
 *    validation pass (the last batch's message comes after that pass);
 *  - with validation: the training images ÷ (Done − end of epoch 1);
 * and, for reference, the same span seen from Node and the page's own figure.
 */
export async function trainOnPage(newPage, browser, url, { model, batch, validation, backend = 'cpu', lr = 0.001, cores }) {
  // The site's service worker stays out: its first install caches the
  // site (14 MB of WebAssembly) while the run starts, taking a core.
  const { page, errors } = await newPage(browser, { serviceWorkers: 'block' });
  const train = 5000 - Math.round((5000 * validation) / 100);
  const coresQuery = cores ? `&cores=${cores}` : '';
  await page.goto(`${url}/?view=train&model=${model}&data=digits&opt=adam&lr=${lr}&batch=${batch}&epochs=2&backend=${backend}${coresQuery}`);
  await page.waitForSelector('body[data-train="idle"]');
  await page.fill('#tr-validation', String(validation));
  // Stamp, with the worker's own clock, every training event the worker
  // posts (the page's main thread can lag behind it, so its DOM is not a
  // clock for the worker's work).
  const worker = page.workers()[0] ?? (await page.waitForEvent('worker'));
  await worker.evaluate(() => {
    const post = self.postMessage.bind(self);
    self.__events = [];
    self.postMessage = (m, ...rest) => {
      if (typeof m === 'string' && m.startsWith('{"type":"event"')) self.__events.push({ t: performance.now(), event: JSON.parse(m).event });
      // Batches come a few at a time (at most ten messages a second): each
      // is stamped with the time of its message, which the worker sends
      // right after the last of them.
      if (typeof m === 'string' && m.startsWith('{"type":"batches"')) {
        const t = performance.now();
        const batches = JSON.parse(m).batches;
        batches.forEach((b, i) => self.__events.push({ t, event: { Batch: b }, last: i === batches.length - 1 }));
      }
      return post(m, ...rest);
    };
  });
  await page.click('#tr-start');
  await page.waitForSelector('body[data-train="training"]');
  await page.waitForSelector('body[data-epochs="1"]', { timeout: 900_000 });
  const t1 = Date.now();
  await page.waitForSelector('body[data-train="done"]', { timeout: 900_000 });
  const nodeSeconds = (Date.now() - t1) / 1000;
  const progress = await page.textContent('#tr-progress');
  const events = await worker.evaluate(() => self.__events);
  const acc = Number(await page.getAttribute('body', 'data-val-accuracy'));
  // Read before the page closes (reading it after crashed the run).
  const used = await page.getAttribute('#tr-backend', 'data-backend');
  const workers = Number(await page.getAttribute('#tr-progress-cores', 'data-workers'));
  const coresLine = await page.textContent('#tr-progress-cores');
  await page.close();
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);

  const at = (pred) => events.find((e) => pred(e.event))?.t;
  const epochEnd = at((e) => e.Epoch?.epoch === 1);
  const done = at((e) => e === 'Done');
  const e2 = events.filter((e) => e.event.Batch?.epoch === 2);
  const steps = e2.length;
  const epoch2End = at((e) => e.Epoch?.epoch === 2);
  // The last message of batches sent before epoch 2's validation pass (the
  // message with the final batch goes after that pass, with the epoch).
  const lastFull = e2.filter((e) => e.last && e.t < epoch2End && e.event.Batch.step < steps).at(-1);
  const counted = lastFull.event.Batch.step;
  const trainSeconds = (lastFull.t - epochEnd) / 1000;
  const stepSeconds = trainSeconds / counted;
  const pageFigure = Number((progress.match(/([\d,]+) images\/s/) || [])[1]?.replace(/,/g, ''));
  return {
    impl: used === 'webgpu' ? 'ours (burn wgpu, WebGPU, trainer worker)' : 'ours (burn flex, WebAssembly, trainer worker)',
    backend: used,
    workers,
    cores_line: coresLine,
    train_images: train,
    validation_images: 5000 - train,
    epoch2_training_only: {
      images_per_sec: (counted * batch) / trainSeconds,
      steps: `1..${counted} of ${steps}`,
      seconds: trainSeconds,
      clock: "the worker's, from its end-of-epoch-1 message to its message with batch " + counted,
      includes: "the worker's snapshots for the page (every 400 ms) and its yields between batches; not validation",
    },
    epoch2_with_validation: {
      images_per_sec: train / ((done - epochEnd) / 1000),
      seconds: (done - epochEnd) / 1000,
      validation_seconds_estimate: (epoch2End - lastFull.t) / 1000 - (steps - counted) * stepSeconds,
      clock: "the worker's, end of epoch 1 to Done",
      includes: `epoch 2's validation pass over ${5000 - train} images`,
    },
    epoch2_seen_from_node: {
      images_per_sec: train / nodeSeconds,
      seconds: nodeSeconds,
      clock: 'Node, body[data-epochs="1"] to body[data-train="done"]',
      includes: "validation, and whatever lag the page's main thread has behind the worker",
    },
    page_figure: {
      images_per_sec: pageFigure,
      includes: 'the whole run: epoch 1 (warm-up) and both validation passes',
    },
    val_accuracy_after_2_epochs: acc,
    progress_text: progress.trim(),
  };
}

/**
 * A blank page on the server's origin (so the digits and TF.js's wasm can be
 * fetched), without our app: TF.js's `scripts` (paths under
 * node_modules/@tensorflow) loaded, the wasm backend's files found, and the
 * first `digits` digits in `window.__digits` ({@link loadDigitsInPage}).
 */
export async function tfjsPage(newPage, browser, url, { title, scripts, digits, isolated = false, threads }) {
  const p = await newPage(browser);
  const blank = `${url}/tfjs-bench.html`;
  // TF.js's threaded wasm caps its threads at half of what the browser
  // says it has (`emscripten_num_logical_cores() / 2`, for machines with
  // two threads a core): to let it run `threads` threads, the page says it
  // has twice as many.
  if (threads) await p.page.addInitScript((n) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n }), 2 * threads);
  const headers = isolated ? ISOLATION_HEADERS : {};
  await p.page.route(blank, (r) => r.fulfill({ contentType: 'text/html', headers, body: `<!doctype html><title>${title}</title>` }));
  await p.page.goto(blank);
  for (const f of scripts) await p.page.addScriptTag({ url: `/tfjs/${f}` });
  await p.page.evaluate(() => window.tf.wasm.setWasmPaths('/tfjs/tfjs-backend-wasm/dist/'));
  if (digits) await p.page.evaluate(loadDigitsInPage, digits);
  return p;
}

/**
 * Runs in the page: the first `n` shipped digits (IDX, gzip) padded by 2 to
 * 32x32 and standardised with their own mean and deviation, as
 * `window.__digits = { x: Float32Array [n·1024], y: Int32Array [n] }`.
 */
export async function loadDigitsInPage(n) {
  const gunzip = async (url) => {
    const r = await fetch(url);
    return new Uint8Array(await new Response(r.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
  };
  const dir = '/datasets/mnist-digits-5k/';
  const img = await gunzip(`${dir}digits-5k-images-idx3-ubyte.gz`);
  const lab = await gunzip(`${dir}digits-5k-labels-idx1-ubyte.gz`);
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
  window.__digits = { x, y: Int32Array.from(lab.subarray(8, 8 + n)) };
  return n;
}
