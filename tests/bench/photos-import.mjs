// Importing 1,000 photos of mixed sizes up to 12 megapixels into the photos
// page, in headless Chromium: photos per second and the peak memory of the
// tab (the resident memory of Chromium's renderer processes, which hold the
// page and its workers, sampled every 250 ms), with the browser's own
// decoder and with the image crate, each on one worker and on two (the
// cores choice; the workers read, check, decode and shrink the photos and
// make their thumbnails, the page stores them). Also how busy the page's
// main thread was (Chromium's TaskDuration over the import's time).
//   node tests/bench/photos-import.mjs [count=1000] [decoders=browser,crate] [workers=1,2]
// The photos come from the repository's generator (cached between runs):
//   cargo run --release -p cnn-photos --example fixtures --features fixtures -- DIR --bench N
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { startServer } from '../support/server.mjs';
import { rendererRss } from '../support/memory.mjs';
import { launch, newPage } from '../support/browser.mjs';
import { DIST } from '../support/site.mjs';
import { openPhotos } from '../support/photos.mjs';

const count = Number(process.argv[2] ?? 1000);
const decoders = (process.argv[3] ?? 'browser,crate').split(',');
const workerCounts = (process.argv[4] ?? '1,2').split(',').map(Number);
const dir = process.env.PHOTO_BENCH ?? join(os.homedir(), '.cache', 'cnn-school', 'photo-bench');
const manifestPath = join(dir, 'bench', 'manifest.json');
if (!existsSync(manifestPath) || JSON.parse(readFileSync(manifestPath, 'utf8')).length < count) {
  mkdirSync(dir, { recursive: true });
  execFileSync('cargo', ['run', '--release', '-q', '-p', 'cnn-photos', '--example', 'fixtures', '--features', 'fixtures', '--', dir, '--bench', String(count)], { stdio: 'inherit' });
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')).slice(0, count);
const files = manifest.map((m) => join(dir, 'bench', m.name));
const megapixels = manifest.map((m) => (m.width * m.height) / 1e6);


const server = await startServer({ root: DIST });
const runs = [];
for (const decoder of decoders) for (const workers of workerCounts) {
  const browser = await launch();
  const { page, errors } = await newPage(browser, { recordRequests: false });
  await openPhotos(page, server.url);
  await page.selectOption('#ph-cores', String(workers));
  if (decoder === 'crate') await page.evaluate(() => { window.__photoDecoder = 'crate'; });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  const busy0 = await busy();
  const before = rendererRss();
  let peak = before;
  const sampler = setInterval(() => { peak = Math.max(peak, rendererRss()); }, 250);
  const t0 = Date.now();
  await page.locator('input[data-class-input]').first().setInputFiles(files);
  await page.waitForFunction((n) => document.body.dataset.import === 'done' && Number(document.body.dataset.photos) + document.querySelectorAll('#ph-skipped li').length === n, count, { timeout: 0, polling: 500 });
  const seconds = (Date.now() - t0) / 1000;
  const mainThreadSeconds = (await busy()) - busy0;
  clearInterval(sampler);
  peak = Math.max(peak, rendererRss());
  const imported = Number(await page.getAttribute('body', 'data-photos'));
  const used = await page.getAttribute('body', 'data-decoders');
  const workersUsed = Number(await page.getAttribute('body', 'data-import-workers'));
  // Scrolling the grid of 1,000: how many thumbnails are in the page at once.
  const inDom = await page.$$eval('li.thumb', (l) => l.length);
  runs.push({
    decoder,
    workers,
    workers_used: workersUsed,
    photos: count,
    imported,
    decoders_used: used,
    seconds: Math.round(seconds * 10) / 10,
    photos_per_second: Math.round((imported / seconds) * 10) / 10,
    megapixels_per_second: Math.round((megapixels.reduce((a, b) => a + b, 0) / seconds) * 10) / 10,
    rss_before_mib: Math.round(before),
    peak_rss_mib: Math.round(peak),
    thumbnails_in_dom: inDom,
    main_thread_busy_seconds: Math.round(mainThreadSeconds * 10) / 10,
    main_thread_busy_share: Math.round((mainThreadSeconds / seconds) * 100) / 100,
    console_errors: errors,
  });
  console.log(JSON.stringify(runs.at(-1)));
  await browser.close();
}
await server.close();

const result = {
  date: new Date().toISOString(),
  machine: `${os.cpus()[0].model}, ${os.cpus().length} cores`,
  photos: { count, total_megapixels: Math.round(megapixels.reduce((a, b) => a + b, 0)), largest_megapixels: Math.max(...megapixels), total_mib: Math.round(manifest.reduce((a, m) => a + m.bytes, 0) / 1048576) },
  runs,
};
mkdirSync('docs/bench', { recursive: true });
writeFileSync('docs/bench/photos-import-latest.json', `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
