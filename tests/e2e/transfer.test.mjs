// Transfer learning on the photos page, in headless Chromium: the learner
// picks the network pretrained on ImageNet, sees the frozen base and the new
// head counted apart, the base looks at each photo once (with a progress
// line), the head trains on what it kept, and a new photo is explained
// through the base. The weights are fetched once, from this site.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { newPage } from '../support/browser.mjs';
import { useSite } from '../support/site.mjs';
import { openPhotos, addShapes, importDone, renameClass, circlePhoto } from '../support/photos.mjs';

const site = useSite();
const SHOTS = new URL('../artifacts/', import.meta.url).pathname;
const WEIGHTS = /\/pretrained\/efficientnet-lite0\.cnnw$/;
const ROOT = new URL('../../', import.meta.url).pathname;
// The onnxruntime environment scripts/test.sh makes.
const ONNX_PYTHON = process.env.CNN_SCHOOL_ONNX_PYTHON
  ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'cnn-school/onnxruntime/bin/python');

test('a new head on the frozen pretrained base learns the photos, and explains a new one', async () => {
  const { page, requests, errors } = await newPage(site.browser, { viewport: { width: 1024, height: 768 } });
  await openPhotos(page, site.url);
  await renameClass(page, 0, 'circles');
  await renameClass(page, 1, 'squares');
  await addShapes(page, 0, 'circle', 12, { seed: 7 });
  await importDone(page, 12);
  await addShapes(page, 1, 'square', 12, { seed: 8 });
  await importDone(page, 24);

  // A new project starts from the pretrained network.
  assert.equal(await page.inputValue('#ph-model'), 'transfer');
  // The base is locked and counted apart from the head (1,280 × 2 + 2).
  const summary = await page.textContent('#ph-model-summary');
  assert.match(summary, /Pretrained base \(frozen, locked\): 3,\d{3},\d{3} parameters that do not change/);
  assert.match(summary, /new head: 2,562 trainable parameters/);
  // It sees each photo at its own 224 × 224, once (method 1): no
  // augmentation unless the learner turns it on.
  assert.equal(await page.$eval('#ph-size', (s) => [s.disabled, s.value]).then(([d, v]) => d && v), '224 × 224');
  assert.equal(await page.$eval('#ph-augment', (b) => [b.disabled, b.getAttribute('aria-pressed')]).then(([d, p]) => `${d} ${p}`), 'false false');
  await page.waitForSelector('#ph-transfer-size');
  assert.match(await page.textContent('#ph-method'), /method 1 \(seed 001\): the base looks at each photo once/);
  assert.deepEqual(await page.$eval('#ph-seen', (c) => [c.width, c.height]), [224, 224]);
  assert.ok(!requests.some((u) => WEIGHTS.test(u)), 'nothing fetched before training starts');
  // An epoch of the head costs little: more of them, smaller batches.
  assert.deepEqual([await page.inputValue('#ph-epochs'), await page.inputValue('#ph-batch')], ['30', '8']);

  await page.click('#ph-start');
  // The base looks at every photo first, then the head trains.
  await page.waitForSelector('#ph-extract', { timeout: 60_000 });
  await page.waitForFunction(() => /looked at 24 of 24 photos/.test(document.querySelector('#ph-extract .readout')?.textContent ?? ''), null, { timeout: 120_000 });
  await page.waitForSelector('body[data-train="done"]', { timeout: 120_000 });
  await page.waitForSelector('#ph-confusion');
  assert.equal(requests.filter((u) => WEIGHTS.test(u)).length, 1, 'the weights are fetched once');
  mkdirSync(SHOTS, { recursive: true });
  await page.locator('#ph-model-summary').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}transfer-trained.png`, fullPage: false });

  // A new photo: the head's answer through the base, and where it looked.
  await page.setInputFiles('#ph-test-input', await circlePhoto(page));
  await page.waitForSelector('body[data-explained="true"]', { timeout: 120_000 });
  const probs = await page.$$eval('#ph-probs li', (l) => l.map((li) => [li.querySelector('.cls').textContent, Number.parseFloat(li.querySelector('.num').textContent)]));
  assert.equal(probs.length, 2);
  assert.ok(Math.abs(probs[0][1] + probs[1][1] - 100) < 0.5, `${probs}`);
  const circle = probs.find(([c]) => c === 'circles')[1];
  assert.ok(circle > 50, `a new circle is a circle: ${probs}`);
  await page.waitForSelector('#ph-occlusion');
  // The class activation map through the base: its last 7x7 maps weighted
  // by the new head.
  await page.waitForSelector('#ph-cam');
  assert.match(await page.textContent('#ph-cam + figcaption'), /last 7×7 feature maps/);
  await page.locator('#ph-occlusion').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}transfer-test-photo.png`, fullPage: false });
  // What an early and a late block of the base see, with seed 001's sentence.
  const blocks = await page.$$eval('#ph-block-maps .layer-maps', (l) => l.map((d) => [d.querySelector('.layer-name').textContent, d.querySelectorAll('canvas').length]));
  assert.deepEqual(blocks.map(([, n]) => n), [8, 8]);
  assert.match(blocks[0][0], /Early block block1a \(112×112×16\)/);
  assert.match(blocks[1][0], /Late block block7a \(7×7×320\)/);
  assert.match(await page.textContent('#ph-block-maps'), /Early layers see edges, colours and textures/);
  await page.locator('#ph-block-maps').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}transfer-block-maps.png`, fullPage: false });
  assert.equal(requests.filter((u) => WEIGHTS.test(u)).length, 1, 'still fetched once');

  // Taken out as ONNX (base and head in one file): onnxruntime gives the
  // page's probabilities for the photo the network saw, to 1e-4.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ph-onnx')]);
  const dir = mkdtempSync(join(tmpdir(), 'cnn-onnx-'));
  await download.saveAs(join(dir, 'transfer.onnx'));
  assert.match(download.suggestedFilename(), /\.onnx$/);
  const seen = await page.$eval('#ph-test-seen', (c) => Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data));
  const side = 224;
  const planar = new Float32Array(3 * side * side);
  for (let i = 0; i < side * side; i++) for (let c = 0; c < 3; c++) planar[c * side * side + i] = seen[4 * i + c] / 255;
  writeFileSync(join(dir, 'photo.in'), Buffer.from(planar.buffer));
  writeFileSync(join(dir, 'cases.json'), JSON.stringify([{ model: 'transfer.onnx', input: 'photo.in', shape: [1, 3, side, side], output: 'photo.out' }]));
  execFileSync(ONNX_PYTHON, [join(ROOT, 'tests/onnx/run.py'), dir]);
  const out = readFileSync(join(dir, 'photo.out'));
  const theirs = Array.from(new Float32Array(out.buffer, out.byteOffset, out.length / 4));
  const ours = await page.$$eval('#ph-probs li', (l) => l.map((li) => Number(li.dataset.probability)));
  assert.equal(theirs.length, ours.length);
  theirs.forEach((p, i) => assert.ok(Math.abs(p - ours[i]) < 1e-4, `onnxruntime ${theirs}, page ${ours}`));

  // Side by side: the transfer run on the chart, and the same photos
  // trained from scratch (the slides' CNN) with one click.
  await page.waitForSelector('#ph-compare-chart');
  let legend = await page.$$eval('#ph-compare-chart .legend li', (l) => l.map((li) => li.textContent));
  assert.equal(legend.length, 1);
  assert.match(legend[0], /^Transfer learning \(EfficientNet-Lite0.*\): \d+\.\d% of the validation photos \(24 photos\)$/);
  await page.click('#ph-compare-train');
  await page.waitForSelector('body[data-train="training"]');
  assert.equal(await page.inputValue('#ph-model'), 'cats-dogs');
  await page.waitForSelector('body[data-train="done"]', { timeout: 240_000 });
  await page.waitForFunction(() => document.querySelectorAll('#ph-compare-chart .legend li').length === 2);
  legend = await page.$$eval('#ph-compare-chart .legend li', (l) => l.map((li) => li.textContent));
  assert.match(legend[1], /^From scratch \(Cats vs dogs CNN \(slides\)\): \d+\.\d% of the validation photos \(24 photos\)$/);
  // One line per way, a dot per epoch: 30 for the head, 10 from scratch.
  const dots = await page.$$eval('#ph-compare-chart svg g', (gs) => gs.map((g) => g.querySelectorAll('circle').length));
  assert.deepEqual(dots, [30, 10]);
  assert.equal(await page.$('#ph-compare-train'), null, 'both ways trained');
  await page.locator('#ph-compare').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}transfer-compare.png`, fullPage: false });
  assert.deepEqual(errors, []);
  await page.close();
});

test('what the base made of each photo is kept: after a reload the head trains without the base looking again', async () => {
  const { page, requests, errors } = await newPage(site.browser);
  await openPhotos(page, site.url);
  await addShapes(page, 0, 'circle', 5, { seed: 21 });
  await importDone(page, 5);
  await addShapes(page, 1, 'square', 5, { seed: 22 });
  await importDone(page, 10);
  await page.click('#ph-start');
  await page.waitForSelector('body[data-train="done"]', { timeout: 180_000 });
  assert.match(await page.textContent('#ph-extract .readout'), /looked at 10 of 10 photos/);
  assert.equal(requests.filter((u) => WEIGHTS.test(u)).length, 1);
  // Reload: the photos come back with their features.
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  const before = requests.length;
  await page.click('#ph-start');
  await page.waitForSelector('body[data-train="done"]', { timeout: 180_000 });
  assert.match(await page.textContent('#ph-extract-kept'), /^10 photos the network had already looked at/);
  assert.equal(await page.$('#ph-extract progress'), null, 'nothing left to look at');
  assert.ok(!requests.slice(before).some((u) => WEIGHTS.test(u)), 'the base was not even fetched');
  // Padding the photos instead of cropping them makes new pictures: the
  // base looks at them again.
  await page.selectOption('#ph-fit', 'pad');
  await page.click('#ph-start');
  await page.waitForSelector('body[data-train="done"]', { timeout: 180_000 });
  assert.match(await page.textContent('#ph-extract .readout'), /looked at 10 of 10 photos/);

  // Fine-tuning: the slides' low rate proposed; a rate out of range is named.
  await page.waitForSelector('#ph-tune');
  assert.equal(await page.inputValue('#ph-tune-lr'), '0.00001');
  await page.fill('#ph-tune-lr', '0.5');
  await page.press('#ph-tune-lr', 'Tab');
  await page.click('#ph-tune-start');
  assert.match(await page.textContent('#ph-tune-error'), /learning rate above 0 and at most 0\.01/);
  await page.fill('#ph-tune-lr', '0.00001');
  await page.press('#ph-tune-lr', 'Tab');
  await page.fill('#ph-tune-epochs', '3');
  await page.press('#ph-tune-epochs', 'Tab');
  await page.click('#ph-tune-start');
  await page.waitForSelector('#curve-mark');
  await page.waitForSelector('body[data-train="done"]', { timeout: 240_000 });
  // The same curves go on, with a mark where fine-tuning began.
  assert.equal(await page.getAttribute('#curve-mark', 'data-epoch'), '30');
  assert.equal(await page.getAttribute('body', 'data-epochs'), '33');
  assert.equal(await page.$('#ph-tune'), null, 'fine-tuned once');
  await page.locator('#ph-train-progress').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}transfer-fine-tuned.png`, fullPage: false });
  // The fine-tuned network explains a new photo through the base.
  await page.setInputFiles('#ph-test-input', await circlePhoto(page));
  await page.waitForSelector('body[data-explained="true"]', { timeout: 120_000 });
  await page.waitForSelector('#ph-cam');
  assert.deepEqual(errors, []);
  await page.close();
});

test('on two cores the base shares the photos, for the head and for fine-tuning', async () => {
  const { page, errors } = await newPage(site.browser, { viewport: { width: 1024, height: 768 } });
  await openPhotos(page, site.url);
  await addShapes(page, 0, 'circle', 12, { seed: 31 });
  await importDone(page, 12);
  await addShapes(page, 1, 'square', 12, { seed: 32 });
  await importDone(page, 24);
  await page.selectOption('#ph-cores', '2');
  await page.click('#ph-start');
  await page.waitForSelector('body[data-train="done"]', { timeout: 180_000 });
  // 24 photos are three batches of 8: this worker and one helper, a batch each at a time.
  assert.match(await page.textContent('#ph-extract .readout'), /looked at 24 of 24 photos/);
  assert.equal(await page.getAttribute('#ph-extract-cores', 'data-workers'), '2');
  assert.match(await page.textContent('#ph-extract-cores'), /^\s*2 workers look at the photos, eight at a time each/);
  assert.equal(await page.$('#ph-run-message'), null, 'no worker was lost');
  mkdirSync(SHOTS, { recursive: true });
  await page.locator('#ph-extract').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}transfer-two-cores.png`, fullPage: false });
  // Fine-tuning looks again, keeping the maps it starts from: shared too.
  await page.waitForSelector('#ph-tune');
  await page.fill('#ph-tune-epochs', '2');
  await page.press('#ph-tune-epochs', 'Tab');
  await page.click('#ph-tune-start');
  await page.waitForSelector('#curve-mark');
  await page.waitForSelector('body[data-train="done"]', { timeout: 240_000 });
  assert.equal(await page.getAttribute('body', 'data-epochs'), '32');
  assert.equal(await page.getAttribute('#ph-extract-cores', 'data-workers'), '2');
  assert.equal(await page.$('#ph-run-message'), null, 'no worker was lost');
  assert.deepEqual(errors, []);
  await page.close();
});

test('with augmentation the base looks at the training photos again on every epoch (method 2), as the page said', async () => {
  const { page, errors } = await newPage(site.browser, { viewport: { width: 1024, height: 768 } });
  await openPhotos(page, site.url);
  await addShapes(page, 0, 'circle', 6, { seed: 17 });
  await importDone(page, 6);
  await addShapes(page, 1, 'square', 6, { seed: 18 });
  await importDone(page, 12);
  await page.fill('#ph-epochs', '3');
  await page.press('#ph-epochs', 'Tab');
  await page.click('#ph-augment');
  await page.waitForFunction(() => document.querySelector('#ph-augment').getAttribute('aria-pressed') === 'true');
  // What it costs, before Start: 12 photos once, then the 10 training
  // photos (a quarter of each class held out: 2 + 2... rounded, 5 + 5 kept
  // to train) on each of 3 epochs.
  const note = await page.textContent('#ph-method');
  assert.match(note, /method 2 \(seed 001\)/);
  assert.match(note, /each of the 12 photos once, then the \d+ training photos on each of 3 epochs: \d+ looks, about \d+:\d\d at 12 photos a second \(a 2-core laptop/);
  const looks = Number(await page.$eval('#ph-method', (p) => p.dataset.looks));
  const train = Number(note.match(/then the (\d+) training photos/)[1]);
  assert.equal(looks, 12 + 3 * train);
  // Six augmented variants of the photo, at the base's 224.
  assert.equal(await page.locator('#ph-variants canvas').count(), 6);
  await page.click('#ph-start');
  await page.waitForSelector('#ph-extract-again', { timeout: 120_000 });
  assert.equal(Number(await page.$eval('#ph-extract-again', (p) => p.dataset.again)), train);
  await page.waitForSelector('body[data-train="done"]', { timeout: 300_000 });
  // Every look the page announced was made.
  const bar = await page.$eval('#ph-extract progress', (p) => [p.value, p.max]);
  assert.deepEqual(bar, [looks, looks]);
  assert.match(await page.textContent('#ph-extract .readout'), new RegExp(`looked at ${looks} of ${looks}`));
  // The pace this browser showed now prices the next run.
  await page.waitForFunction(() => !/a 2-core laptop/.test(document.querySelector('#ph-method').textContent));
  mkdirSync(SHOTS, { recursive: true });
  await page.locator('#ph-extract').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}transfer-method-2.png`, fullPage: false });
  assert.deepEqual(errors, []);
  await page.close();
});
