// The later networks' operations in the lesson: global average pooling, the
// 1x1 convolution, the separable convolution, batch normalization and the
// residual shortcut. Each opens by its deep link, steps forward, and shows
// cnn-core's exact value (the native tests in web/src/lesson/blocks.rs name
// each value's slide). Every wait is on a condition in the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage } from '../support/browser.mjs';
import { useSite } from '../support/site.mjs';

const site = useSite();

async function open(query, options) {
  const p = await newPage(site.browser, options);
  await p.page.goto(`${site.url}/${query}`);
  await p.page.waitForSelector('body[data-ready="true"]');
  return p;
}

const cursor = (page) => page.$eval('.app', (el) => Number(el.dataset.cursor));
const waitCursor = (page, n) =>
  page.waitForFunction((n) => document.querySelector('.app')?.dataset.cursor === String(n), n);
const cell = (page, grid, r, c) => page.$eval(`#${grid} td[data-r="${r}"][data-c="${c}"]`,
  (td) => ({ text: td.textContent.trim(), exact: td.dataset.exact ?? null }));
const hidden = (page, sel) => page.$eval(sel, (el) => el.classList.contains('hidden'));
const text = (page, sel) => page.textContent(sel);

/** Step forward once (the button, then keys alike) and wait for the step. */
async function forward(page) {
  const at = await cursor(page);
  await page.click('#btn-forward');
  await waitCursor(page, at + 1);
}

test('the new stages follow the X/O lesson in the stage links', async () => {
  const { page, errors } = await open('?stage=padding');
  const stages = await page.$$eval('a.stage-link[data-stage]', (as) => as.map((a) => a.dataset.stage));
  assert.deepEqual(stages.slice(8), ['global-pooling', 'pointwise', 'separable', 'batch-norm', 'residual']);
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.click('a[data-stage="batch-norm"]');
  await page.waitForFunction(() => document.querySelector('.app')?.dataset.stage === 'batch-norm');
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload');
  assert.equal(await text(page, '.stage-title'), 'Batch normalization');
  assert.deepEqual(errors, []);
  await page.close();
});

test('global average pooling: each map sums to its ninths, then its mean over 49', async () => {
  const { page, errors } = await open('?stage=global-pooling&filter=0&phase=sum');
  assert.equal(await page.$eval('.app', (el) => el.dataset.stage), 'global-pooling');
  // The left map's values, row by row, and their sum: 85/9.
  assert.equal(await page.$$eval('#gap-rows li', (li) => li.length), 7);
  assert.match(await text(page, '#gap-rows li'), /Row 1: 7\/9 − 1\/9 \+ 1\/9 \+ 1\/3 \+ 5\/9 − 1\/9 \+ 1\/3/);
  assert.match(await text(page, '#calc-sum'), /Sum of the 49 values = 85\/9/);
  assert.equal(await hidden(page, '#calc-result'), true);
  assert.deepEqual(await cell(page, 'gap-output', 0, 0), { text: '', exact: null });
  await forward(page);
  assert.equal(await hidden(page, '#calc-result'), false);
  assert.match(await text(page, '#calc-result'), /Mean: 85\/9 ÷ 49 = 85\/441 ≈ 0\.19/);
  assert.deepEqual(await cell(page, 'gap-output', 0, 0), { text: '0.19', exact: '85/441' });
  // The X map: -31/9, mean -31/441.
  await forward(page);
  assert.match(new URL(page.url()).search, /stage=global-pooling&filter=1&phase=sum/);
  assert.match(await text(page, '#calc-sum'), /= -31\/9/);
  await forward(page);
  assert.deepEqual(await cell(page, 'gap-output', 0, 1), { text: '-0.07', exact: '-31/441' });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the 1x1 convolution: three products at one place, their sum fills the cell', async () => {
  const { page, errors } = await open('?stage=pointwise&map=0&row=0&col=0&phase=products');
  assert.deepEqual(await page.$$eval('#pointwise-products li', (li) => li.map((l) => l.textContent)),
    ['1/3 × 7/9 = 7/27', '1/3 × 1/3 = 1/9', '1/3 × 1/3 = 1/9']);
  // The same place is marked in all three maps.
  for (const f of [0, 1, 2]) {
    assert.deepEqual(await page.$$eval(`#pointwise-in-${f} td.win`, (t) => t.map((td) => `${td.dataset.r},${td.dataset.c}`)), ['0,0']);
  }
  assert.deepEqual(await cell(page, 'pointwise-output', 0, 0), { text: '', exact: null });
  await forward(page);
  assert.match(await text(page, '#calc-sum'), /7\/27 \+ 1\/9 \+ 1\/9 = 13\/27/);
  assert.match(await text(page, '#calc-result'), /13\/27 ≈ 0\.48/);
  assert.deepEqual(await cell(page, 'pointwise-output', 0, 0), { text: '0.48', exact: '13/27' });
  // The second output map: left minus right, 7/9 - 1/3 = 4/9.
  await page.click('text=Out 2: left minus right');
  await page.waitForFunction(() => location.search.includes('map=1&row=0&col=0&phase=products'));
  await forward(page);
  assert.deepEqual(await cell(page, 'pointwise-output', 0, 0), { text: '0.44', exact: '4/9' });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the separable convolution: a depthwise cell, then a pointwise cell', async () => {
  const { page, errors } = await open('?stage=separable&part=depthwise&map=2&row=0&col=0&phase=products');
  // Blue alone under its Laplacian: the 3x3 window of the blue channel.
  assert.equal(await page.$$eval('#sep-in-2 td.win', (t) => t.length), 9);
  assert.equal(await page.$$eval('#sep-in-0 td.win', (t) => t.length), 0);
  assert.equal((await cell(page, 'sep-products', 1, 1)).text, '-4×2-8');
  await forward(page);
  assert.match(await text(page, '#calc-sum'), /0 \+ 0 \+ 0 \+ 0 − 8 \+ 1 \+ 0 \+ 1 \+ 0 = -6/);
  assert.equal((await cell(page, 'sep-out-2', 0, 0)).text, '-6');
  assert.match(await text(page, '#sep-counts'), /= 33, where two ordinary 3×3×3 filters need 54/);
  const pw = await open('?stage=separable&part=pointwise&map=1&row=0&col=0&phase=products');
  assert.deepEqual(await pw.page.$$eval('#sep-products li', (li) => li.map((l) => l.textContent)),
    ['1 × -1 = -1', '0 × -1 = 0', '-1 × -6 = 6']);
  await forward(pw.page);
  assert.equal((await cell(pw.page, 'sep-out-1', 0, 0)).text, '5');
  assert.deepEqual([...errors, ...pw.errors], []);
  await page.close();
  await pw.page.close();
});

test('batch normalization: exact mean and variance, then decimals from the square root on', async () => {
  const { page, errors } = await open('?stage=batch-norm&channel=0&part=mean');
  assert.match(await text(page, '#bn-mean'), /\(1 \+ 2 \+ 3 \+ 4 \+ 5 \+ 6 \+ 7 \+ 8\) ÷ 8 = 36 ÷ 8 = 9\/2 ≈ 4\.50/);
  assert.equal(await hidden(page, '#bn-variance'), true);
  await forward(page);
  assert.equal(await hidden(page, '#bn-variance'), false);
  assert.match(await text(page, '#bn-squares li'), /\(1 − 9\/2\)² = \(-7\/2\)² = 49\/4/);
  assert.match(await text(page, '#bn-variance'), /42 ÷ 8 = 21\/4 ≈ 5\.25/);
  assert.equal(await hidden(page, '#bn-inexact'), true);
  await forward(page);
  assert.match(await text(page, '#bn-std'), /√\(21\/4 \+ 1\/1000\) ≈ 2\.2915/);
  assert.equal(await hidden(page, '#bn-inexact'), false);
  assert.deepEqual(await cell(page, 'bn-out-0-0', 0, 0), { text: '', exact: null });
  await forward(page);
  assert.match(new URL(page.url()).search, /stage=batch-norm&channel=0&part=value&index=0/);
  assert.match(await text(page, '#bn-normalise'), /\(1 − 9\/2\) ÷ 2\.2915 = -7\/2 ÷ 2\.2915 ≈ -1\.5274/);
  assert.match(await text(page, '#calc-result'), /2 × -1\.5274 \+ 1 ≈ -2\.0548/);
  assert.deepEqual(await cell(page, 'bn-out-0-0', 0, 0), { text: '-2.05', exact: '-2.0548' });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the residual shortcut adds the image to the main path', async () => {
  const { page, errors } = await open('?stage=residual&filter=0&row=1&col=0');
  await forward(page);
  assert.match(new URL(page.url()).search, /stage=residual&filter=0&row=1&col=1/);
  assert.match(await text(page, '#calc-sum'), /7\/9 \+ 1 = 16\/9/);
  assert.deepEqual(await cell(page, 'res-main', 1, 1), { text: '0.77', exact: '7/9' });
  assert.deepEqual(await cell(page, 'res-output', 1, 1), { text: '1.77', exact: '16/9' });
  assert.deepEqual(await cell(page, 'res-output', 1, 2), { text: '', exact: null });
  assert.deepEqual(errors, []);
  await page.close();
});

test('in Traditional Chinese, with the same numbers', async () => {
  const { page, errors } = await open('?stage=global-pooling&filter=1&phase=result', { locale: 'zh-TW' });
  await page.waitForFunction(() => document.documentElement.lang === 'zh-TW');
  assert.equal(await text(page, '.stage-title'), '全域平均池化');
  assert.match(await text(page, '#calc-result'), /平均：-31\/9 ÷ 49 = -31\/441 ≈ -0\.07/);
  assert.deepEqual(await cell(page, 'gap-output', 0, 1), { text: '-0.07', exact: '-31/441' });
  await page.click('a[data-stage="batch-norm"]');
  await page.waitForFunction(() => document.querySelector('.stage-title')?.textContent === '批次正規化');
  assert.deepEqual(errors, []);
  await page.close();
});
