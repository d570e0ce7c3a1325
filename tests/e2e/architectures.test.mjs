// The Architectures page in headless Chromium: every classic network opens
// from its own link with Keras's totals computed in the page, blocks fold
// and open, the chart links to each network, the header links here from
// every page, a bad link says so, and both languages read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage } from '../support/browser.mjs';
import { useSite } from '../support/site.mjs';

const site = useSite();

async function open(query) {
  const p = await newPage(site.browser);
  await p.page.goto(`${site.url}/${query}`);
  await p.page.waitForSelector('body[data-ready="true"][data-model]');
  return p;
}

// Keras's model.summary() totals of the networks the slides summarise
// (seed 000: VGG16(), InceptionV3(), …, with include_top as the slides use
// it), and the slides' own Keras code.
const TOTALS = {
  vgg16: '138,357,544',
  'vgg16-base': '14,714,688',
  vgg19: '143,667,240',
  inceptionv3: '23,851,784',
  inceptionresnetv2: '55,873,736',
  xception: '22,910,480',
  resnet50: '25,636,712',
  resnet101: '44,707,176',
  resnet152: '60,419,944',
  densenet121: '8,062,504',
  densenet169: '14,307,880',
  densenet201: '20,242,984',
  'inception-module': '403,424',
  'inception-module-reduced': '122,064',
  'cats-dogs': '4,288,577',
  'mnist-cnn': '1,199,882',
  alexnet: '62,378,344',
  'lenet-000': '155,606',
  'lenet-003': '107,786',
};

test('every network opens from its own link with its totals in view', async () => {
  const { page, errors } = await open('?view=architectures&model=resnet50');
  for (const [id, total] of Object.entries(TOTALS)) {
    await page.goto(`${site.url}/?view=architectures&model=${id}`);
    await page.waitForSelector(`body[data-model="${id}"]`);
    const shown = await page.textContent('.arch-totals dd');
    assert.equal(shown, total, id);
    const box = await page.locator('.arch-totals').boundingBox();
    assert.ok(box && box.y + box.height <= 800, `${id}: totals in the first screen`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('choosing a network keeps the page and the link; blocks fold and open', async () => {
  const { page, errors } = await open('?view=architectures&model=vgg16');
  await page.click('a.arch-link[data-model="resnet50"]');
  await page.waitForSelector('body[data-model="resnet50"]');
  await page.waitForFunction(() => location.search.includes('model=resnet50'));
  // Folded: one row per block; opening conv2_block1 shows its Keras rows.
  assert.equal(await page.locator('tr.arch-layer').count(), 0);
  const block = page.locator('tr.arch-block[data-block="conv2_block1"] button');
  await block.click();
  await page.waitForSelector('tr.arch-layer');
  const names = await page.$$eval('tr.arch-layer td:first-child', (tds) => tds.map((t) => t.textContent));
  assert.ok(names.includes('conv2_block1_0_conv (Conv2D)'), names.join());
  assert.ok(names.includes('conv2_block1_add (Add)'), names.join());
  const connected = await page.$$eval('tr.arch-layer .arch-connected', (tds) => tds.map((t) => t.textContent));
  assert.ok(connected.includes('conv2_block1_0_bn[0][0] conv2_block1_3_bn[0][0]'), connected.join('|'));
  assert.equal(await block.getAttribute('aria-expanded'), 'true');
  await page.click('.arch-fold-all');
  await page.waitForFunction(() => document.querySelectorAll('tr.arch-layer').length > 170);
  // Keras's printout of the whole model.
  await page.click('.arch-printout summary');
  const text = await page.textContent('.arch-printout pre');
  assert.match(text, /Total params: 25,636,712/);
  assert.match(text, /Non-trainable params: 53,120/);
  // The chart links to every network Keras measured.
  assert.equal(await page.locator('.arch-dot').count(), 11);
  await page.click('.arch-dot[data-model="densenet121"]');
  await page.waitForSelector('body[data-model="densenet121"]');
  assert.equal(await page.textContent('.arch-totals dd'), '8,062,504');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the header links here from every page; a bad link names itself', async () => {
  for (const q of ['?', '?view=playground', '?view=train', '?view=photos']) {
    const p = await newPage(site.browser);
    await p.page.goto(`${site.url}/${q}`);
    await p.page.waitForSelector('header.top a[data-section="architectures"]');
    await p.page.close();
  }
  const { page } = await open('?view=architectures&model=resnet9000');
  assert.equal(await page.getAttribute('body', 'data-model'), 'lenet-000');
  assert.match(await page.textContent('.note[role="status"]'), /resnet9000/);
  await page.close();
});

test('in 繁體中文 the slides\' own words', async () => {
  const { page } = await open('?view=architectures&model=resnet152');
  await page.click('button[data-lang="zh-TW"]');
  await page.waitForFunction(() => document.querySelector('.arch-idea').textContent.includes('短路'));
  assert.match(await page.textContent('.arch-facts'), /計算量龐大/);
  assert.match(await page.textContent('.arch-totals'), /不可訓練參數/);
  await page.click('button[data-lang="en"]');
  await page.close();
});

test('an experiment trains two networks side by side: shortcuts against plain sigmoid', async () => {
  const { page, errors } = await open('?view=architectures&experiment=plain-vs-residual');
  // The twenty sigmoid layers train with smaller steps than the others.
  assert.match(await page.textContent('.lab-settings'), /learning rate of 0\.001, 16 digits a batch, for one epoch/);
  assert.ok(!(await page.evaluate(() => performance.getEntriesByType('resource').some((r) => r.name.includes('trainer')))),
    'the worker starts only when an experiment runs');
  await page.click('#lab-run');
  await page.waitForSelector('body[data-lab="running"]', { timeout: 120_000 });
  // Pause holds the steps; resume goes on.
  await page.waitForFunction(() => Number(document.body.dataset.labSteps) >= 3, null, { timeout: 120_000 });
  await page.click('#lab-pause');
  await page.waitForSelector('body[data-lab="paused"]');
  await page.click('#lab-pause');
  await page.waitForSelector('body[data-lab="done"]', { timeout: 300_000 });
  const val = await page.$$eval('.lab-val', (dds) => dds.map((d) => parseFloat(d.textContent)));
  assert.equal(val.length, 2);
  assert.ok(val[1] > val[0] + 30, `shortcuts learn, plain stays near chance: ${val}`);
  // The gradient view: one bar per weighted layer (stem, 20, dense), and
  // the plain network's first layer gets a far smaller gradient.
  const grads = await page.$$eval('.lab-net', (nets) =>
    nets.map((n) => [...n.querySelectorAll('.lab-grad')].map((g) => Number(g.textContent))));
  assert.equal(grads[0].length, 22);
  assert.equal(grads[1].length, 22);
  assert.ok(grads[0][0] * 1000 < grads[1][0], `first layer: plain ${grads[0][0]}, residual ${grads[1][0]}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('an experiment stops when asked, and another can start', async () => {
  const { page, errors } = await open('?view=architectures&experiment=sigmoid-vs-relu');
  await page.click('#lab-run');
  await page.waitForFunction(() => Number(document.body.dataset.labSteps) >= 2, null, { timeout: 120_000 });
  await page.click('#lab-stop');
  await page.waitForSelector('body[data-lab="stopped"]');
  await page.click('a.lab-link[data-experiment="standard-vs-separable"]');
  await page.waitForFunction(() => location.search.includes('experiment=standard-vs-separable'));
  await page.click('#lab-run');
  await page.waitForFunction(() => Number(document.body.dataset.labSteps) >= 1, null, { timeout: 120_000 });
  await page.click('#lab-stop');
  await page.waitForSelector('body[data-lab="stopped"]');
  assert.deepEqual(errors, []);
  await page.close();
});

test('every experiment names its two networks and their parameters; a pooling experiment runs to the end', async () => {
  const { page, errors } = await open('?view=architectures');
  const ids = await page.$$eval('a.lab-link', (as) => as.map((a) => a.dataset.experiment));
  assert.equal(ids.length, 9);
  for (const id of ids) {
    await page.click(`a.lab-link[data-experiment="${id}"]`);
    await page.waitForFunction((id) => location.search.includes(`experiment=${id}`), id);
    const nets = await page.$$eval('.lab-net', (ns) => ns.map((n) => [n.querySelector('h4').textContent, n.querySelector('.arch-note').textContent]));
    assert.equal(nets.length, 2, id);
    assert.notEqual(nets[0][0], nets[1][0], `${id}: two different networks`);
    for (const [, params] of nets) assert.match(params, /^[\d,]+ parameters$/, id);
  }
  await page.click('a.lab-link[data-experiment="max-vs-average-pooling"]');
  await page.click('#lab-run');
  await page.waitForSelector('body[data-lab="done"]', { timeout: 300_000 });
  const val = await page.$$eval('.lab-val', (dds) => dds.map((d) => parseFloat(d.textContent)));
  assert.ok(val.every((v) => v > 70), `both learn the digits: ${val}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('after training, the global-average-pooling network shows where it looks', async () => {
  const { page, errors } = await open('?view=architectures&experiment=flatten-vs-gap');
  await page.click('#lab-run');
  await page.waitForSelector('body[data-lab="done"]', { timeout: 300_000 });
  // Class activation maps need global average pooling + dense: only the
  // right network has them, six validation digits each with its map.
  assert.equal(await page.locator('.lab-net-0 .lab-cam').count(), 0);
  assert.equal(await page.locator('.lab-net-1 .lab-cam').count(), 6);
  assert.equal(await page.locator('.lab-net-1 .lab-cam canvas').count(), 12);
  assert.match(await page.textContent('.lab-net-1 .lab-cams'), /occlusion map/);
  const sizes = await page.$$eval('.lab-net-1 .lab-cam canvas', (cs) => cs.map((c) => `${c.width}x${c.height}`));
  assert.ok(sizes.every((s) => s === '28x28'), sizes.join());
  assert.deepEqual(errors, []);
  await page.close();
});
