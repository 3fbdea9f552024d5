/**
 * One part of a file by a Range request, for what sits at its end (an xz
 * index) before the body gets there. Anything but the exact part asked for
 * (a 200 with the whole file, a part elsewhere, no answer in time) is
 * undefined: the caller goes on without it, and nothing big is read.
 */
import type { FetchTiming } from './resumable-fetch';

/** Bytes [start, end) of `url`, or undefined when the server will not send just them. */
export async function fetchRange(
  url: string,
  start: number,
  end: number,
  timing: Pick<FetchTiming, 'stallMs'>,
): Promise<Uint8Array | undefined> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timing.stallMs);
  try {
    const res = await fetch(url, {
      headers: { Range: `bytes=${start}-${end - 1}` },
      signal: abort.signal,
    });
    const from = /^bytes (\d+)-(\d+)\//.exec(res.headers.get('content-range') ?? '');
    // Cross-origin, Content-Range may be hidden: then the length must be the part's.
    const exact = from
      ? Number(from[1]) === start && Number(from[2]) === end - 1
      : Number(res.headers.get('content-length')) === end - start;
    if (res.status !== 206 || !exact) return undefined;
    const bytes = new Uint8Array(await res.arrayBuffer());
    return bytes.length === end - start ? bytes : undefined;
  } catch {
    return undefined; // no answer: the index is read when the body gets there
  } finally {
    clearTimeout(timer);
    abort.abort(); // a server that sent the whole file sends no more of it
  }
}
