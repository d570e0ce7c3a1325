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

// Issue 10: on a 1024x768 projector the whole step is on screen: the
// thing being computed (the map filling in, the pooled map, the vector, the
// vote) and what it is computed from, with nothing to scroll to. Checked at
// a step in the middle of each stage, in both languages.
const STAGES = [
  ['input', '#input-grid'],
  ['convolution&filter=1&row=3&col=3&phase=result', '#conv-output'],
  ['relu&filter=1', '#relu-output'],
  ['pooling&filter=1', '#pool-output'],
  ['flatten', '#flatten-vector'],
  ['vote', '#vote-table'],
  ['weighted-sum', '.stage'],
  ['padding', '.stage'],
  ['global-pooling&filter=0&phase=result', '#gap-output'],
];

for (const locale of ['en-US', 'zh-TW']) {
  test(`every stage fits a 1024x768 projector (${locale})`, async () => {
    const { page, errors } = await newPage(site.browser, { viewport: { width: 1024, height: 768 }, locale });
    for (const [stage, output] of STAGES) {
      await page.goto(`${site.url}/?stage=${stage}&projector=1`);
      await page.waitForSelector('body[data-ready="true"]');
      await page.waitForSelector('.app.projector');
      const boxes = await page.evaluate((output) => {
        const box = (el) => {
          const r = el.getBoundingClientRect();
          return { top: r.top, left: r.left, bottom: r.bottom, right: r.right };
        };
        // The transport bar is fixed at the bottom: what it covers is not seen.
        const bar = document.querySelector('footer.bottom');
        return {
          stage: box(document.querySelector('section.stage')),
          output: box(document.querySelector(output)),
          scrollWidth: document.documentElement.scrollWidth,
          width: window.innerWidth,
          height: bar ? bar.getBoundingClientRect().top : window.innerHeight,
        };
      }, output);
      for (const [name, b] of [['the stage', boxes.stage], [output, boxes.output]]) {
        assert.ok(
          b.top >= 0 && b.left >= 0 && b.bottom <= boxes.height && b.right <= boxes.width,
          `${stage}: ${name} at ${JSON.stringify(b)} is not inside ${boxes.width}x${boxes.height} (the screen above the transport bar)`,
        );
      }
      assert.ok(boxes.scrollWidth <= boxes.width, `${stage}: the page scrolls sideways (${boxes.scrollWidth} px)`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
}
