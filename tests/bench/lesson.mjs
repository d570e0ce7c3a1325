// Benchmark of the lesson page in headless Chromium, against dist/ from
// `trunk build --release`:
//   1. navigation to interactive (body[data-ready]) — 5 cold loads, median;
//   2. compressed size of everything the page loads (gzip -9);
//   3. frames while the lesson plays at full speed: rAF-to-rAF frame
//      intervals, the app's own `lesson-render` measures, and long animation
//      frames from the performance timeline.
// Usage: node tests/bench/lesson.mjs   (writes docs/bench/lesson-latest.json;
//        BENCH_OUT=/tmp/x.json to write elsewhere, e.g. for a trial run)
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { startServer } from '../support/server.mjs';
import { launch } from '../support/browser.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = process.env.DIST ?? path.join(ROOT, 'dist');
const LOADS = 5;
const PLAY_URL = '?stage=convolution&filter=0&row=0&col=0&phase=products';
const FULL_SPEED_INDEX = 5; // the last entry of #speed: one step per frame
const FRAMES = 300; // ~5 s at 60 Hz

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

try {
  await fs.access(path.join(DIST, 'index.html'));
} catch {
  console.error('no dist/index.html: run `trunk build --release` first (the bench builds nothing)');
  process.exit(1);
}
const server = await startServer({ root: DIST });
const browser = await launch();

// 1 + 2: cold loads in fresh contexts.
const loads = [];
const bytes = new Map();
for (let i = 0; i < LOADS; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('response', async (r) => {
    if (r.url().startsWith(server.url) && r.status() === 200) {
      const body = await r.body().catch(() => null);
      if (body) bytes.set(new URL(r.url()).pathname, body);
    }
  });
  const t0 = Date.now();
  await page.goto(`${server.url}/`);
  await page.waitForSelector('body[data-ready="true"]');
  const wall = Date.now() - t0;
  const inPage = await page.evaluate(() => window.__readyAt);
  loads.push({ wall_ms: wall, ready_at_ms: typeof inPage === 'number' ? Math.round(inPage) : null });
  await context.close();
}

const files = [...bytes.entries()].map(([name, body]) => ({
  file: name,
  bytes: body.length,
  gzip_bytes: zlib.gzipSync(body, { level: 9 }).length,
}));
const gzipTotal = files.reduce((a, f) => a + f.gzip_bytes, 0);

// 3: play at full speed and record frames.
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
await page.goto(`${server.url}/${PLAY_URL}`);
await page.waitForSelector('body[data-ready="true"]');
// Play once the page has settled: the app rehearses its rendering off-page
// during idle time after load (about a second), as a learner's browser does
// before anyone reaches for the play button.
await page.waitForSelector('body[data-rehearsed="true"]');
await page.selectOption('#speed', { index: FULL_SPEED_INDEX });
await page.evaluate((FRAMES) => {
  window.__measureRenders = true;
  window.__frames = [];
  window.__loaf = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        // Where the frame's time went: scripts (with their source), then
        // style and layout, then paint (renderStart onwards).
        window.__loaf.push({
          // Milliseconds after the first recorded frame.
          at_ms: e.startTime - (window.__firstFrameAt ?? e.startTime),
          duration: e.duration,
          blocking: e.blockingDuration,
          render_ms: e.renderStart ? e.startTime + e.duration - e.renderStart : null,
          style_layout_ms: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : null,
          scripts: (e.scripts ?? []).map((sc) => ({ ms: sc.duration, invoker: sc.invoker, source: sc.sourceFunctionName || sc.sourceURL })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: false });
  } catch { /* not supported */ }
  let last = performance.now();
  const tick = (t) => {
    window.__firstFrameAt ??= t;
    window.__frames.push(t - last);
    last = t;
    if (window.__frames.length <= FRAMES) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}, FRAMES);
const startCursor = await page.$eval('.app', (el) => Number(el.dataset.cursor));
await page.keyboard.press('Space');
await page.waitForFunction((n) => window.__frames.length > n, FRAMES, { timeout: 60000 });
await page.keyboard.press('Space');
const endCursor = await page.$eval('.app', (el) => Number(el.dataset.cursor));
const { frames, renders, loaf } = await page.evaluate(() => ({
  frames: window.__frames.slice(1),
  renders: performance.getEntriesByName('lesson-render').map((e) => e.duration),
  loaf: window.__loaf,
}));
await context.close();

// Control: the same number of frames on an empty page in the same browser.
// A frame dropped here is the machine's (another process, the host), not
// the app's: it is the floor the lesson's figure is read against.
const blank = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const blankPage = await blank.newPage();
await blankPage.setContent('<!doctype html><title>control</title><p>empty page</p>');
const control = await blankPage.evaluate(
  (FRAMES) =>
    new Promise((resolve) => {
      const out = [];
      let last = performance.now();
      const tick = (t) => {
        out.push(t - last);
        last = t;
        if (out.length <= FRAMES) requestAnimationFrame(tick);
        else resolve(out.slice(1));
      };
      requestAnimationFrame(tick);
    }),
  FRAMES,
);
await blank.close();
const chromiumVersion = browser.version();
await browser.close();
await server.close();

const result = {
  date: new Date().toISOString(),
  machine: {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    chromium: chromiumVersion,
  },
  load: { runs: loads, median_wall_ms: median(loads.map((l) => l.wall_ms)), median_ready_at_ms: loads.every((l) => l.ready_at_ms !== null) ? median(loads.map((l) => l.ready_at_ms)) : null },
  size: { files, gzip_total_bytes: gzipTotal },
  animation: {
    steps_played: endCursor - startCursor,
    frames: frames.length,
    frame_interval_ms: { median: median(frames), p99: pct(frames, 99), max: Math.max(...frames) },
    frames_over_16_7ms: frames.filter((f) => f > 16.7 + 1).length,
    slow_frames_at: frames.flatMap((f, i) => (f > 16.7 + 1 ? [[i, Math.round(f * 10) / 10]] : [])),
    render_ms: renders.length ? { count: renders.length, median: median(renders), p99: pct(renders, 99), max: Math.max(...renders) } : null,
    long_animation_frames: loaf.filter((l) => l.at_ms >= 0).length,
    long_animation_frames_before_playing: loaf.filter((l) => l.at_ms < 0).length,
    long_animation_frame_details: loaf,
  },
  control_empty_page: {
    frames: control.length,
    frames_over_16_7ms: control.filter((f) => f > 16.7 + 1).length,
    frame_interval_ms: { median: median(control), p99: pct(control, 99), max: Math.max(...control) },
  },
};

const OUT = path.resolve(process.env.BENCH_OUT ?? path.join(ROOT, 'docs/bench/lesson-latest.json'));
await fs.mkdir(path.dirname(OUT), { recursive: true });
await fs.writeFile(OUT, JSON.stringify(result, null, 2) + '\n');

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`| measure | value | bar |
|---|---|---|
| navigation → interactive, median of ${LOADS} (wall) | ${result.load.median_wall_ms} ms | ≤ 1000 ms |
| … in-page performance.now() at ready, median | ${result.load.median_ready_at_ms} ms | |
| gzip transfer, all files | ${kb(gzipTotal)} | ≤ 1024 KiB |
| frame interval at full speed: median / p99 / max | ${result.animation.frame_interval_ms.median.toFixed(1)} / ${result.animation.frame_interval_ms.p99.toFixed(1)} / ${result.animation.frame_interval_ms.max.toFixed(1)} ms | no frame > 16 ms |
| frames over 16.7 ms (+1 ms slack) | ${result.animation.frames_over_16_7ms} of ${frames.length} | 0 |
| render per step (lesson-render): median / p99 / max | ${result.animation.render_ms ? `${result.animation.render_ms.median.toFixed(2)} / ${result.animation.render_ms.p99.toFixed(2)} / ${result.animation.render_ms.max.toFixed(2)} ms` : 'n/a'} | |
| long animation frames (> 50 ms) while playing | ${result.animation.long_animation_frames} (and ${result.animation.long_animation_frames_before_playing} before) | 0 |
| control: frames over 16.7 ms on an empty page, same browser | ${result.control_empty_page.frames_over_16_7ms} of ${control.length} | (the machine's floor) |
| steps played | ${result.animation.steps_played} | |`);
for (const f of files) console.log(`  ${f.file}: ${kb(f.bytes)} raw, ${kb(f.gzip_bytes)} gzip`);
