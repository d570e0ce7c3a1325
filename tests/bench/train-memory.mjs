// Memory over a long training run: LeNet-5 on the digits, CPU path, in
// headless Chromium. Samples the resident memory (RSS) of Chromium's
// renderer processes, which hold the page and its training worker, every
// 10 s; reports the first minute's peak against the peak of the rest.
//   node tests/bench/train-memory.mjs [minutes=10] [cores=1]
// With cores above 1 the batches are shared among that many workers (the
// training worker and its peers, all in the renderer), and the result goes
// to docs/bench/train-memory-cores<N>-latest.json.
import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { startServer } from '../support/server.mjs';
import { rendererRss } from '../support/memory.mjs';
import { launch, newPage } from '../support/browser.mjs';
import { DIST } from '../support/site.mjs';

const minutes = Number(process.argv[2] ?? 10);
const cores = Number(process.argv[3] ?? 1);
const server = await startServer({ root: DIST });
const browser = await launch();


const { page, errors } = await newPage(browser);
await page.goto(`${server.url}/?view=train&model=lenet5&data=digits&opt=adam&lr=0.001&batch=16&epochs=200&backend=cpu&cores=${cores}`);
await page.waitForSelector('body[data-train="idle"]');
await page.click('#tr-start');
await page.waitForSelector('body[data-train="training"]');
await page.waitForSelector(`#tr-progress-cores[data-workers="${cores}"]`);
const start = Date.now();
const samples = [];
while (Date.now() - start < minutes * 60_000) {
  const t = (Date.now() - start) / 1000;
  const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
  samples.push({ t: Math.round(t), rss_mib: Math.round(rendererRss() * 10) / 10, page_heap_mib: Math.round(heap / 1048576 * 10) / 10 });
  console.log(JSON.stringify(samples.at(-1)));
  await new Promise((r) => setTimeout(r, 10_000));
}
const epochs = Number(await page.getAttribute('body', 'data-epochs'));
const first = Math.max(...samples.filter((s) => s.t <= 60).map((s) => s.rss_mib));
const later = samples.filter((s) => s.t > 60).map((s) => s.rss_mib);
const rest = later.length ? Math.max(...later) : null;
const result = {
  date: new Date().toISOString(),
  machine: `${os.cpus()[0].model}, ${os.cpus().length} cores`,
  chromium: browser.version(),
  minutes,
  workers: cores,
  epochs_done: epochs,
  first_minute_peak_rss_mib: first,
  after_first_minute_peak_rss_mib: rest,
  peak_rss_mib: Math.max(...samples.map((s) => s.rss_mib)),
  growth_percent: rest === null ? null : Math.round((rest / first - 1) * 1000) / 10,
  console_errors: errors,
  samples,
};
console.log(JSON.stringify({ ...result, samples: undefined }, null, 2));
mkdirSync('docs/bench', { recursive: true });
const out = cores === 1 ? 'docs/bench/train-memory-latest.json' : `docs/bench/train-memory-cores${cores}-latest.json`;
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
await browser.close();
await server.close();
