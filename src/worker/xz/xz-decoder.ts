/**
 * Whole-buffer decode, the fast path: the index at the end of each stream
 * gives the exact output size, so the output is allocated once in the wasm
 * heap and xz-embedded's single-call mode decodes straight into it, using
 * the output as its dictionary: no window, no copy. It goes in steps
 * (XzStreamDecoder.decodeWhole), so each finished piece's CRC64 is computed
 * on a second worker while LZMA2 decodes the next. The result is a view of
 * that heap, which the caller keeps as the archive's one copy. Errors name
 * the exact offset, as on the streaming path (it is the same code).
 */
import { XzError } from './xz-error';
import { formatBytes } from '../../common/byte-size';
import { checkStart, dictOverLimit, START_BYTES } from './xz-explain';
import { locateStreams, parseBlockHeader, type StreamLayout } from './xz-format';
import { XZ_LIMITS, type XzLimits } from './xz-limits';
import type { XzProgress, XzResult } from './xz-result';
import { XzStreamDecoder, type XzStreamOptions } from './xz-stream-decoder';

export interface XzDecodeOptions {
  limits?: Partial<XzLimits>;
  /** Called after each stream. */
  onProgress?: (p: XzProgress) => void;
  /**
   * Called between decode steps with a view of the output that is final so
   * far (it only grows), so a consumer (the tar index) works while it decodes.
   */
  onDecoded?: (decoded: Uint8Array, progress?: XzProgress) => void;
}

/**
 * The refusal when an index says the output is over the limit, before any
 * decoding; `atLeast`: only the last stream's index was read.
 */
export function overOutputLimit(
  total: number,
  limits: XzLimits,
  offset: number,
  atLeast = false,
): XzError {
  const size = `${atLeast ? 'at least ' : ''}${formatBytes(total)}`;
  const says = atLeast ? "its last stream's index says so" : 'its index says so';
  return new XzError(
    'limit',
    `the archive expands to ${size} (${says}), over xz.maxOutputBytes = ${formatBytes(limits.maxOutputBytes)}, the most this tab decodes. There is no way past the limit here: decode it elsewhere (xz -dc) and open a part`,
    offset,
  );
}

/** Sizes and limits known from the index, checked before any decoding. */
function plan(input: Uint8Array, limits: XzLimits): StreamLayout[] | undefined {
  let streams: StreamLayout[];
  try {
    streams = locateStreams(input);
  } catch {
    return undefined; // damaged or truncated: the streaming decoder explains where
  }
  const total = streams.reduce((n, s) => n + s.uncompressedSize, 0);
  if (total > limits.maxOutputBytes) throw overOutputLimit(total, limits, input.length);
  for (const block of streams.flatMap((s) => s.blocks)) {
    const dict = parseBlockHeader(input, block.offset)?.dictBytes;
    if (dict !== undefined && dict > limits.maxDictBytes) {
      throw dictOverLimit(block.offset, dict, limits.maxDictBytes);
    }
  }
  return streams;
}

export async function decodeXz(
  input: Uint8Array,
  options: XzDecodeOptions = {},
): Promise<XzResult> {
  const limits = { ...XZ_LIMITS, ...options.limits };
  checkStart(input.subarray(0, START_BYTES), input.length);
  const streams = plan(input, limits);
  // A damaged index: the output grows as it decodes, and the error says where.
  const total = streams ? streams.reduce((n, s) => n + s.uncompressedSize, 0) : 0;
  return XzStreamDecoder.decodeWhole(input, total, limits, options.onProgress, options.onDecoded);
}

/** Decodes a whole byte stream (a fetch body, a File's stream). */
export async function decodeXzStream(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  options: XzStreamOptions & {
    /** After each chunk: the counts, and a view of the output final so far (it only grows). */
    onProgress?: (p: XzProgress, decoded: Uint8Array) => void;
    signal?: AbortSignal;
  } = {},
): Promise<XzResult> {
  const decoder = await XzStreamDecoder.create(options);
  try {
    for await (const chunk of source as AsyncIterable<Uint8Array>) {
      options.signal?.throwIfAborted();
      decoder.push(chunk);
      options.onProgress?.(decoder.progress, decoder.finalOutput);
    }
    return await decoder.finish();
  } finally {
    decoder.release();
  }
}
