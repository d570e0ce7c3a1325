// The built site (dist/) served on 127.0.0.1 and a headless Chromium, shared
// by the tests of one file: `const site = useSite();` at the top, then
// `site.url` and `site.browser` inside tests. Both are closed after the
// file's tests, also when one fails (closing the browser closes every page
// and context a test left open). Anything else a test opens (a browser of
// its own, a persistent profile) it closes in `t.after`, so that a failure
// never leaves a process that keeps `node --test` waiting.
import { before, after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';
import { launch } from './browser.mjs';

export const DIST = process.env.DIST ?? fileURLToPath(new URL('../../dist/', import.meta.url));

export function useSite() {
  const site = { url: '', browser: null, server: null };
  before(async () => {
    site.server = await startServer({ root: DIST });
    site.url = site.server.url;
    site.browser = await launch();
  });
  after(async () => {
    try {
      await site.browser?.close();
    } finally {
      await site.server?.close();
    }
  });
  return site;
}
