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

/** One module as it unpacks: `body` feeds WebAssembly.compileStreaming. */
export interface ModuleDownloads {
  bodies: Map<string, ReadableStream<Uint8Array>>;
  /** Settles when every module has arrived, unpacked and passed its xz check. */
  done: Promise<void>;
}

/**
 * Every module, fetched side by side and handed on while it unpacks, so the
 * browser compiles the 75 MB module during the download instead of after it.
 * A body ends only once the xz check passed; on any failure it errors, and
 * `done` rejects with what could not be fetched and why. The .xz files are
 * served as plain bytes (any static host can), so what is counted is what
 * travels.
 */
export function fetchModules(
  base: URL,
  list: ClangAssetList,
  onProgress: (p: DownloadProgress) => void,
): ModuleDownloads {
  const totalBytes = list.modules.reduce((n, m) => n + m.xzBytes, 0);
  const started = performance.now();
  let doneBytes = 0;
  const tell = () => onProgress({ doneBytes, totalBytes, elapsedMs: performance.now() - started });
  tell();
  const bodies = new Map<string, ReadableStream<Uint8Array>>();
  const arrivals = list.modules.map((m) => {
    let out!: ReadableStreamDefaultController<Uint8Array>;
    bodies.set(m.name, new ReadableStream({ start: (c) => void (out = c) }));
    return unpackInto(base, m, out, (n) => {
      doneBytes += n;
      tell();
    }).catch((err: unknown) => {
      out.error(err);
      throw err;
    });
  });
  const done = Promise.all(arrivals).then(() => {});
  done.catch(() => {}); // the caller awaits it; a compile that fails first must not leave it unhandled
  return { bodies, done };
}

/** Fetches one `<name>.xz` and enqueues its bytes as they become final, then checks the size. */
async function unpackInto(
  base: URL,
  m: ClangAssetList['modules'][number],
  out: ReadableStreamDefaultController<Uint8Array>,
  counted: (bytes: number) => void,
): Promise<void> {
  const res = await get(new URL(`${m.name}.xz`, base));
  const body = res.body!.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctl) {
        counted(chunk.length);
        ctl.enqueue(chunk);
      },
    }),
  );
  let sent = 0;
  // Copies: the decoder's heap moves as it grows and is freed at the end.
  const handOn = (final: Uint8Array) => {
    if (final.length > sent) out.enqueue(final.slice(sent));
    sent = final.length;
  };
  let size: number;
  try {
    const { bytes } = await decodeXzStream(body, {
      sizeHint: m.xzBytes,
      onProgress: (_, final) => handOn(final),
    });
    handOn(bytes);
    size = bytes.length;
  } catch (err) {
    throw new ClangUnavailable(
      `clang: ${m.name}.xz could not be unpacked: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (size !== m.bytes) {
    throw new ClangUnavailable(
      `clang: ${m.name} arrived with ${size} bytes, clang-assets.json says ${m.bytes}`,
    );
  }
  out.close();
}
