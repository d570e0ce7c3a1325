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
