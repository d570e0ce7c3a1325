// Screenshots for looking at the site by eye: `node tests/support/shots.mjs OUTDIR`.
// Not a test; it waits on the same page conditions the tests do.
import { startServer } from './server.mjs';
import { launch, newPage } from './browser.mjs';
import { DIST } from './site.mjs';
import { addShapes, importDone, renameClass } from './photos.mjs';

const out = process.argv[2] ?? '/tmp/shots';
const server = await startServer({ root: DIST });
const browser = await launch();
const shot = async (name, query, { viewport, wait = 'body[data-ready="true"]', act, locale, element } = {}) => {
  const { page } = await newPage(browser, { viewport, locale, hasTouch: !!viewport && viewport.width < 500, isMobile: !!viewport && viewport.width < 500 });
  await page.goto(`${server.url}/${query}`);
  await page.waitForSelector(wait, { timeout: 120_000 });
  if (act) await act(page);
  if (element) await page.locator(element).screenshot({ path: `${out}/${name}.png` });
  else await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  await page.close();
};
const only = process.argv[3];
const want = (n) => !only || n.includes(only);
if (want('arch')) {
  const arch = (model) => `?view=architectures&model=${model}`;
  const wait = 'body[data-model]';
  const openBlock = async (p) => { await p.click('tr.arch-block[data-block="conv2_block1"] button'); };
  await shot('arch-resnet50', arch('resnet50'), { wait, act: openBlock });
  await shot('arch-inception-zh', arch('inceptionv3'), { wait, locale: 'zh-TW', act: async (p) => { await p.click('button[data-lang="zh-TW"]'); await p.click('tr.arch-block[data-block="mixed0"] button'); } });
  await shot('arch-module', arch('inception-module-reduced'), { wait });
  await shot('arch-experiment', '?view=architectures&experiment=plain-vs-residual', {
    wait,
    act: async (p) => {
      await p.click('#lab-run');
      await p.waitForFunction(() => Number(document.body.dataset.labSteps) >= 30, null, { timeout: 300_000 });
      await p.locator('#lab-title').scrollIntoViewIfNeeded();
    },
    element: '.lab',
  });
  await shot('arch-cam', '?view=architectures&experiment=flatten-vs-gap', {
    wait,
    act: async (p) => {
      await p.click('#lab-run');
      await p.waitForSelector('body[data-lab="done"]', { timeout: 300_000 });
    },
    element: '.lab-nets',
  });
  await shot('arch-projector', `${arch('densenet121')}&projector=1`, { wait, viewport: { width: 1024, height: 768 } });
  await shot('arch-phone', arch('xception'), { wait, viewport: { width: 390, height: 844 } });
}
if (want('step')) await shot('playground-step', '?view=playground&src=x&k=xo-left&padding=valid&reduce=mean&step=1-0-0', {
  act: async (p) => { await p.click('#step-forward'); await p.click('#step-forward'); await p.click('#step-forward'); },
});
if (want('projector')) await shot('playground-projector', '?view=playground&projector=1&k=sobel-x,sobel-y,laplacian', { viewport: { width: 1024, height: 768 }, wait: 'body[data-maps="drawn"]' });
if (want('phone')) await shot('playground-phone', '?view=playground&src=x&k=xo-left&padding=valid&step=1-0-0', { viewport: { width: 390, height: 844 }, wait: 'body[data-maps="drawn"]' });
if (want('train')) {
  await shot('trainer-lenet-mid', '?view=train&model=lenet5&data=digits&epochs=3', {
    wait: 'body[data-train="idle"]',
    act: async (p) => { await p.click('#tr-start'); await p.waitForSelector('body[data-epochs="1"]', { timeout: 120_000 }); },
  });
  await shot('trainer-xo-done', '?view=train', {
    wait: 'body[data-train="idle"]',
    act: async (p) => { await p.click('#tr-start'); await p.waitForSelector('#tr-confusion', { timeout: 120_000 }); },
  });
  await shot('trainer-zh', '?view=train&model=mnist-cnn', { wait: 'body[data-train="idle"]', locale: 'zh-TW' });
}
if (want('trphone')) await shot('trainer-phone', '?view=train', { viewport: { width: 390, height: 844 }, wait: 'body[data-train="idle"]',
  act: async (p) => { await p.tap('#tr-start'); await p.waitForSelector('#tr-confusion', { timeout: 120_000 }); } });
if (want('trproj')) await shot('trainer-projector', '?view=train&projector=1', { viewport: { width: 1024, height: 768 }, wait: 'body[data-train="idle"]',
  act: async (p) => { await p.click('#tr-start'); await p.waitForSelector('#tr-confusion', { timeout: 120_000 }); } });
if (want('trcell')) {
  // A trained X/O net's first-layer cell, step by step (the maps and the panel).
  const cell = (locale) => ({
    wait: 'body[data-train="idle"]',
    locale,
    element: '#tr-first-maps',
    act: async (p) => {
      await p.click('#tr-start');
      await p.waitForSelector('body[data-train="done"]', { timeout: 120_000 });
      await p.focus('#tr-pick-1');
      await p.keyboard.press('Enter');
      await p.waitForSelector('#tr-cell');
    },
  });
  await shot('trainer-cell', '?view=train&epochs=4', cell());
  await shot('trainer-cell-zh', '?view=train&epochs=4', cell('zh-TW'));
  await shot('trainer-cell-lenet', '?view=train&model=lenet5&data=digits&epochs=1', { ...cell(), act: async (p) => {
    await p.click('#tr-start');
    await p.waitForSelector('#tr-pick-0', { timeout: 120_000 });
    await p.focus('#tr-pick-0');
    await p.keyboard.press('Enter');
    await p.waitForSelector('#tr-cell');
  } });
}
if (want('blocks')) {
  // The editor with a residual block (and one whose shortcut does not fit).
  const layers = 'c16.3.same.linear~b~Arelu~R16.1.0~R32.2.1~g~D2.softmax';
  // A link with layers opens with the editor showing them.
  const edit = async (p) => { await p.waitForSelector('#tr-editor'); };
  await shot('editor-residual', `?view=train&model=xo-tiny&data=xo&layers=${layers}`, { wait: 'body[data-train="idle"]', act: edit });
  await shot('editor-residual-phone', `?view=train&model=xo-tiny&data=xo&layers=${layers}`, { viewport: { width: 390, height: 844 }, wait: 'body[data-train="idle"]', act: edit });
  await shot('editor-shortcut-zh', `?view=train&model=xo-tiny&data=xo&layers=R16.2.0~g~D2.softmax`, { locale: 'zh-TW', wait: 'body[data-train="idle"]', act: edit });
  await shot('trainer-residual-trained', `?view=train&model=xo-tiny&data=xo&epochs=4&layers=${layers}`, {
    wait: 'body[data-train="idle"]',
    act: async (p) => { await p.click('#tr-start'); await p.waitForSelector('#tr-confusion', { timeout: 300_000 }); },
  });
  await shot('editor-projector', `?view=train&model=xo-tiny&data=xo&projector=1&layers=${layers}`, { viewport: { width: 1024, height: 768 }, wait: 'body[data-train="idle"]', act: edit });
}
if (want('kept')) {
  // Camera-sized photos kept at 224 (299x224), the grid of thumbnails and
  // one photo as kept and as the pretrained network sees it.
  const kept = (viewport, locale) => ({
    viewport,
    locale,
    act: async (p) => {
      await p.waitForSelector('#ph-classes');
      if (locale) await p.click(`button[data-lang="${locale}"]`);
      await addShapes(p, 0, 'circle', 12, { w: 1600, h: 1200, type: 'image/jpeg', seed: 7 });
      await importDone(p, 12);
      await p.click('li.thumb[data-photo="3"] button.thumb-pick');
      await p.waitForSelector('canvas.picture.original[width="299"]');
      await p.locator('#ph-prepare-title').scrollIntoViewIfNeeded();
    },
  });
  await shot('photos-kept-desk', '?view=photos', kept({ width: 1024, height: 768 }));
  await shot('photos-kept-phone', '?view=photos', kept({ width: 390, height: 844 }, 'zh-TW'));
}
if (want('import-workers')) {
  // An import brought in by two workers: the progress line says so.
  const workers = (viewport, locale) => ({
    viewport,
    locale,
    act: async (p) => {
      await p.waitForSelector('#ph-classes');
      if (locale) await p.click(`button[data-lang="${locale}"]`);
      await p.selectOption('#ph-cores', '2');
      await addShapes(p, 0, 'circle', 3, { prefix: 'first' });
      await importDone(p, 3);
      await p.waitForSelector('body[data-peers="1"]');
      await addShapes(p, 1, 'square', 24, { w: 1600, h: 1200, type: 'image/jpeg', seed: 3 });
      await importDone(p, 27);
      await p.locator('#ph-import-workers').scrollIntoViewIfNeeded();
    },
  });
  await shot('photos-import-workers-desk', '?view=photos', workers({ width: 1024, height: 768 }));
  await shot('photos-import-workers-phone', '?view=photos', workers({ width: 390, height: 844 }, 'zh-TW'));
}
if (want('cam')) {
  // The mini ResNet trained on circles and squares, then a new square:
  // occlusion and class activation maps side by side.
  const cam = (viewport, locale) => ({
    viewport,
    locale,
    wait: 'body[data-ready="true"]',
    element: '.ph-result',
    act: async (p) => {
      await p.waitForSelector('#ph-classes');
      await renameClass(p, 0, 'circles');
      await renameClass(p, 1, 'squares');
      await addShapes(p, 0, 'circle', 24, { seed: 5 });
      await importDone(p, 24);
      await addShapes(p, 1, 'square', 24, { seed: 6 });
      await importDone(p, 48);
      await p.selectOption('#ph-model', 'resnet-mini');
      await p.selectOption('#ph-size', '32');
      await p.fill('#ph-epochs', '4');
      await p.press('#ph-epochs', 'Tab');
      await p.click('#ph-start');
      await p.waitForSelector('body[data-train="done"]', { timeout: 300_000 });
      const bytes = await p.evaluate(async () => {
        const c = new OffscreenCanvas(160, 120);
        const g = c.getContext('2d');
        g.fillStyle = '#eed';
        g.fillRect(0, 0, 160, 120);
        g.fillStyle = '#322';
        g.fillRect(20, 20, 50, 50);
        return Array.from(new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer()));
      });
      await p.setInputFiles('#ph-test-input', { name: 'square.png', mimeType: 'image/png', buffer: Buffer.from(bytes) });
      await p.waitForSelector('#ph-cam', { timeout: 60_000 });
      await p.locator('.ph-result').scrollIntoViewIfNeeded();
    },
  });
  await shot('photos-cam', '?view=photos', cam());
  await shot('photos-cam-phone', '?view=photos', cam({ width: 390, height: 844 }));
}
await browser.close();
await server.close();
