// What a network pretrained on ImageNet sees, in headless Chromium: the
// photos page fetches EfficientNet-Lite0 (9 MB, from this site) only when
// a learner asks, names the five likeliest ImageNet classes of a sample
// photo, reuses the network for the next photo, and says in a sentence
// when the network cannot be fetched. The lesson never fetches it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newPage } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';
import { useSite, DIST } from '../support/site.mjs';
import { openPhotos } from '../support/photos.mjs';

const site = useSite();
const SHOTS = new URL('../artifacts/', import.meta.url).pathname;
const WEIGHTS = /\/pretrained\/efficientnet-lite0\.cnnw$/;

/** The guesses shown: `[{ cls, name, pct }]`. */
const guesses = (page) =>
  page.$$eval('#ph-in-top li', (l) =>
    l.map((li) => ({
      cls: Number(li.dataset.class),
      name: li.querySelector('.cls').textContent,
      pct: parseFloat(li.querySelector('.num').textContent),
    })),
  );

test('the pretrained network is fetched only when asked, and names what it sees', async (t) => {
  const { page, requests, errors } = await newPage(site.browser, { viewport: { width: 1024, height: 768 } });
  await page.goto(`${site.url}/`);
  await page.waitForSelector('main');
  await openPhotos(page, site.url);
  assert.ok(!requests.some((u) => WEIGHTS.test(u)), 'neither the lesson nor the photos page fetch it on their own');

  await page.click('button[data-sample="cat"]');
  await page.waitForSelector('#ph-in-status[role="status"]');
  await page.waitForFunction(() => document.querySelectorAll('#ph-in-top li').length === 5, null, { timeout: 120_000 });
  const cat = await guesses(page);
  // ImageNet's cats are classes 281 (tabby) to 285 (Egyptian cat); the
  // native conversion test checks every probability against numpy.
  assert.ok(cat[0].cls >= 281 && cat[0].cls <= 285, JSON.stringify(cat));
  assert.ok(cat.every((g, i) => i === 0 || g.pct <= cat[i - 1].pct), 'likeliest first');
  const first = await page.textContent('#ph-in-timing');
  assert.match(first, /Fetched and built the network \(9\.4 MB\)/);
  t.diagnostic(`first photo: ${first}`);
  assert.equal(requests.filter((u) => WEIGHTS.test(u)).length, 1);
  mkdirSync(SHOTS, { recursive: true });
  await page.locator('#ph-imagenet').scrollIntoViewIfNeeded();
  await page.locator('#ph-imagenet').screenshot({ path: `${SHOTS}imagenet-top5.png` });

  await page.click('button[data-sample="coffee"]');
  await page.waitForFunction(() => document.querySelector('#ph-in-top li')?.dataset.class === '967', null, { timeout: 60_000 });
  assert.equal((await guesses(page))[0].name, 'espresso');
  const second = await page.textContent('#ph-in-timing');
  assert.match(second, /^It looked in \d+ ms\.$/);
  t.diagnostic(`second photo: ${second}`);
  assert.equal(requests.filter((u) => WEIGHTS.test(u)).length, 1, 'fetched once');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a network that cannot be fetched, or arrives damaged, is said in a sentence', async (t) => {
  // The same site, its pretrained/ folder replaced: empty (the file is
  // missing) or holding a server's error page where the network should be.
  const missing = mkdtempSync(join(tmpdir(), 'cnn-pretrained-'));
  const damaged = mkdtempSync(join(tmpdir(), 'cnn-pretrained-'));
  copyFileSync(join(DIST, 'pretrained', 'imagenet-classes.txt'), join(damaged, 'imagenet-classes.txt'));
  writeFileSync(join(damaged, 'efficientnet-lite0.cnnw'), '<!doctype html><title>oops</title>');
  for (const [lang, folder, want] of [
    ['en-US', missing, /pretrained\/efficientnet-lite0\.cnnw/],
    ['zh-TW', damaged, /預訓練網路下載後無法使用/],
  ]) {
    const server = await startServer({ root: DIST, mounts: { '/pretrained/': folder } });
    t.after(() => server.close());
    const { page, errors } = await newPage(site.browser, { locale: lang });
    await openPhotos(page, server.url);
    await page.click('button[data-sample="brick"]');
    await page.waitForSelector('#ph-in-status[role="alert"]', { timeout: 60_000 });
    assert.match(await page.textContent('#ph-in-status'), want);
    assert.ok(!(await page.isDisabled('button[data-sample="cat"]')), 'the learner can try again');
    assert.equal(await page.getAttribute('body', 'data-photos'), '0', 'nothing else changed');
    assert.equal(await page.$('#ph-message'), null, 'said in the panel, not above the page');
    assert.deepEqual(errors.filter((e) => !/404/.test(e)), []);
    await page.close();
  }
});

test('in projector mode the panel still says what the network is doing', async () => {
  const { page, errors } = await newPage(site.browser, { viewport: { width: 1024, height: 768 } });
  await openPhotos(page, site.url, '&projector=1');
  await page.waitForSelector('.app.projector');
  // Explanations (.hint) hide on a projector; the network's status does not.
  await page.click('button[data-sample="coffee"]');
  await page.waitForSelector('#ph-in-timing', { state: 'visible', timeout: 120_000 });
  assert.match(await page.textContent('#ph-in-timing'), /Fetched and built the network/);
  assert.deepEqual(errors, []);
  await page.close();
});
