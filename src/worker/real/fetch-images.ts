/**
 * The real machine's files, fetched together with one progress count: the
 * BIOS images, the kernel and its initramfs (or only the BIOS images when a
 * saved state brings the rest), and the emulator's wasm. A missing file is
 * named, with setup's command that makes it.
 */

export interface FetchedImages {
  [name: string]: ArrayBuffer;
}

export interface ImageRequest {
  name: string;
  url: string;
  /** Expected size, for the progress total when the server does not say. */
  bytes?: number;
}

export type FetchProgress = (loaded: number, total: number) => void;

const SETUP = 'node scripts/setup.mjs app';

/** Fetches every file, reporting the bytes read so far against the sum of their sizes. */
export async function fetchImages(
  requests: ImageRequest[],
  onProgress: FetchProgress,
): Promise<{ images: FetchedImages; bytes: number }> {
  const responses = await Promise.all(
    requests.map(async (r) => {
      let res: Response;
      try {
        res = await fetch(r.url);
      } catch (err) {
        throw new Error(`${r.name} (${r.url}) could not be fetched: ${String(err)}`);
      }
      if (!res.ok)
        throw new Error(
          `${r.name} (${r.url}) answered HTTP ${res.status}; the real kernel is made by \`${SETUP}\`.`,
        );
      const length = Number(res.headers.get('content-length'));
      return { r, res, size: length > 0 ? length : (r.bytes ?? 0) };
    }),
  );
  const total = responses.reduce((n, x) => n + x.size, 0);
  let loaded = 0;
  onProgress(0, total);
  const images: FetchedImages = {};
  await Promise.all(
    responses.map(async ({ r, res }) => {
      images[r.name] = await readAll(res, (n) => {
        loaded += n;
        onProgress(loaded, total);
      });
    }),
  );
  return { images, bytes: loaded };
}

/** The whole body, counting its chunks as they come. */
async function readAll(res: Response, counted: (n: number) => void): Promise<ArrayBuffer> {
  if (!res.body) return res.arrayBuffer();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    counted(value.byteLength);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out.buffer;
}
