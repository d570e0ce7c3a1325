// Helpers for the photos page: open it, make photos in the page (shapes on
// canvases, encoded by the browser) and hand them to a class's file input,
// and wait for imports and training.

/** Opens `?view=photos` (plus `query`) and waits until what was kept is read back. */
export async function openPhotos(page, url, query = '') {
  await page.goto(`${url}/?view=photos${query}`);
  await page.waitForSelector('#ph-classes');
  await page.waitForSelector('body[data-ready="true"]');
}

/**
 * Makes `count` photos of `kind` ('circle' or 'square': a dark shape on a
 * light background, placed and coloured by a seeded generator) of `w × h`
 * pixels, and gives them to class `index`'s file input as one selection.
 */
export async function addShapes(page, index, kind, count, { w = 160, h = 120, type = 'image/png', seed = 1, prefix = kind } = {}) {
  await page.evaluate(
    async ({ index, kind, count, w, h, type, seed, prefix }) => {
      let s = seed >>> 0;
      const rnd = () => {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        return s / 2 ** 32;
      };
      const dt = new DataTransfer();
      for (let i = 0; i < count; i++) {
        const c = new OffscreenCanvas(w, h);
        const g = c.getContext('2d');
        g.fillStyle = `hsl(${Math.floor(rnd() * 360)} 40% 85%)`;
        g.fillRect(0, 0, w, h);
        g.fillStyle = `hsl(${Math.floor(rnd() * 360)} 70% 25%)`;
        const r = Math.min(w, h) * (0.25 + rnd() * 0.1);
        const cx = w / 2 + (rnd() - 0.5) * w * 0.2;
        const cy = h / 2 + (rnd() - 0.5) * h * 0.2;
        if (kind === 'circle') {
          g.beginPath();
          g.arc(cx, cy, r, 0, Math.PI * 2);
          g.fill();
        } else {
          g.fillRect(cx - r, cy - r, 2 * r, 2 * r);
        }
        const blob = await c.convertToBlob({ type, quality: 0.9 });
        const ext = type === 'image/png' ? 'png' : 'jpg';
        dt.items.add(new File([blob], `${prefix}-${i}.${ext}`, { type }));
      }
      const input = document.querySelectorAll('input[data-class-input]')[index];
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { index, kind, count, w, h, type, seed, prefix },
  );
}

/** Waits until an import has finished and `photos` photos are in the project. */
export async function importDone(page, photos, timeout = 120_000) {
  await page.waitForFunction(
    (n) => document.body.dataset.import === 'done' && Number(document.body.dataset.photos) === n,
    photos,
    { timeout },
  );
}

/** Sets a class's name as a learner types it. */
export async function renameClass(page, index, name) {
  const input = page.locator('input.class-name').nth(index);
  await input.fill(name);
  await input.press('Tab');
}

/**
 * A new photo for a test: a dark disc on a light background, 200x150 PNG,
 * as `setInputFiles` takes it.
 */
export async function circlePhoto(page, name = 'new-circle.png') {
  const bytes = await page.evaluate(async () => {
    const c = new OffscreenCanvas(200, 150);
    const g = c.getContext('2d');
    g.fillStyle = '#dde';
    g.fillRect(0, 0, 200, 150);
    g.fillStyle = '#223';
    g.beginPath();
    g.arc(100, 75, 45, 0, Math.PI * 2);
    g.fill();
    const b = await c.convertToBlob({ type: 'image/png' });
    return Array.from(new Uint8Array(await b.arrayBuffer()));
  });
  return { name, mimeType: 'image/png', buffer: Buffer.from(bytes) };
}
