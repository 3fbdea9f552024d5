/* The playground's service worker: after one visit the site (page, JS,
 * wasm, demo kernel, lessons) reloads with the network gone or the server
 * down.
 *
 * sw-precache.js is written by the build (vite.config.ts, offlinePrecache):
 *   self.KH_PRECACHE = { files: [{ url, rev }], runtime: [prefix, …] }
 * `rev` is a hash of the file's bytes. Two caches:
 *   kh-precache  every listed file, keyed by URL and revision: a new build
 *                fetches only the files whose bytes changed (the ~4 MB
 *                archive stays), and drops the entries it no longer lists;
 *   kh-runtime   files under a `runtime` prefix, too big to fetch before
 *                they are needed: cached on first use, kept across builds,
 *                and then served offline too;
 *   clang-assets clang's ~23 MB (below): cached on first use, emptied when
 *                its own list names a new version.
 * A changed sw-precache.js makes the browser install this worker again.
 * Not registered under `vite` dev.
 */
/* global self, caches, importScripts, fetch, Request, URL */
importScripts('sw-precache.js');

const { files, runtime = [] } = self.KH_PRECACHE;
const PRECACHE = 'kh-precache';
const RUNTIME = 'kh-runtime';
const scope = self.registration.scope;

/** The cache key of a listed file: its URL with the revision as a query. */
const keyOf = (f) => `${new URL(f.url, scope).href}?kh-rev=${f.rev}`;
/** Listed files by URL (no query). */
const listed = new Map(files.map((f) => [new URL(f.url, scope).href, keyOf(f)]));
const bare = (url) => url.split(/[?#]/)[0];
// vite preview answers with `Vary: Origin`; a module script's request has an Origin, addAll's not.
const MATCH = { ignoreVary: true };

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(PRECACHE);
      await Promise.all(
        files.map(async (f) => {
          const key = keyOf(f);
          if (await cache.match(key, MATCH)) return; // Same bytes as a build before.
          // cache: 'reload' so a stale HTTP cache never lands in the offline copy.
          const res = await fetch(new Request(new URL(f.url, scope), { cache: 'reload' }));
          if (!res.ok) throw new Error(`${f.url}: HTTP ${res.status}`);
          await cache.put(key, res);
        }),
      );
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set(listed.values());
      const cache = await caches.open(PRECACHE);
      for (const req of await cache.keys()) if (!keep.has(req.url)) await cache.delete(req);
      // Caches of the worker's first form (one per build, `kh-<version>`).
      for (const name of await caches.keys())
        if (name.startsWith('kh-') && name !== PRECACHE && name !== RUNTIME)
          await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

/** The page for a navigation: the network when there is one (a new build shows at once), else the copy. */
async function page(req) {
  try {
    return await fetch(req);
  } catch (err) {
    const key = listed.get(scope) ?? listed.get(new URL('index.html', scope).href);
    const hit = key && (await caches.match(key, { cacheName: PRECACHE, ...MATCH }));
    if (hit) return hit;
    throw err;
  }
}

/** A file fetched only when first needed: the copy if there is one, else the network, kept. */
async function onFirstUse(req) {
  const cache = await caches.open(RUNTIME);
  const hit = await cache.match(bare(req.url), MATCH);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok && res.status === 200) await cache.put(bare(req.url), res.clone());
  return res;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  if (req.mode === 'navigate') return event.respondWith(page(req));
  const key = listed.get(bare(req.url));
  if (key)
    return event.respondWith(
      caches.match(key, { cacheName: PRECACHE, ...MATCH }).then((hit) => hit ?? fetch(req)),
    );
  if (/\/clang\/[^/]+$/.test(new URL(req.url).pathname)) return event.respondWith(clangAsset(req));
  if (/\/real-kernel\/[^/]+$/.test(new URL(req.url).pathname))
    return event.respondWith(realKernelFile(req));
  const path = bare(req.url).slice(scope.length);
  if (runtime.some((prefix) => path.startsWith(prefix))) event.respondWith(onFirstUse(req));
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

/* The real kernel's images (public/real-kernel/, made by setup: bzImage,
 * initrd, BIOS, manifest.json): kept in a cache of their own on first use.
 * The manifest is asked of the network first; one naming other files (a new
 * kernel) empties that cache, so old images never boot beside a new list. */
const REAL_CACHE = 'real-kernel-files';
async function realKernelFile(req) {
  const cache = await caches.open(REAL_CACHE);
  const key = bare(req.url);
  if (key.endsWith('/manifest.json')) {
    const res = await fetch(req).catch(() => null);
    if (!res?.ok) return (await cache.match(key, MATCH)) ?? res ?? Response.error();
    const old = await cache.match(key, MATCH);
    const files = async (r) => JSON.stringify((await r.clone().json()).files ?? null);
    if (old && (await files(old)) !== (await files(res)))
      for (const k of await cache.keys()) await cache.delete(k);
    await cache.put(key, res.clone());
    return res;
  }
  const hit = await cache.match(key, MATCH);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok && res.status === 200) await cache.put(key, res.clone());
  return res;
}
