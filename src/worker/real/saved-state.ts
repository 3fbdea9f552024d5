/**
 * A booted machine's state, kept gzip-compressed in Cache Storage for the
 * next visit. The key names the kernel, initramfs, memory, command line and
 * emulator build, so a new kernel never restores an old machine. (Not a
 * `kh-` cache: the service worker empties those it does not own.)
 */
import type { RealKernelManifest, RealStateFacts } from '../../shared/real-kernel-api';

const CACHE = 'real-kernel-state';

/** The state's key: everything a restore must match. */
export function stateKey(baseUrl: string, m: RealKernelManifest, emulator: string): string {
  const parts = [
    m.files.bzImage.sha256,
    m.files.initrd.sha256,
    String(m.memoryBytes),
    encodeURIComponent(m.cmdline),
    encodeURIComponent(emulator.replace(/^.*\//, '')),
  ];
  return new URL(`saved-state/${parts.join('/')}`, baseUrl).href;
}

async function gzip(bytes: ArrayBuffer, format: 'gzip'): Promise<Blob> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream(format));
  return new Response(stream).blob();
}

/** Keeps `state` under `key`, dropping states of other kernels. */
export async function keepState(key: string, state: ArrayBuffer): Promise<RealStateFacts> {
  const started = performance.now();
  const packed = await gzip(state, 'gzip');
  const cache = await caches.open(CACHE);
  for (const old of await cache.keys()) if (old.url !== key) await cache.delete(old);
  await cache.put(
    key,
    new Response(packed, { headers: { 'x-raw-bytes': String(state.byteLength) } }),
  );
  return {
    rawBytes: state.byteLength,
    storedBytes: packed.size,
    ms: Math.round(performance.now() - started),
  };
}

/** The state kept under `key`, decompressed; undefined when none is (or it cannot be read). */
export async function keptState(key: string): Promise<ArrayBuffer | undefined> {
  try {
    const hit = await (await caches.open(CACHE)).match(key);
    if (!hit?.body) return undefined;
    return await new Response(hit.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
  } catch {
    return undefined;
  }
}

export async function forgetStates(): Promise<void> {
  await caches.delete(CACHE);
}
