/**
 * An .xz file's index read first, by Range requests for its last bytes,
 * before the body: the output size is then known before decoding (the
 * decoder sizes its output once) and an archive over the output limit is
 * refused before a byte of it is decoded. A server without Range, a file
 * whose end is not an index: undefined, and the decoder reads the index
 * when the body gets there, as it always did.
 */
import { indexSizeFromFooter, lastStreamFromTail, STREAM_HEADER_SIZE } from '../xz/xz-format';
import { fetchRange } from './byte-range';
import type { FetchTiming } from './resumable-fetch';

/** Read first: the footer and the index of a stream of some thousands of blocks. */
const TAIL_BYTES = 64 * 1024;
/** The largest index worth a second request (each block's record is a few bytes). */
const MAX_INDEX_BYTES = 4 * 1024 * 1024;

export interface XzTail {
  /** Output size of the last stream. */
  lastStream: number;
  /** Output size of the whole file, when that stream is its only one. */
  total?: number;
}

/** Zero bytes in 4-byte groups at the end (stream padding). */
function paddingAtEnd(b: Uint8Array): number {
  let end = b.length;
  while (end >= 4 && b[end - 1] === 0 && b[end - 2] === 0 && b[end - 3] === 0 && b[end - 4] === 0)
    end -= 4;
  return b.length - end;
}

/**
 * The last stream's index, by Range. `fileSize` is the body's
 * Content-Length when its bytes are the file's; without it (a server that
 * compresses on the fly sends none) a first small range shows the size.
 * Whatever comes back is believed only if its CRC32s check.
 */
export async function readXzTail(
  url: string,
  fileSize: number | undefined,
  timing: Pick<FetchTiming, 'stallMs'>,
): Promise<XzTail | undefined> {
  const size = fileSize ?? (await fetchRange(url, 0, STREAM_HEADER_SIZE, timing)).size;
  if (!size) return undefined;
  let tail = (await fetchRange(url, Math.max(0, size - TAIL_BYTES), size, timing)).bytes;
  if (!tail) return undefined;
  const padding = paddingAtEnd(tail);
  const end = size - padding;
  const need = indexSizeFromFooter(tail.subarray(0, tail.length - padding));
  if (need === undefined || need > end || need > MAX_INDEX_BYTES) return undefined;
  if (need > tail.length - padding) {
    tail = (await fetchRange(url, end - need, end, timing)).bytes;
    if (!tail) return undefined;
  } else {
    tail = tail.subarray(tail.length - padding - need, tail.length - padding);
  }
  try {
    const { uncompressedSize, offset } = lastStreamFromTail(tail, end);
    const only = offset === 0 ? { total: uncompressedSize } : {};
    return { lastStream: uncompressedSize, ...only };
  } catch {
    return undefined; // not an index: the decoder explains what it is when it gets there
  }
}
