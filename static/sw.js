// The service worker: after one visit the site works with no network, and a
// new build replaces the old one whole.
//
// Every file of one build is kept in one cache named after that build. The
// build's hook (scripts/precache.mjs, Trunk.toml) writes the list of files and
// each file's SHA-256 between the two markers below, and derives the version
// from them, so any change to any file changes this script, and the browser
// installs it as a new version:
//
// - install: fetch every file of the list, past the HTTP cache, and keep it
//   only if its hash is the one listed (a server half-way through an upload
//   cannot give a mix of two builds); one file missing or different and the
//   install fails, and the old version stays.
// - the new version then waits until no page of the old one is open (or, from
//   boot.js, until the only page asks for it before its app starts), so a
//   running page never gets files of two builds.
// - activate: delete every other version's cache, and take over open pages.
// - fetch: a file of the build comes from the cache; a page of the app
//   (`./`, `./index.html`, any query) is the build's index.html. Anything
//   else goes to the network as usual. Nothing here talks to another origin.

const BUILD = /* precache: begin */ { version: 'unbuilt', files: {} } /* precache: end */;

const PREFIX = 'cnn-school-';
const CACHE = PREFIX + BUILD.version;
const SCOPE = new URL(self.registration.scope);
const INDEX = new URL('index.html', SCOPE).href;

const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

async function keep(cache, path, sha256) {
  const url = new URL(path, SCOPE).href;
  const res = await fetch(url, { cache: 'no-store' });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  const body = await res.arrayBuffer();
  const got = hex(await crypto.subtle.digest('SHA-256', body));
  if (got !== sha256) throw new Error(`${path} is not the file of build ${BUILD.version}`);
  const headers = new Headers();
  const type = res.headers.get('content-type');
  if (type) headers.set('content-type', type);
  await cache.put(url, new Response(body, { status: 200, headers }));
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const kept = new Set((await cache.keys()).map((r) => r.url));
      const todo = Object.entries(BUILD.files).filter(([path]) => !kept.has(new URL(path, SCOPE).href));
      await Promise.all(todo.map(([path, sha256]) => keep(cache, path, sha256)));
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      try {
        for (const key of await caches.keys()) {
          if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
        }
      } finally {
        await self.clients.claim();
      }
    })(),
  );
});

// boot.js, before it starts the app of an old version while this one waits:
// take over if that page is the only one open, and say whether it did.
self.addEventListener('message', (event) => {
  if (event.data !== 'take-over-if-alone' || !event.ports[0]) return;
  event.waitUntil(
    (async () => {
      const pages = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const alone = pages.length <= 1;
      if (alone) await self.skipWaiting();
      event.ports[0].postMessage(alone);
    })(),
  );
});

function cacheKey(request) {
  if (request.method !== 'GET') return null;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin) return null;
  if (request.mode === 'navigate' && (url.pathname === SCOPE.pathname || url.href.split(/[?#]/)[0] === INDEX)) {
    return INDEX;
  }
  url.hash = '';
  return url.href;
}

self.addEventListener('fetch', (event) => {
  const key = cacheKey(event.request);
  if (!key) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      return (await cache.match(key)) ?? fetch(event.request);
    })(),
  );
});
