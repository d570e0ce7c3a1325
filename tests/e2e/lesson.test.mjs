// The X/O lesson in a real headless Chromium, against the built site (dist/).
// Every wait is on a condition in the page; nothing sleeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage } from '../support/browser.mjs';
import { useSite } from '../support/site.mjs';

const site = useSite();

/** Open a lesson URL and wait until the app says it is interactive. */
async function open(query = '') {
  const p = await newPage(site.browser, { recordRequests: true });
  await p.page.goto(`${site.url}/${query}`);
  await p.page.waitForSelector('body[data-ready="true"]');
  return p;
}

const cursor = (page) => page.$eval('.app', (el) => Number(el.dataset.cursor));
const waitCursor = (page, n) =>
  page.waitForFunction((n) => document.querySelector('.app')?.dataset.cursor === String(n), n);
const cellText = (page, grid, r, c) =>
  page.$eval(`#${grid} td[data-r="${r}"][data-c="${c}"]`, (td) => td.textContent.trim());
const windowCells = (page, grid) =>
  page.$$eval(`#${grid} td.win`, (tds) => tds.map((td) => `${td.dataset.r},${td.dataset.c}`));

test('the lesson loads on the input stage with the X', async () => {
  const { page, errors } = await open();
  assert.equal(await page.$eval('.app', (el) => el.dataset.stage), 'input');
  assert.equal(await page.$$eval('#input-grid td', (tds) => tds.length), 81);
  assert.equal(await cellText(page, 'input-grid', 0, 0), '-1');
  assert.equal(await cellText(page, 'input-grid', 1, 1), '1');
  // Stage links are real links a screen reader's link list can reach.
  const hrefs = await page.$$eval('a.stage-link[data-stage]', (as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, [
    '?stage=input', '?stage=convolution', '?stage=relu', '?stage=pooling',
    '?stage=flatten', '?stage=vote', '?stage=weighted-sum', '?stage=padding',
    '?stage=global-pooling', '?stage=pointwise', '?stage=separable', '?stage=batch-norm',
    '?stage=residual',
  ]);
  // The shared header: the product in the tab's title, every section linked.
  await page.waitForFunction(() => document.title === 'The X/O lesson · CNN School');
  assert.deepEqual(await page.$$eval('nav.sections a', (as) => as.map((a) => a.getAttribute('href'))),
    ['?', '?view=playground', '?view=train', '?view=photos', '?view=architectures']);
  assert.equal(await page.$eval('nav.sections a[aria-current="page"]', (a) => a.getAttribute('href')), '?');
  assert.deepEqual(errors, []);
  await page.close();
});

test('stepping forward and back moves the window and fills the right cell', async () => {
  const { page, errors } = await open('?stage=convolution&filter=0&row=0&col=0&phase=products');
  const start = await cursor(page);
  // The first window covers rows 0-2, cols 0-2 of the 9x9.
  assert.deepEqual(await windowCells(page, 'conv-input'), [
    '0,0', '0,1', '0,2', '1,0', '1,1', '1,2', '2,0', '2,1', '2,2',
  ]);
  assert.equal(await cellText(page, 'conv-output', 0, 0), '', 'not filled before its result step');
  // Two steps: the sum, then the mean fills the cell with 7/9 shown as 0.77.
  await page.click('#btn-forward');
  await waitCursor(page, start + 1);
  assert.match(await page.textContent('#calc-sum'), /= 7$/);
  await page.keyboard.press('ArrowRight');
  await waitCursor(page, start + 2);
  assert.equal(await cellText(page, 'conv-output', 0, 0), '0.77');
  assert.equal(
    await page.$eval('#conv-output td[data-r="0"][data-c="0"]', (td) => td.dataset.exact),
    '7/9',
  );
  assert.match(await page.textContent('#calc-result'), /7 ÷ 9 = 7\/9 ≈ 0\.77/);
  // Next cell: the window moves one column right; a clicker's PageDown steps too.
  await page.keyboard.press('PageDown');
  await waitCursor(page, start + 3);
  assert.deepEqual(await windowCells(page, 'conv-input'), [
    '0,1', '0,2', '0,3', '1,1', '1,2', '1,3', '2,1', '2,2', '2,3',
  ]);
  assert.ok(new URL(page.url()).search.includes('row=0&col=1&phase=products'), page.url());
  // Back (PageUp) returns to the filled first cell; Left goes before it was filled.
  await page.keyboard.press('PageUp');
  await waitCursor(page, start + 2);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await waitCursor(page, start);
  assert.equal(await cellText(page, 'conv-output', 0, 0), '');
  assert.deepEqual(errors, []);
  await page.close();
});

test('clicking an output cell jumps to the step that computes it', async () => {
  const { page } = await open('?stage=convolution');
  // The stage opens complete: the right-diagonal map has all 49 values.
  const filled = await page.$$eval('#conv-output td', (tds) => tds.filter((td) => td.textContent.trim()).length);
  assert.equal(filled, 49);
  await page.click('#conv-output td[data-r="3"][data-c="4"]');
  await page.waitForFunction(() => location.search.includes('row=3&col=4&phase=products'));
  assert.deepEqual(await windowCells(page, 'conv-input'), [
    '3,4', '3,5', '3,6', '4,4', '4,5', '4,6', '5,4', '5,5', '5,6',
  ]);
  await page.close();
});

test('deep links open the named stage with its values in place', async () => {
  const { page, errors } = await open('?stage=pooling&level=1&filter=0&row=3&col=3');
  assert.equal(await page.$eval('.app', (el) => el.dataset.stage), 'pooling');
  // Slides: the left-diagonal 4x4 pooled map; its corner window holds only 0.77.
  assert.equal(await cellText(page, 'pool-output', 3, 3), '0.77');
  assert.equal(await cellText(page, 'pool-output', 0, 0), '1.00');
  assert.deepEqual(await windowCells(page, 'pool-input'), []);
  assert.equal(await page.$$eval('#pool-input td.pick', (t) => t.length), 1);
  await page.close();

  const vote = await open('?stage=vote');
  assert.equal(await vote.page.textContent('#prob-x .bar-value'), '94%');
  await vote.page.click('text=Run the O through the network');
  await vote.page.waitForFunction(() => document.querySelector('#prob-o .bar-value')?.textContent === '77%');
  assert.match(vote.page.url(), /image=o/);
  await vote.page.close();
  assert.deepEqual(errors, []);
});

test('an invalid link lands on the lesson start with a note', async () => {
  for (const q of ['?stage=nonsense', '?stage=convolution&filter=7&row=0&col=0', '?stage=relu&row=99&col=0&filter=0']) {
    const { page, errors } = await open(q);
    assert.equal(await page.$eval('.app', (el) => el.dataset.stage), 'input', q);
    assert.equal(await cursor(page), 0, q);
    const note = await page.textContent('#url-note');
    assert.match(note, /starts from the beginning/, q);
    assert.deepEqual(errors, [], q);
    await page.close();
  }
});

test('stage links move without a reload and the back button returns', async () => {
  const { page } = await open();
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.click('a[data-stage="relu"]');
  await page.waitForFunction(() => document.querySelector('.app')?.dataset.stage === 'relu');
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload');
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('.app')?.dataset.stage === 'input');
  await page.close();
});

test('space plays and pauses; Home and End jump', async () => {
  const { page } = await open();
  await page.keyboard.press('End');
  await page.waitForFunction(() => document.querySelector('.app')?.dataset.stage === 'residual');
  await page.keyboard.press('Home');
  await waitCursor(page, 0);
  await page.selectOption('#speed', { index: 5 });
  // A still cell fades to its colour; at a step a frame the fades would
  // never finish and cost frames, so the playing lesson has none.
  const fade = () => page.$eval('#stage-input td, table.grid td', (td) => getComputedStyle(td).transitionDuration);
  assert.notEqual(await fade(), '0s');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => Number(document.querySelector('.app')?.dataset.cursor) >= 5);
  assert.equal(await page.$eval('.app', (a) => a.classList.contains('brisk')), true);
  assert.match(await fade(), /^0s(, 0s)?$/);
  await page.keyboard.press('Space');
  const paused = await cursor(page);
  await page.waitForFunction(() => document.querySelector('#btn-play')?.getAttribute('aria-pressed') === 'false');
  assert.equal(await page.$eval('.app', (a) => a.classList.contains('brisk')), false);
  // Paused: the cursor stays put across ten animation frames (at full speed
  // a playing lesson moves one step per frame).
  const settled = await cursor(page);
  assert.ok(settled - paused <= 1);
  await page.evaluate(() => new Promise((resolve) => {
    let frames = 0;
    const tick = () => (++frames >= 10 ? resolve() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }));
  assert.equal(await cursor(page), settled);
  await page.close();
});

test('playing at full speed, the address follows at most twice a second; pausing writes the step', async () => {
  // Each history.replaceState is work for the browser outside the page: at a
  // step a frame it dropped one frame in ten on a 2-core machine.
  const { page } = await open();
  await page.evaluate(() => {
    window.__urlWrites = [];
    const replace = history.replaceState.bind(history);
    history.replaceState = (...args) => {
      window.__urlWrites.push(performance.now());
      return replace(...args);
    };
  });
  await page.selectOption('#speed', { index: 5 });
  const start = await cursor(page);
  const t0 = await page.evaluate(() => performance.now());
  await page.keyboard.press('Space');
  await page.waitForFunction((n) => Number(document.querySelector('.app')?.dataset.cursor) >= n, start + 60);
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('#btn-play')?.getAttribute('aria-pressed') === 'false');
  const { writes, elapsed } = await page.evaluate((t0) => ({ writes: window.__urlWrites.length, elapsed: performance.now() - t0 }), t0);
  const steps = (await cursor(page)) - start;
  assert.ok(steps >= 60, `${steps} steps played`);
  assert.ok(writes <= Math.ceil(elapsed / 500) + 2, `${writes} address writes in ${Math.round(elapsed)} ms for ${steps} steps`);
  // The address names the step it stopped on: opening it lands there.
  const stoppedAt = await cursor(page);
  const url = await page.evaluate(() => location.href);
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await cursor(page), stoppedAt, url);
  await page.close();
});

test('flipping a pixel recomputes every later stage, and the link keeps it', async () => {
  const { page, errors } = await open();
  // Flip the centre of the X from +1 to -1.
  await page.click('#input-grid td[data-r="4"][data-c="4"]');
  await page.waitForFunction(() => document.querySelector('#input-grid td[data-r="4"][data-c="4"]')?.textContent.trim() === '-1');
  const image = new URL(page.url()).searchParams.get('image');
  assert.ok(image && image.length === 21, page.url());
  // The left-diagonal map's centre cell (3,3) was 5/9 = 0.55; the centre
  // product turns from 1x1 to 1x-1, so the sum drops by 2: 3/9 = 0.33.
  await page.click('a[data-stage="convolution"]');
  await page.waitForSelector('#conv-output');
  await page.click('a.tab >> text=Left diagonal');
  await page.waitForFunction(() => /filter=0/.test(location.search));
  const link = `${site.url}/?stage=convolution&filter=0&row=6&col=6&phase=result&image=${image}`;
  const again = await newPage(site.browser, {});
  await again.page.goto(link);
  await again.page.waitForSelector('body[data-ready="true"]');
  assert.equal(await cellText(again.page, 'conv-output', 3, 3), '0.33');
  assert.equal(await cellText(again.page, 'conv-input', 4, 4), '-1');
  await again.page.close();
  const plain = await open('?stage=convolution&filter=0&row=6&col=6&phase=result');
  assert.equal(await cellText(plain.page, 'conv-output', 3, 3), '0.55');
  await plain.page.close();
  assert.deepEqual(errors, []);
  await page.close();
});

test('the sum/mean toggle changes the first cell from 0.77 to 7', async () => {
  const { page } = await open('?stage=convolution&filter=0&row=0&col=0&phase=result');
  assert.equal(await cellText(page, 'conv-output', 0, 0), '0.77');
  await page.click('text=Sum (frameworks)');
  await page.waitForFunction(() => document.querySelector('#conv-output td[data-r="0"][data-c="0"]')?.textContent.trim() === '7');
  assert.match(page.url(), /reduce=sum/);
  await page.close();
});

test('the weighted-sum example gives -8 and padding shows its formula', async () => {
  const { page } = await open('?stage=weighted-sum&row=1&col=1&phase=result');
  assert.match(await page.textContent('#calc-result'), /Weighted sum = -8/);
  await page.close();
  const pad = await open('?stage=padding&stride=2');
  assert.match(await pad.page.textContent('#padding-formula'), /\(3 − 3 \+ 2×1\) ÷ 2 \+ 1 = 2/);
  assert.equal(await pad.page.$$eval('#padding-output td', (t) => t.length), 4);
  await pad.page.click('text=No padding');
  await pad.page.waitForFunction(() => /= 1$/.test(document.querySelector('#padding-formula')?.textContent ?? ''));
  await pad.page.close();
});

test('a panic shows the error banner with a reload button', async () => {
  const { page } = await open();
  await page.evaluate(() => { try { window.wasmBindings.debug_panic(); } catch (_) { /* the trap */ } });
  await page.waitForSelector('#panic-banner[role="alert"] button');
  assert.match(await page.textContent('#panic-banner'), /Reload/);
  await page.close();
});

test('the page requests nothing outside its own origin', async () => {
  const p = await open('?stage=vote');
  await p.page.click('a[data-stage="padding"]');
  await p.page.waitForSelector('#padding-formula');
  const origin = new URL(site.url).origin;
  assert.ok(p.requests.length >= 3, `saw ${p.requests.length} requests`);
  for (const r of p.requests) {
    assert.ok(r.startsWith(origin) || r.startsWith('data:'), `request left the origin: ${r}`);
  }
  await p.page.close();
});

test('nothing moves while a cell is computed step by step', async () => {
  const { page } = await open('?stage=convolution&filter=0&row=2&col=2&phase=products');
  const boxes = () => page.$$eval('#stage-convolution table.grid, #calc-result', (els) =>
    els.map((e) => { const r = e.getBoundingClientRect(); return [e.id, r.x, r.y, r.width, r.height].join(' '); }));
  const before = await boxes();
  const first = await cursor(page);
  for (let i = 1; i <= 4; i++) {
    await page.keyboard.press('ArrowRight');
    await waitCursor(page, first + i);
    assert.deepEqual(await boxes(), before, `after ${i} steps`);
  }
  await page.close();
});

test('the scrubber seeks anywhere in the lesson', async () => {
  const { page } = await open();
  await page.fill('#scrub', '442');
  await page.waitForFunction(() => document.querySelector('.app')?.dataset.stage === 'relu');
  assert.equal(await cursor(page), 442);
  assert.match(page.url(), /stage=relu&filter=0&row=0&col=0/);
  await page.close();
});

test('prefers-reduced-motion turns the animations off', async () => {
  const p = await newPage(site.browser, { reducedMotion: 'reduce' });
  await p.page.goto(`${site.url}/?stage=flatten&index=3`);
  await p.page.waitForSelector('body[data-ready="true"]');
  const styles = await p.page.$eval('#flatten-vector td.cur', (td) => {
    const s = getComputedStyle(td);
    return [s.animationName, s.transitionDuration];
  });
  assert.deepEqual(styles, ['none', '0s']);
  await p.page.close();
  const moving = await open('?stage=flatten&index=3');
  assert.equal(await moving.page.$eval('#flatten-vector td.cur', (td) => getComputedStyle(td).animationName), 'arrive');
  await moving.page.close();
});
