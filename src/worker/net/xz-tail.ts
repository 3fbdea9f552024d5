/**
 * An .xz file's index read first, by Range requests for its last bytes (or
 * slices of a picked File), before the body: the output size is then known
 * before decoding (the decoder sizes its output once) and an archive over
 * the output limit is refused before a byte of it is decoded. A server
 * without Range, a file whose end is not an index: undefined, and the
 * decoder reads the index when the body gets there, as it always did.
 */
import { indexSizeFromFooter, lastStreamFromTail, STREAM_HEADER_SIZE } from '../xz/xz-format';
import { fetchRange, type RangeAnswer } from './byte-range';
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

/** Bytes [start, end) of the file, and its size when the answer shows it. */
export type ReadRange = (start: number, end: number) => Promise<RangeAnswer>;

/**
 * The last stream's index, by Range. `fileSize` is the body's
 * Content-Length when its bytes are the file's; without it (a server that
 * compresses on the fly sends none) a first small range shows the size.
 * Whatever comes back is believed only if its CRC32s check.
 */
export function readXzTail(
  url: string,
  fileSize: number | undefined,
  timing: Pick<FetchTiming, 'stallMs'>,
): Promise<XzTail | undefined> {
  return xzTailBy((start, end) => fetchRange(url, start, end, timing), fileSize);
}

/** The same from a Blob (a File the user picked): its slices are its ranges. */
export function readXzTailOfBlob(blob: Blob): Promise<XzTail | undefined> {
  const read: ReadRange = async (start, end) => {
    try {
      return { bytes: new Uint8Array(await blob.slice(start, end).arrayBuffer()), size: blob.size };
    } catch {
      return {}; // unreadable now: reading the body says so, naming the file
    }
  };
  return xzTailBy(read, blob.size);
}

async function xzTailBy(
  read: ReadRange,
  fileSize: number | undefined,
): Promise<XzTail | undefined> {
  const size = fileSize ?? (await read(0, STREAM_HEADER_SIZE)).size;
  if (!size) return undefined;
  let tail = (await read(Math.max(0, size - TAIL_BYTES), size)).bytes;
  if (!tail) return undefined;
  const padding = paddingAtEnd(tail);
  const end = size - padding;
  const need = indexSizeFromFooter(tail.subarray(0, tail.length - padding));
  if (need === undefined || need > end || need > MAX_INDEX_BYTES) return undefined;
  if (need > tail.length - padding) {
    tail = (await read(end - need, end)).bytes;
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
