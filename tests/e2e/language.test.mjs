// English and Traditional Chinese: switchable at any time, remembered, and
// defaulting to the browser's language.
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

test('switching to Traditional Chinese changes every label and is remembered', async () => {
  const { page, context, errors } = await open('?stage=convolution&filter=0&row=0&col=0&phase=result');
  assert.equal(await page.textContent('h1'), 'How a CNN sees an X');
  await page.click('button[data-lang="zh-TW"]');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-TW');
  assert.equal(await page.textContent('h1'), '電腦如何看出一個 X');
  assert.equal(await page.textContent('.stage-title'), '卷積運算');
  assert.match(await page.textContent('#conv-output caption'), /特徵圖/);
  assert.match(await page.textContent('#calc-result'), /平均：7 ÷ 9 = 7\/9 ≈ 0\.77/);
  // The place in the lesson did not change.
  assert.match(page.url(), /row=0&col=0&phase=result/);
  // A new page in the same browser profile opens in Chinese.
  const again = await context.newPage();
  await again.goto(`${site.url}/?stage=pooling`);
  await again.waitForSelector('body[data-ready="true"]');
  assert.equal(await again.textContent('.stage-title'), '最大池化');
  await again.click('button[data-lang="en"]');
  await again.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await again.textContent('.stage-title'), 'Max pooling');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a browser set to Chinese opens in Traditional Chinese', async () => {
  const { page } = await open('', { locale: 'zh-TW' });
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-TW');
  assert.equal(await page.textContent('.stage-title'), '輸入圖片');
  await page.close();
  const en = await open('', { locale: 'en-GB' });
  assert.equal(await en.page.textContent('.stage-title'), 'The input');
  await en.page.close();
});
