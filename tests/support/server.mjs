// A tiny static file server for the built site (dist/), on 127.0.0.1 and an
// ephemeral port. No dependencies; only for tests and benchmarks.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.svg': 'image/svg+xml',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.ftl': 'text/plain; charset=utf-8',
};

/**
 * Serve `root` (and any `mounts`); resolves to `{ url, close }`. With
 * `isolated`, every response carries the headers that make a page
 * cross-origin isolated (COOP same-origin, COEP require-corp), so it may
 * share memory between threads (TensorFlow.js's wasm backend then uses
 * threads).
 */
export const ISOLATION_HEADERS = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
export async function startServer({ root, mounts = {}, isolated = false }) {
  const base = path.resolve(root);
  const server = http.createServer(async (req, res) => {
    try {
      let p = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
      if (p.endsWith('/')) p += 'index.html';
      // Benchmarks mount extra folders (e.g. `/tfjs/` → node_modules/@tensorflow).
      let dir = base;
      for (const [prefix, folder] of Object.entries(mounts)) {
        if (p.startsWith(prefix)) {
          dir = path.resolve(folder);
          p = '/' + p.slice(prefix.length);
        }
      }
      const file = path.resolve(dir, '.' + p);
      if (!file.startsWith(dir + path.sep)) throw new Error('outside root');
      const body = await fs.readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-cache',
        ...(isolated ? ISOLATION_HEADERS : {}),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      const body = 'not found\n';
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
