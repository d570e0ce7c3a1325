// Projector mode: large type, clicker keys, blank screen, pointer highlight,
// and a link that reopens it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage } from '../support/browser.mjs';
import { useSite } from '../support/site.mjs';

const site = useSite();

test('the projector button turns the mode on, into the URL, and back off', async () => {
  const { page, errors } = await newPage(site.browser, { viewport: { width: 1024, height: 768 } });
  await page.goto(`${site.url}/?stage=relu`);
  await page.waitForSelector('body[data-ready="true"]');
  const cellWidth = () => page.$eval('#relu-output td', (td) => td.getBoundingClientRect().width);
  const before = await cellWidth();
  await page.click('#btn-projector');
  await page.waitForSelector('.app.projector');
  assert.match(page.url(), /projector=1/);
  assert.ok((await cellWidth()) > before, 'cells grow in projector mode');
  await page.click('#btn-projector');
  await page.waitForFunction(() => !document.querySelector('.app.projector'));
  assert.doesNotMatch(page.url(), /projector=1/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a clicker drives a projected lesson: PageDown, PageUp, B blanks', async () => {
  const { page } = await newPage(site.browser, { viewport: { width: 1024, height: 768 } });
  await page.goto(`${site.url}/?stage=convolution&filter=0&row=0&col=0&phase=products&projector=1`);
  await page.waitForSelector('.app.projector');
  const at = () => page.$eval('.app', (el) => Number(el.dataset.cursor));
  const start = await at();
  await page.keyboard.press('PageDown');
  await page.waitForFunction((n) => document.querySelector('.app').dataset.cursor === String(n), start + 1);
  await page.keyboard.press('b');
  await page.waitForSelector('#blank-screen');
  await page.keyboard.press('PageUp');
  await page.waitForFunction((n) => document.querySelector('.app').dataset.cursor === String(n), start);
  assert.ok(await page.$('#blank-screen'), 'still blank while stepping');
  await page.keyboard.press('.');
  await page.waitForFunction(() => !document.querySelector('#blank-screen'));
  // The pointer highlight follows the mouse.
  await page.mouse.move(300, 200);
  await page.waitForFunction(() => document.documentElement.style.getPropertyValue('--px') === '300px');
  const spot = await page.$eval('.pointer-spot', (el) => el.getBoundingClientRect());
  assert.equal(Math.round(spot.x + spot.width / 2), 300);
  await page.close();
});
