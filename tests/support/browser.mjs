// Headless Chromium through playwright-core, using Debian's /usr/bin/chromium
// (never a downloaded browser).
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export const FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
  // Debian's launcher means to add this when /dev/shm is small (containers,
  // CI) but its check can misfire; /tmp is always big enough.
  '--disable-dev-shm-usage',
];

/**
 * `args` adds flags, e.g. Chromium's fake camera for the live tests;
 * `webgpu: false` leaves WebGPU off (Chromium on Linux offers it only with
 * `--enable-unsafe-webgpu`; headless it runs on SwiftShader, on the CPU).
 */
export function launch({ args = [], webgpu = true } = {}) {
  const flags = FLAGS.filter((f) => webgpu || f !== '--enable-unsafe-webgpu');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...flags, ...args] });
}

/**
 * A page in a fresh context, recording what it requests and every console
 * error and uncaught exception. `serviceWorkers: 'block'` keeps the site's
 * service worker out (the page then always loads from the server).
 */
export async function newPage(
  browser,
  { recordRequests = true, viewport = { width: 1280, height: 800 }, locale = 'en-US', reducedMotion, hasTouch, isMobile, serviceWorkers } = {},
) {
  const context = await browser.newContext({ viewport, locale, reducedMotion, hasTouch, isMobile, serviceWorkers });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  if (recordRequests) page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  const close = page.close.bind(page);
  page.close = async () => {
    await close();
    await context.close();
  };
  return { page, context, requests, errors };
}
