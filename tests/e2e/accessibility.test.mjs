// axe-core (npm) over every stage of the lesson, in both languages and in
// projector mode: no serious or critical violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { startServer } from '../support/server.mjs';
import { launch, newPage } from '../support/browser.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const STAGES = ['input', 'convolution', 'relu', 'pooling', 'flatten', 'vote', 'weighted-sum', 'padding'];

let server;
let browser;
before(async () => {
  server = await startServer({ root: fileURLToPath(new URL('../../dist/', import.meta.url)) });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function audit(page) {
  // Injected as text: the page itself still requests nothing from elsewhere.
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

for (const [label, locale, extra] of [
  ['English', 'en-US', ''],
  ['繁體中文', 'zh-TW', ''],
  ['projector mode', 'en-US', '&projector=1'],
]) {
  test(`no serious or critical axe violations on any stage (${label})`, async () => {
    const { page } = await newPage(browser, { locale });
    const problems = [];
    for (const stage of STAGES) {
      await page.goto(`${server.url}/?stage=${stage}${extra}`);
      await page.waitForSelector('body[data-ready="true"]');
      for (const p of await audit(page)) problems.push(`${stage}: ${p}`);
    }
    // A step in the middle of a computation, the URL note, the playground.
    for (const q of [
      '?stage=convolution&filter=1&row=3&col=3&phase=sum',
      '?stage=nowhere',
      '?view=playground&src=x&k=xo-left,sobel-x&padding=valid&pool=max-2-2',
      '?view=playground&src=x&k=gaussian-blur&padding=valid&dilation=3',
    ]) {
      await page.goto(`${server.url}/${q}${extra}`);
      await page.waitForSelector('body[data-ready="true"]');
      for (const p of await audit(page)) problems.push(`${q}: ${p}`);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });
}
