// The playground in headless Chromium: pictures, kernels, geometry, the
// output-size formula, hover windows, bad input, links that reproduce a view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage } from '../support/browser.mjs';
import { useSite } from '../support/site.mjs';

const site = useSite();

async function open(query = '?view=playground', maps = 'drawn') {
  const p = await newPage(site.browser);
  await p.page.goto(`${site.url}/${query}`);
  await p.page.waitForSelector(`body[data-maps="${maps}"]`);
  return p;
}

/** A 24-bit BMP, `w`×`h`, black on the left half and white on the right. */
function edgeBmp(w, h) {
  const row = Math.ceil((w * 3) / 4) * 4;
  const buf = Buffer.alloc(54 + row * h);
  buf.write('BM', 0);
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(54, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(w, 18);
  buf.writeInt32LE(h, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(24, 28);
  buf.writeUInt32LE(row * h, 34);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = x >= w / 2 ? 255 : 0;
      buf.fill(v, 54 + y * row + x * 3, 54 + y * row + x * 3 + 3);
    }
  }
  return buf;
}

const mapSize = (page, i) => page.$eval(`#map-${i}`, (c) => [c.height, c.width]);
const formula = (page) => page.textContent('#pg-formula');

test('the default view convolves the cat with Sobel x and y', async () => {
  const { page, errors, requests } = await open();
  assert.deepEqual(await mapSize(page, 0), [213, 320]);
  assert.deepEqual(await mapSize(page, 1), [213, 320]);
  assert.match(await formula(page), /⌊\(213 − 3 \+ 2\) ÷ 1⌋ \+ 1 = 213/);
  // The map has real content: not one flat colour.
  const colours = await page.$eval('#map-0', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    return new Set(Array.from({ length: 500 }, (_, i) => d[i * 400])).size;
  });
  assert.ok(colours > 5, `only ${colours} distinct values`);
  const origin = new URL(site.url).origin;
  assert.ok(requests.every((r) => r.startsWith(origin)), requests.join('\n'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('padding, stride, dilation and pooling change the sizes, worked out', async () => {
  const { page } = await open('?view=playground&src=x&k=xo-left&padding=valid');
  // The slides' numbers: (9 - 3 + 0) / 1 + 1 = 7.
  assert.deepEqual(await mapSize(page, 0), [7, 7]);
  await page.selectOption('#pg-stride', { label: '2' });
  await page.waitForFunction(() => document.querySelector('#map-0')?.width === 4);
  assert.match(await formula(page), /⌊\(9 − 3 \+ 0\) ÷ 2⌋ \+ 1 = 4/);
  await page.selectOption('#pg-stride', { label: '1' });
  await page.selectOption('#pg-dilation', { label: '2' });
  // A dilated 3x3 kernel spans 5: (9 - 5) / 1 + 1 = 5.
  await page.waitForFunction(() => document.querySelector('#map-0')?.width === 5);
  await page.selectOption('#pg-dilation', { label: '1' });
  await page.selectOption('#pg-pool', { label: 'Max 2×2, stride 2' });
  await page.waitForFunction(() => document.querySelector('#map-0')?.width === 3);
  assert.match(await formula(page), /7×7 → 3×3/);
  assert.match(page.url(), /pool=max-2-2/);
  await page.close();
});

test('a kernel larger than the padded input says so, and padding fixes it', async () => {
  const { page } = await open('?view=playground&src=x&k=gaussian-blur&padding=valid&dilation=3', 'none');
  await page.waitForSelector('#pg-error');
  assert.match(await page.textContent('#pg-error'), /spans 13×13 .* only 9×9, so there is no output/);
  await page.selectOption('#pg-padding', { label: '3 on each side' });
  await page.waitForSelector('#map-0');
  assert.deepEqual(await mapSize(page, 0), [3, 3]);
  await page.close();
});

test('hovering or focusing a map shows the input window and the value', async () => {
  const { page } = await open('?view=playground&src=x&k=xo-left&padding=valid&reduce=mean');
  const box = await page.$eval('#map-0', (c) => {
    c.scrollIntoView({ block: 'center' });
    return c.getBoundingClientRect().toJSON();
  });
  // Cell (0, 0) of the 7x7 map: value 7/9 from input rows 0-2, cols 0-2.
  await page.mouse.move(box.x + 2, box.y + 2);
  await page.waitForSelector('#pg-window');
  assert.match(await page.textContent('#pg-readout'), /row 0, column 0: 0\.778, from input rows 0 to 2, columns 0 to 2/);
  // Keyboard: focus the map and move right with the arrow key.
  await page.focus('#map-0');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => /row 0, column 1:/.test(document.querySelector('#pg-readout').textContent));
  assert.match(await page.textContent('#pg-readout'), /-0\.111, from input rows 0 to 2, columns 1 to 3/);
  await page.close();
});

test('kernels can be edited, added and removed; a bad weight is refused', async () => {
  const { page } = await open('?view=playground&src=x&k=identity&padding=valid');
  await page.click('#pg-add-kernel');
  await page.waitForSelector('#map-1');
  assert.match(page.url(), /k=identity,laplacian/);
  // Change the identity's centre weight to 2: a custom kernel in the URL.
  const centre = '#kernel-0 input.weight >> nth=4';
  await page.fill(centre, '2');
  await page.press(centre, 'Tab');
  await page.waitForFunction(() => /k=c3:0_0_0_0_2_0_0_0_0,laplacian/.test(location.search));
  await page.fill(centre, 'abc');
  await page.press(centre, 'Tab');
  await page.waitForSelector('#kernel-0 [role="alert"]');
  assert.match(page.url(), /k=c3:0_0_0_0_2_/, 'the last valid kernel stays');
  await page.selectOption('#kernel-0-size', { label: '5×5' });
  await page.waitForFunction(() => document.querySelectorAll('#kernel-0 input.weight').length === 25);
  await page.click('#kernel-1 >> text=Remove');
  await page.waitForFunction(() => !document.querySelector('#map-1'));
  await page.close();
});

test('an uploaded photo is used; a file that is not a picture is refused', async () => {
  const { page, requests } = await open('?view=playground&k=sobel-x&padding=valid');
  await page.setInputFiles('#pg-file', { name: 'edge.bmp', mimeType: 'image/bmp', buffer: edgeBmp(12, 8) });
  await page.waitForFunction(() => document.querySelector('#map-0')?.width === 10);
  assert.match(page.url(), /src=own/, 'the photo itself never goes in the URL');
  // Sobel x sees the vertical edge down the middle: strongest in the middle columns.
  const middle = await page.$eval('#map-0', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const at = (x) => d[(3 * c.width + x) * 4]; // red channel, row 3
    return [at(0), at(4), at(9)];
  });
  assert.ok(middle[1] > middle[0] && middle[1] > middle[2], `edge response ${middle}`);
  await page.setInputFiles('#pg-file', { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a picture at all') });
  await page.waitForSelector('#pg-load-error');
  assert.match(await page.textContent('#pg-load-error'), /“notes\.jpg” could not be read as a picture/);
  assert.equal(await page.$eval('#map-0', (c) => c.width), 10, 'the picture already there stays');
  const origin = new URL(site.url).origin;
  assert.ok(requests.every((r) => r.startsWith(origin) || r.startsWith('blob:')), requests.join('\n'));
  await page.close();
});

test('a prepared link reproduces the view; a bad one says what it ignored', async () => {
  const q = '?view=playground&src=brick&colour=rgb&k=emboss,xo-x&padding=2&stride=2&dilation=1&reduce=mean&relu=1&pool=avg-3-2';
  const { page } = await open(q);
  assert.equal(await page.$eval('#pg-padding', (s) => s.selectedOptions[0].textContent), '2 on each side');
  assert.equal(await page.$eval('#pg-pool', (s) => s.selectedOptions[0].textContent), 'Average 3×3, stride 2');
  assert.equal(await page.$eval('#pg-relu', (b) => b.getAttribute('aria-pressed')), 'true');
  assert.match(await page.textContent('figcaption'), /^3 × /);
  assert.equal(new URL(page.url()).search, q);
  await page.close();
  const bad = await open('?view=playground&src=moon&stride=9');
  assert.match(await bad.page.textContent('#url-note'), /src, stride/);
  await bad.page.close();
});

test('drawing on the pad feeds the maps', async () => {
  const { page } = await open('?view=playground&src=x&k=identity&padding=valid');
  await page.click('button:has-text("Draw")');
  await page.waitForSelector('#pg-draw');
  await page.waitForFunction(() => document.querySelector('#map-0')?.width === 62);
  const pad = await page.$eval('#pg-draw', (c) => {
    c.scrollIntoView({ block: 'center' });
    return c.getBoundingClientRect().toJSON();
  });
  await page.mouse.move(pad.x + 20, pad.y + 96);
  await page.mouse.down();
  await page.mouse.move(pad.x + 170, pad.y + 96, { steps: 12 });
  await page.mouse.up();
  // The identity kernel copies the stroke: some map pixels are now ink.
  await page.waitForFunction(() => {
    const c = document.querySelector('#map-0');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    return new Set(Array.from({ length: d.length / 4 }, (_, i) => d[i * 4])).size > 1;
  });
  await page.close();
});

test('step mode replays a region cell by cell with the lesson\'s numbers', async () => {
  // The X with the slides' left filter, mean reduction: the map's first cell
  // is 7/9, shown as 0.77 (slide "卷積運算", the first 7x7 map).
  const { page, errors } = await open('?view=playground&src=x&k=xo-left&padding=valid&reduce=mean');
  await page.click('#pg-step-toggle');
  await page.waitForSelector('#pg-step');
  // Opened at the middle of the 7x7 map; the 4x4 region that fits starts at (3, 3).
  await page.waitForFunction(() => location.search.includes('step=1-3-3'));
  assert.match(await page.textContent('#pg-step .hint'), /row 4, column 4/);
  // Clicking the map's top-left cell moves the region there.
  const box = await page.$eval('#map-0', (c) => {
    const r = c.getBoundingClientRect();
    return { x: r.left + r.width / 14, y: r.top + r.height / 14 };
  });
  await page.mouse.click(box.x, box.y);
  await page.waitForFunction(() => location.search.includes('step=1-0-0'));
  const cell = '#step-output td[data-r="0"][data-c="0"]';
  await page.waitForSelector('#step-counter');
  assert.equal(await page.textContent('#step-counter'), 'Step 1 of 48');
  assert.equal(await page.textContent(cell), '', 'not computed yet');
  // Products: nine of them, the window marked on the source.
  assert.equal(await page.$$eval('#step-products td.filled', (tds) => tds.length), 9);
  assert.equal(await page.$$eval('#step-source td.win, #step-source td.pick', (tds) => tds.length), 9);
  await page.click('#step-forward');
  await page.waitForFunction(() => !document.querySelector('#calc-sum').classList.contains('hidden'));
  assert.match(await page.textContent('#calc-sum'), /= 7$/);
  await page.click('#step-forward');
  await page.waitForFunction((sel) => document.querySelector(sel).textContent === '0.77', cell);
  assert.equal(await page.$eval(cell, (td) => td.dataset.exact), '7/9');
  // A clicker's PageDown steps on to the next cell.
  await page.keyboard.press('PageDown');
  await page.waitForFunction(() => document.querySelector('#step-counter').textContent === 'Step 4 of 48');
  // The output grid's cells jump there; the second cell of row 1 is -1/9.
  await page.click('#step-output td[data-r="0"][data-c="1"]');
  await page.click('#step-end');
  assert.equal(await page.$eval('#step-output td[data-r="0"][data-c="1"]', (td) => td.dataset.exact), '-1/9');
  // Turning it off leaves the URL without it.
  await page.click('#pg-step-toggle');
  await page.waitForFunction(() => !document.querySelector('#pg-step') && !location.search.includes('step='));
  assert.deepEqual(errors, []);
  await page.close();
});

test('step mode says when a window is too wide to show', async () => {
  const { page } = await open('?view=playground&k=c7:' + Array(49).fill(1).join('_') + '&dilation=3&step=1-0-0');
  await page.waitForSelector('#pg-step-error');
  assert.match(await page.textContent('#pg-step-error'), /19 pixels wide.*smaller kernel or less dilation/);
  await page.close();
});

test('projector mode in the playground: bigger maps, in the link, B blanks', async () => {
  const { page, errors } = await open();
  const width = () => page.$eval('#map-0', (c) => c.getBoundingClientRect().width);
  const before = await width();
  await page.click('#btn-projector');
  await page.waitForSelector('.app.playground.projector');
  await page.waitForFunction(() => location.search.includes('projector=1'));
  assert.ok((await width()) > before, 'maps grow in projector mode');
  await page.keyboard.press('b');
  await page.waitForSelector('#blank-screen');
  await page.keyboard.press('b');
  await page.waitForFunction(() => !document.querySelector('#blank-screen'));
  await page.mouse.move(300, 200);
  assert.ok(await page.$('.pointer-spot'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('on a phone in portrait, the playground fits the width and works by touch', async () => {
  const { page, errors } = await newPage(site.browser, {
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
  });
  await page.goto(`${site.url}/?view=playground`);
  await page.waitForSelector('body[data-maps="drawn"]');
  const overflow = () =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok((await overflow()) <= 0, `the page scrolls sideways by ${await overflow()}px`);
  const mapWidth = await page.$eval('#map-0', (c) => c.getBoundingClientRect().width);
  assert.ok(mapWidth > 300, `maps use the width (${mapWidth}px)`);
  // Tap the X, then a map cell to step through it.
  await page.tap('button:text-is("The X")');
  await page.waitForFunction(() => location.search.includes('src=x'));
  await page.tap('#pg-step-toggle');
  await page.waitForSelector('#pg-step');
  await page.tap('#step-forward');
  await page.waitForFunction(() => document.querySelector('#step-counter').textContent.startsWith('Step 2'));
  assert.ok((await overflow()) <= 0, `with step mode open the page scrolls sideways by ${await overflow()}px`);
  assert.deepEqual(errors, []);
  await page.close();
});
