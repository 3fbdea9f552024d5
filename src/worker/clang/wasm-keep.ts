/**
 * clang's unpacked wasm, kept in Cache Storage between visits: a second
 * visit neither downloads nor unpacks it, and can warm the compiler in the
 * background (clang-tools.ts's warmClang) without asking the network. V8's
 * own code cache would also spare the compile, but in the Chromium we test
 * with it never stored a module, not even a page's plain
 * compileStreaming(fetch()) of an HTTP-cached .wasm run hot (no
 * v8.wasm.cachedModule event; its on-disk cache stayed empty), so nothing
 * here counts on it. The entries are keyed by the asset list's version; a
 * new version empties the cache first.
 */
import type { ClangAssetList } from './clang-assets';

const CACHE = 'clang-wasm';

const keyOf = (base: URL, version: string, name: string) =>
  new URL(`${name}?v=${encodeURIComponent(version)}`, base).href;

/** Cache Storage, where the worker has it (not on an opaque origin, nor over plain http elsewhere). */
async function open(): Promise<Cache | undefined> {
  try {
    return await globalThis.caches?.open(CACHE);
  } catch {
    return undefined;
  }
}

/** Every module of this version from the cache, or undefined if one is missing. */
export async function keptModules(
  base: URL,
  list: ClangAssetList,
): Promise<Map<string, Response> | undefined> {
  const cache = await open();
  if (!cache) return undefined;
  const out = new Map<string, Response>();
  for (const m of list.modules) {
    const hit = await cache.match(keyOf(base, list.version, m.name));
    if (!hit) return undefined;
    out.set(m.name, hit);
  }
  return out;
}

/** Whether any module is kept (of any version): asks nothing of the network and creates no cache. */
export async function anyKept(): Promise<boolean> {
  try {
    return !!(await globalThis.caches?.has(CACHE)) && (await (await open())!.keys()).length > 0;
  } catch {
    return false;
  }
}

/** Whether every module of this version is kept, without opening any. */
export async function modulesKept(base: URL, list: ClangAssetList): Promise<boolean> {
  const cache = await open();
  if (!cache) return false;
  const keys = new Set((await cache.keys()).map((r) => r.url));
  return list.modules.every((m) => keys.has(keyOf(base, list.version, m.name)));
}

/**
 * Keeps a module as it unpacks; returns the stream to compile from. A body
 * that errors (a failed xz check) is never stored. An older version's
 * entries go first.
 */
export function keepWhileCompiling(
  base: URL,
  list: ClangAssetList,
  name: string,
  body: ReadableStream<Uint8Array>,
): ReadableStream<Uint8Array> {
  const [toCompile, toKeep] = body.tee();
  void (async () => {
    const cache = await open();
    if (!cache) return void toKeep.cancel();
    const wanted = new Set(list.modules.map((m) => keyOf(base, list.version, m.name)));
    for (const req of await cache.keys()) if (!wanted.has(req.url)) await cache.delete(req);
    const headers = { 'content-type': 'application/wasm' };
    await cache.put(keyOf(base, list.version, name), new Response(toKeep, { headers }));
  })().catch(() => undefined); // a full disk costs the next visit its warm start, nothing more
  return toCompile;
}
