/**
 * clang's wasm, fetched the honest way: setup puts @yowasp/clang's bundle and
 * its modules, packed with xz, in the site's clang/ folder
 * (scripts/setup/clang-assets.mjs), never part of the first page load. They
 * are unpacked as they arrive by the kernel's xz decoder, the machine's own.
 * Progress counts the bytes that really cross the network; a failure says
 * what could not be fetched and why.
 */
import { decodeXzStream } from '../xz/xz-decoder';
import type { DownloadProgress } from './clang-api';

export interface ClangAssetList {
  version: string;
  /** The wasm modules @yowasp/clang asks for, each stored as `<name>.xz`. */
  modules: { name: string; bytes: number; xzBytes: number }[];
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
 * Every module's bytes, unpacked, fetched side by side. The .xz files are
 * served as plain bytes (any static host can), so what is counted is what
 * travels.
 */
export async function fetchModules(
  base: URL,
  list: ClangAssetList,
  onProgress: (p: DownloadProgress) => void,
): Promise<Map<string, Uint8Array<ArrayBuffer>>> {
  const totalBytes = list.modules.reduce((n, m) => n + m.xzBytes, 0);
  const started = performance.now();
  let doneBytes = 0;
  const tell = () => onProgress({ doneBytes, totalBytes, elapsedMs: performance.now() - started });
  tell();
  const out = new Map<string, Uint8Array<ArrayBuffer>>();
  await Promise.all(
    list.modules.map(async (m) => {
      const res = await get(new URL(`${m.name}.xz`, base));
      const counted = res.body!.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, ctl) {
            doneBytes += chunk.length;
            tell();
            ctl.enqueue(chunk);
          },
        }),
      );
      let bytes: Uint8Array<ArrayBuffer>;
      try {
        bytes = (await decodeXzStream(counted, { sizeHint: m.xzBytes }))
          .bytes as Uint8Array<ArrayBuffer>;
      } catch (err) {
        throw new ClangUnavailable(
          `clang: ${m.name}.xz could not be unpacked: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
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
