// Smoke test of the built site (dist/) and of the test server itself: the
// page becomes interactive without errors and loads nothing from elsewhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../support/server.mjs';
import { launch, newPage } from '../support/browser.mjs';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

let server;
let browser;

before(async () => {
  assert.ok(fs.existsSync(`${DIST}/index.html`), 'no dist/index.html: run `trunk build --release` first');
  server = await startServer({ root: DIST });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the page becomes interactive with no errors and no outside requests', async () => {
  const { page, requests, errors } = await newPage(browser, { recordRequests: true });
  await page.goto(`${server.url}/`);
  await page.waitForSelector('[data-ready="true"]');
  assert.deepEqual(errors, [], 'console errors or uncaught exceptions');
  const origin = new URL(server.url).origin;
  assert.ok(requests.length > 0);
  for (const url of requests) {
    if (url.startsWith('data:') || url.startsWith('blob:')) continue;
    assert.equal(new URL(url).origin, origin, `request left the origin: ${url}`);
  }
  await page.close();
});

test('the server answers 404 for a missing file and serves wasm as application/wasm', async () => {
  const missing = await fetch(`${server.url}/does-not-exist.js`);
  assert.equal(missing.status, 404);
  await missing.arrayBuffer();

  const wasm = fs.readdirSync(DIST).find((f) => f.endsWith('.wasm'));
  assert.ok(wasm, 'dist/ has a .wasm module');
  const res = await fetch(`${server.url}/${wasm}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/wasm');
  const body = new Uint8Array(await res.arrayBuffer());
  assert.equal(Number(res.headers.get('content-length')), body.length);
  assert.equal(body.length, fs.statSync(`${DIST}/${wasm}`).size);
});
