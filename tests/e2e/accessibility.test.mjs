// axe-core (npm) over every stage of the lesson, in both languages and in
// projector mode: no serious or critical violations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { newPage } from '../support/browser.mjs';
import { useSite } from '../support/site.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const STAGES = [
  'input', 'convolution', 'relu', 'pooling', 'flatten', 'vote', 'weighted-sum', 'padding',
  'global-pooling', 'pointwise', 'separable', 'batch-norm', 'residual',
];

const site = useSite();

async function audit(page) {
  // Evaluated through the DevTools protocol, as a test tool: the page's
  // Content-Security-Policy refuses inline scripts, and the page itself
  // still requests nothing from elsewhere.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(AXE, 'utf8'));
  // Colours are judged at rest: wait for running animations (a cell arriving
  // in the flattened vector fades in over 260 ms) to finish.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null))));
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
    const { page } = await newPage(site.browser, { locale });
    const problems = [];
    for (const stage of STAGES) {
      await page.goto(`${site.url}/?stage=${stage}${extra}`);
      await page.waitForSelector('body[data-ready="true"]');
      for (const p of await audit(page)) problems.push(`${stage}: ${p}`);
    }
    // A step in the middle of a computation, the URL note, the playground.
    for (const q of [
      '?stage=convolution&filter=1&row=3&col=3&phase=sum',
      '?stage=batch-norm&channel=1&part=variance',
      '?stage=separable&part=pointwise&map=0&row=1&col=1&phase=products',
      '?stage=nowhere',
      '?view=playground&src=x&k=xo-left,sobel-x&padding=valid&pool=max-2-2',
      '?view=playground&src=x&k=gaussian-blur&padding=valid&dilation=3',
      '?view=playground&src=x&k=xo-left&padding=valid&reduce=mean&step=1-0-0',
      '?view=train&model=lenet5&data=digits',
    ]) {
      await page.goto(`${site.url}/${q}${extra}`);
      await page.waitForSelector('body[data-ready="true"]');
      for (const p of await audit(page)) problems.push(`${q}: ${p}`);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('grids are tables with row and column headers', async () => {
  const { page } = await newPage(site.browser);
  await page.goto(`${site.url}/?stage=convolution`);
  await page.waitForSelector('body[data-ready="true"]');
  // The 9x9 input: nine column headers, nine row headers, 81 data cells.
  const shape = await page.$eval('#conv-input', (t) => ({
    caption: !!t.querySelector('caption'),
    cols: [...t.querySelectorAll('thead th.axis[scope="col"]')].map((th) => th.textContent),
    rows: [...t.querySelectorAll('tbody th[scope="row"]')].map((th) => th.textContent),
    cells: t.querySelectorAll('tbody td').length,
  }));
  const nine = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
  assert.deepEqual(shape, { caption: true, cols: nine, rows: nine, cells: 81 });
  // Chromium's accessibility tree sees a table with header cells.
  const snapshot = await page.locator('#conv-input').ariaSnapshot();
  assert.match(snapshot, /table/);
  assert.match(snapshot, /columnheader "1"/);
  assert.match(snapshot, /rowheader "9"/);
  await page.close();
});
