// Benchmark of the Architectures page in headless Chromium, against dist/
// from `trunk build --release`: how long the page takes to build and
// summarise the largest classic networks (ResNet152, DenseNet201, and the
// rest for comparison), read from the page's own performance.now() around
// the graph's construction and `summary()` (body[data-summary-ms]).
// Bar (issue 11): ResNet152 or DenseNet201 summarised in under 100 ms.
// Usage: node tests/bench/architectures.mjs   (writes
//        docs/bench/architectures-latest.json; BENCH_OUT= to write elsewhere)
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../support/server.mjs';
import { launch } from '../support/browser.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = process.env.DIST ?? path.join(ROOT, 'dist');
const RUNS = 5;
const MODELS = ['resnet152', 'densenet201', 'inceptionresnetv2', 'resnet50', 'vgg16'];
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const server = await startServer({ root: DIST });
const browser = await launch();
const results = {};
for (const model of MODELS) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    // A fresh page each time: the first summary of a page load, cold.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/?view=architectures&model=${model}`);
    await page.waitForSelector(`body[data-model="${model}"][data-summary-ms]`);
    const ms = Number(await page.getAttribute('body', 'data-summary-ms'));
    const layers = await page.$eval('.arch-computed', (el) => el.textContent);
    runs.push(ms);
    if (i === 0) results[model] = { layers_text: layers };
    await context.close();
  }
  results[model] = { ...results[model], runs_ms: runs, median_ms: median(runs), max_ms: Math.max(...runs) };
}
const chromium = browser.version();
await browser.close();
await server.close();

const out = {
  date: new Date().toISOString(),
  machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, chromium, node: process.version },
  bar_ms: 100,
  models: results,
};
const OUT = path.resolve(process.env.BENCH_OUT ?? path.join(ROOT, 'docs/bench/architectures-latest.json'));
await fs.mkdir(path.dirname(OUT), { recursive: true });
await fs.writeFile(OUT, JSON.stringify(out, null, 2) + '\n');
console.log('| network | median / max of 5 (ms) | bar |\n|---|---|---|');
for (const [m, r] of Object.entries(results)) {
  console.log(`| ${m} | ${r.median_ms.toFixed(1)} / ${r.max_ms.toFixed(1)} | ${m === 'resnet152' || m === 'densenet201' ? '< 100 ms' : ''} |`);
}
const worst = Math.max(results.resnet152.max_ms, results.densenet201.max_ms);
if (worst >= 100) {
  console.error(`over the bar: ${worst} ms`);
  process.exitCode = 1;
}
