// Screenshots of the later operations' lesson stages, for looking at by eye:
// `node tests/support/lesson-shots.mjs OUTDIR [name-filter]`. Not a test; it
// waits on the same page conditions the tests do.
import { startServer } from './server.mjs';
import { launch, newPage } from './browser.mjs';
import { DIST } from './site.mjs';

const out = process.argv[2] ?? '/tmp/shots';
const only = process.argv[3];
const server = await startServer({ root: DIST });
const browser = await launch();
const VIEWPORTS = [
  ['1280', { width: 1280, height: 800 }],
  ['1024', { width: 1024, height: 768 }],
  ['phone', { width: 390, height: 844 }],
];
const STAGES = [
  ['gap', '?stage=global-pooling&filter=0&phase=result'],
  ['pointwise', '?stage=pointwise&map=0&row=0&col=0&phase=result'],
  ['depthwise', '?stage=separable&part=depthwise&map=2&row=0&col=0&phase=result'],
  ['sep-pointwise', '?stage=separable&part=pointwise&map=1&row=0&col=0&phase=result'],
  ['batch-norm', '?stage=batch-norm&channel=0&part=value&index=0'],
  ['residual', '?stage=residual&filter=0&row=1&col=1'],
];
for (const [stage, query] of STAGES) {
  for (const [vp, viewport] of VIEWPORTS) {
    for (const locale of ['en-US', 'zh-TW']) {
      const name = `lesson-${stage}-${vp}${locale === 'zh-TW' ? '-zh' : ''}`;
      if (only && !name.includes(only)) continue;
      const phone = viewport.width < 500;
      const { page } = await newPage(browser, { viewport, locale, hasTouch: phone, isMobile: phone });
      await page.goto(`${server.url}/${query}`);
      await page.waitForSelector('body[data-ready="true"]');
      await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
      await page.close();
    }
  }
}
await browser.close();
await server.close();
