// A classroom with no network: after one visit the service worker (static/sw.js)
// has kept the whole build, and with the network gone, and the server too, the
// lesson steps, the X/O net trains and the photos page opens. The site can be
// installed (its manifest), and a new build replaces the old one whole, once
// no page of the old one is open. Every wait is on a condition in the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../support/server.mjs';
import { chromium } from 'playwright-core';
import { CHROMIUM, FLAGS, newPage } from '../support/browser.mjs';
import { useSite, DIST } from '../support/site.mjs';
import { openPhotos } from '../support/photos.mjs';

const site = useSite();
const PRECACHE = fileURLToPath(new URL('../../scripts/precache.mjs', import.meta.url));

/** The build's files and version, as the build hook wrote them into sw.js. */
function build(dir = DIST) {
  const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
  const json = sw.match(/\/\* precache: begin \*\/([\s\S]*?)\/\* precache: end \*\//)?.[1];
  assert.ok(json, 'sw.js carries the build list');
  const { version, files } = JSON.parse(json);
  return { version, files: Object.keys(files), cache: `cnn-school-${version}` };
}

/**
 * Waits until a service worker controls the page, then checks that its cache
 * holds every file of `b` (a worker controls pages only once it is installed,
 * which is once every file is kept).
 */
async function kept(page, b) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const missing = await page.evaluate(async ({ cache, files }) => {
    const have = new Set((await (await caches.open(cache)).keys()).map((r) => r.url));
    return files.filter((f) => !have.has(new URL(f, location.origin + '/').href));
  }, b);
  assert.deepEqual(missing, [], `cache ${b.cache} lacks files`);
}

const text = (page, path) => page.evaluate(async (p) => (await fetch(p)).text(), path);

test('the build hook lists every file of the build with its hash', () => {
  const b = build();
  for (const f of ['index.html', 'boot.js', 'web.js', 'web_bg.wasm', 'trainer_loader.js', 'trainer.js', 'trainer_bg.wasm',
    'style.css', 'manifest.webmanifest', 'icons/icon-192.png', 'icons/icon-512.png', 'icons/icon.svg',
    'datasets/mnist-digits-5k/digits-5k-images-idx3-ubyte.gz', 'datasets/mnist-digits-5k/digits-5k-labels-idx1-ubyte.gz',
    'samples/cat.jpg', 'samples/brick.jpg']) {
    assert.ok(b.files.includes(f), `${f} is kept for offline use`);
  }
  assert.ok(!b.files.includes('sw.js'), 'the service worker is not in its own list');
  assert.match(b.version, /^[0-9a-f]{16}$/);
  // Running the hook again on the same build changes nothing.
  const copy = mkdtempSync(join(tmpdir(), 'cnn-school-build-'));
  try {
    cpSync(DIST, copy, { recursive: true });
    execFileSync('node', [PRECACHE, copy], { stdio: 'pipe' });
    assert.equal(readFileSync(join(copy, 'sw.js'), 'utf8'), readFileSync(join(DIST, 'sw.js'), 'utf8'));
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

test('after one visit the lesson, the trainer and the photos page work with no network', async (t) => {
  // A server of this test's own, so that it can be stopped too.
  let server = await startServer({ root: DIST });
  t.after(() => server?.close());
  const { page, context, errors, requests } = await newPage(site.browser);
  const failed = [];
  page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  const url = server.url;
  await page.goto(`${url}/`);
  await page.waitForSelector('body[data-ready="true"]');
  const b = build();
  await kept(page, b);

  await context.setOffline(true);
  await server.close();
  server = null;
  const seen = requests.length;
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');

  // The lesson: two steps fill the first cell of the convolution with 7/9.
  await page.goto(`${url}/?stage=convolution&filter=0&row=0&col=0&phase=products`);
  await page.waitForSelector('body[data-ready="true"]');
  const cursor = () => page.$eval('.app', (el) => Number(el.dataset.cursor));
  const start = await cursor();
  await page.click('#btn-forward');
  await page.waitForFunction((n) => document.querySelector('.app')?.dataset.cursor === String(n), start + 1);
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((n) => document.querySelector('.app')?.dataset.cursor === String(n), start + 2);
  assert.equal(await page.$eval('#conv-output td[data-r="0"][data-c="0"]', (td) => td.textContent.trim()), '0.77');

  // The trainer: its worker starts from the cache and trains the X/O net.
  await page.goto(`${url}/?view=train&model=xo-tiny&data=xo`);
  await page.waitForSelector('body[data-train="idle"]');
  await page.click('#tr-start');
  await page.waitForSelector('body[data-train="done"]', { timeout: 120_000 });
  const acc = Number(await page.getAttribute('body', 'data-val-accuracy'));
  assert.ok(acc >= 0.98, `validation accuracy ${acc}`);
  // The digits and the sample photos are there for the worker and the playground.
  for (const f of b.files.filter((f) => f.startsWith('datasets/') || f.startsWith('samples/'))) {
    const size = await page.evaluate(async (p) => (await (await fetch(p)).arrayBuffer()).byteLength, f);
    assert.equal(size, statSync(join(DIST, f)).size, f);
  }

  // The photos page.
  await openPhotos(page, url);
  assert.equal(await page.getAttribute('body', 'data-classes'), '2');

  assert.ok(requests.length > seen, 'the pages asked for their files offline');
  const origin = new URL(url).origin;
  for (const r of requests) {
    if (r.startsWith('data:') || r.startsWith('blob:')) continue;
    assert.equal(new URL(r).origin, origin, `request left the origin: ${r}`);
  }
  assert.deepEqual(failed, [], 'every request was answered offline');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the site can be installed: its manifest, icons and service worker', async (t) => {
  // Chromium installs nothing from an incognito context (which newContext
  // makes): a profile of this test's own.
  const profile = mkdtempSync(join(tmpdir(), 'cnn-school-install-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
  t.after(async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${site.url}/`);
  await page.waitForSelector('body[data-ready="true"]');
  await kept(page, build());
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, []);
  const manifest = JSON.parse(await text(page, 'manifest.webmanifest'));
  assert.equal(manifest.start_url, './');
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.theme_color, '#0b5cad');
  for (const icon of manifest.icons) {
    const size = await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    }, icon.src);
    if (icon.sizes !== 'any') assert.equal(size.join('x'), icon.sizes, icon.src);
  }
  assert.deepEqual(errors, []);
});

test('a new build replaces the old one whole, once no page of the old one is open', async (t) => {
  // The old build: a copy of dist/ on a server of its own.
  const dir = mkdtempSync(join(tmpdir(), 'cnn-school-update-'));
  cpSync(DIST, dir, { recursive: true });
  const server = await startServer({ root: dir });
  t.after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const { page: first, context, errors } = await newPage(site.browser);
  await first.goto(`${server.url}/`);
  await first.waitForSelector('body[data-ready="true"]');
  const old = build(dir);
  await kept(first, old);

  // A new build: one file changes, the hook runs again.
  appendFileSync(join(dir, 'style.css'), '\n:root { --build: new; }\n');
  execFileSync('node', [PRECACHE, dir], { stdio: 'pipe' });
  const neu = build(dir);
  assert.notEqual(neu.version, old.version);
  const build2 = (page) => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--build').trim());

  // A second page: the old build still serves it, and the new one installs and waits.
  const second = await context.newPage();
  await second.goto(`${server.url}/?view=playground`);
  await second.waitForSelector('body[data-ready="true"]');
  await second.evaluate(async () => {
    window.registration = await navigator.serviceWorker.getRegistration();
  });
  await second.waitForFunction(() => window.registration.waiting?.state === 'installed');
  assert.equal(await build2(second), '');
  // Reloaded while the second page is open, the first keeps the old build, whole.
  await first.reload();
  await first.waitForSelector('body[data-ready="true"]');
  assert.equal(await build2(first), '');
  assert.doesNotMatch(await text(first, 'style.css'), /--build/);
  assert.deepEqual((await first.evaluate(() => caches.keys())).sort(), [old.cache, neu.cache].sort());

  // With the second page closed, the next load takes the new build (boot.js
  // loads the page again) and drops the old one.
  await second.close();
  await first.reload();
  await first.waitForFunction(
    () => document.body.dataset.ready === 'true' && getComputedStyle(document.documentElement).getPropertyValue('--build').trim() === 'new',
  );
  assert.match(await text(first, 'style.css'), /--build: new/);
  assert.deepEqual(await first.evaluate(() => caches.keys()), [neu.cache]);
  await kept(first, neu);
  assert.deepEqual(errors, []);
  await first.close();
});
