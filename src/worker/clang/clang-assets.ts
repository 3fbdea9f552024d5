/**
 * clang's wasm, fetched the honest way: setup puts @yowasp/clang's bundle and
 * its gzipped modules in the site's clang/ folder (scripts/setup/clang-assets.mjs),
 * never part of the first page load. Progress counts the bytes that really
 * cross the network; a failure says what could not be fetched and why.
 */
import type { DownloadProgress } from './clang-api';

export interface ClangAssetList {
  version: string;
  /** The wasm modules @yowasp/clang asks for, each stored as `<name>.gz`. */
  modules: { name: string; bytes: number; gzBytes: number }[];
}

export class ClangUnavailable extends Error {}

async function get(url: URL): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (err) {
    throw new ClangUnavailable(
      `clang: cannot download the compiler (${url.pathname.split('/').pop()}): the network is unreachable and it is not cached yet; it is fetched on first use and kept for offline use after that (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  if (!res.ok) {
    throw new ClangUnavailable(
      `clang: cannot download the compiler: ${url.href} answered HTTP ${res.status} ${res.statusText}`,
    );
  }
  return res;
}

export async function fetchAssetList(base: URL): Promise<ClangAssetList> {
  return (await (await get(new URL('clang-assets.json', base))).json()) as ClangAssetList;
}

/**
 * Every module's bytes, decompressed, fetched side by side. The .gz files
 * are served as plain bytes (any static host can), so what is counted is
 * what travels.
 */
export async function fetchModules(
  base: URL,
  list: ClangAssetList,
  onProgress: (p: DownloadProgress) => void,
): Promise<Map<string, Uint8Array<ArrayBuffer>>> {
  const totalBytes = list.modules.reduce((n, m) => n + m.gzBytes, 0);
  const started = performance.now();
  let doneBytes = 0;
  const tell = () => onProgress({ doneBytes, totalBytes, elapsedMs: performance.now() - started });
  tell();
  const out = new Map<string, Uint8Array<ArrayBuffer>>();
  await Promise.all(
    list.modules.map(async (m) => {
      const res = await get(new URL(`${m.name}.gz`, base));
      const counted = res.body!.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, ctl) {
            doneBytes += chunk.length;
            tell();
            ctl.enqueue(chunk);
          },
        }),
      );
      // DecompressionStream's writable side is typed BufferSource; Uint8Array is one.
      const plain = counted.pipeThrough(
        new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>,
      );
      const bytes = new Uint8Array(await new Response(plain).arrayBuffer());
      if (bytes.length !== m.bytes) {
        throw new ClangUnavailable(
          `clang: ${m.name} arrived with ${bytes.length} bytes, clang-assets.json says ${m.bytes}`,
        );
      }
      out.set(m.name, bytes);
    }),
  );
  return out;
}
