/**
 * One part of a file by a Range request, for what sits at its end (an xz
 * index) before the body gets there. Anything but the exact part asked for
 * (a 200 with the whole file, a part elsewhere, no answer in time) gives no
 * bytes, and the answer is cut off there: nothing big is read.
 */
import type { FetchTiming } from './resumable-fetch';

export interface RangeAnswer {
  /** Bytes [start, end), when the server sent just them. */
  bytes?: Uint8Array;
  /** The file's size, when a 206 showed it (Content-Range: bytes a-b/size). */
  size?: number;
}

export async function fetchRange(
  url: string,
  start: number,
  end: number,
  timing: Pick<FetchTiming, 'stallMs'>,
): Promise<RangeAnswer> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timing.stallMs);
  try {
    const res = await fetch(url, {
      headers: { Range: `bytes=${start}-${end - 1}` },
      // From the server: a cached (half-read, perhaps compressed) copy answers ranges of itself.
      cache: 'no-store',
      signal: abort.signal,
    });
    if (res.status !== 206) return {};
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(res.headers.get('content-range') ?? '');
    const size = range ? Number(range[3]) : undefined;
    const sized = size ? { size } : {};
    // Cross-origin, Content-Range may be hidden: then the length must be the part's.
    const exact = range
      ? Number(range[1]) === start && Number(range[2]) === end - 1
      : Number(res.headers.get('content-length')) === end - start;
    if (!exact) return sized;
    const bytes = new Uint8Array(await res.arrayBuffer());
    return bytes.length === end - start ? { bytes, ...sized } : sized;
  } catch {
    return {}; // no answer: the index is read when the body gets there
  } finally {
    clearTimeout(timer);
    abort.abort(); // a server that sent more than the part sends no more of it
  }
}
