/* The playground's service worker: after one visit the site (page, JS,
 * wasm, demo kernel, lessons) works with the network gone.
 *
 * sw-precache.js is written by the build (vite.config.ts, offlinePrecache):
 * it sets self.KH_PRECACHE = { version, files }. A new build changes that
 * script, the browser installs this worker again, and the new cache
 * replaces the old one. Not registered under `vite` dev.
 */
/* global self, caches, importScripts, fetch, Request, URL */
importScripts('sw-precache.js');

const { version, files } = self.KH_PRECACHE;
const CACHE = `kh-${version}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        // cache: 'reload' so a stale HTTP cache never lands in the offline copy.
        cache.addAll(
          files.map((f) => new Request(new URL(f, self.registration.scope), { cache: 'reload' })),
        ),
      )
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith('kh-') && k !== CACHE).map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  if (req.mode === 'navigate') {
    // The page: the network when there is one (a new build shows at once), else the copy.
    event.respondWith(
      fetch(req).catch(() =>
        caches.match(new URL('./', self.registration.scope).href, { cacheName: CACHE }).then(
          (hit) =>
            hit ??
            caches.match(new URL('index.html', self.registration.scope).href, {
              cacheName: CACHE,
            }),
        ),
      ),
    );
    return;
  }
  if (/\/clang\/[^/]+$/.test(new URL(req.url).pathname)) {
    event.respondWith(clangAsset(req));
    return;
  }
  // Everything else was precached: the copy first, the network for what was not.
  event.respondWith(
    caches.match(req, { cacheName: CACHE, ignoreSearch: true }).then((hit) => hit ?? fetch(req)),
  );
});

/* clang's assets (public/clang/, ~23 MB, scripts/setup/clang-assets.mjs) are
 * not precached: they are kept in a cache of their own on first use. Its
 * list is asked of the network first; a new version empties that cache. */
const CLANG_CACHE = 'clang-assets';
async function clangAsset(req) {
  const cache = await caches.open(CLANG_CACHE);
  if (req.url.endsWith('/clang-assets.json')) {
    const res = await fetch(req).catch(() => null);
    if (!res?.ok) return (await cache.match(req)) ?? res ?? Response.error();
    const old = await cache.match(req);
    const oldVersion = old ? (await old.json()).version : null;
    if (oldVersion !== (await res.clone().json()).version) {
      for (const k of await cache.keys()) await cache.delete(k);
    }
    await cache.put(req, res.clone());
    return res;
  }
  // ignoreVary: the server's Vary: Accept-Encoding must not hide the copy from import().
  const hit = await cache.match(req, { ignoreSearch: true, ignoreVary: true });
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok) cache.put(req, res.clone());
  return res;
}
