/**
 * Whole-buffer decode, the fast path: the index at the end of each stream
 * gives the exact output size, so the output is allocated once in the wasm
 * heap and xz-embedded's single-call mode (XZ_SINGLE) decodes straight into
 * it, using the output as its dictionary: no window, no copy. The result is
 * a view of that heap, which the caller keeps as the archive's one copy.
 * Anything the fast path cannot read goes through the streaming decoder,
 * whose errors name the exact offset.
 */
import { describeVerification, verifyStreams } from './xz-check';
import { checkStart } from './xz-explain';
import { XzError, formatBytes } from './xz-error';
import { locateStreams, parseBlockHeader, type StreamLayout } from './xz-format';
import { XZ_LIMITS, type XzLimits } from './xz-limits';
import type { XzProgress, XzResult } from './xz-result';
import { XzStreamDecoder } from './xz-stream-decoder';
import { XzMode, XzRet, XzWasm } from './xz-wasm';
import { trapIsArmed } from '../faults/wasm-trap';

export interface XzDecodeOptions {
  limits?: Partial<XzLimits>;
  /** Called after each stream. */
  onProgress?: (p: XzProgress) => void;
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
  if (total > limits.maxOutputBytes) {
    throw new XzError(
      'limit',
      `the archive expands to ${formatBytes(total)} (its index says so), over the output limit of ${formatBytes(limits.maxOutputBytes)}`,
      input.length,
    );
  }
  for (const block of streams.flatMap((s) => s.blocks)) {
    const dict = parseBlockHeader(input, block.offset)?.dictBytes;
    if (dict !== undefined && dict > limits.maxDictBytes) {
      throw new XzError(
        'limit',
        `the block at byte offset ${block.offset} needs a dictionary of ${formatBytes(dict)}, over the limit of ${formatBytes(limits.maxDictBytes)}`,
        block.offset,
      );
    }
  }
  return streams;
}

/** Decodes with the streaming decoder; used to report errors precisely. */
async function decodeByStreaming(input: Uint8Array, limits: XzLimits): Promise<XzResult> {
  const decoder = await XzStreamDecoder.create({ limits, sizeHint: input.length });
  try {
    decoder.push(input);
    return decoder.finish();
  } finally {
    decoder.release();
  }
}

export async function decodeXz(
  input: Uint8Array,
  options: XzDecodeOptions = {},
): Promise<XzResult> {
  const limits = { ...XZ_LIMITS, ...options.limits };
  checkStart(input.subarray(0, 13), input.length);
  const streams = plan(input, limits);
  if (!streams) return decodeByStreaming(input, limits);

  const total = streams.reduce((n, s) => n + s.uncompressedSize, 0);
  const wasm = await XzWasm.create();
  const inPtr = wasm.copyIn(input);
  const outPtr = wasm.malloc(total);
  const dec = wasm.exports.kh_decoder_new(XzMode.Single, 0);
  const buf = wasm.exports.kh_buf_new();
  try {
    for (const s of streams) {
      const outEnd = s.uncompressedOffset + s.uncompressedSize;
      wasm.setBuf(buf, {
        in: inPtr,
        inPos: s.offset,
        inSize: s.end,
        out: outPtr,
        outPos: s.uncompressedOffset,
        outSize: outEnd,
      });
      if (trapIsArmed()) wasm.misdirectOutput(buf);
      if (wasm.exports.kh_run_single(dec, buf) !== XzRet.StreamEnd) {
        // The single-call mode rewinds on error; rerun streaming to locate it.
        await decodeByStreaming(input, limits);
        throw new XzError('corrupt', `stream at byte offset ${s.offset} does not decode`, s.offset);
      }
      options.onProgress?.({ bytesIn: s.end + s.padding, bytesOut: outEnd });
    }
    verifyStreams(
      wasm,
      streams,
      (o, n) => input.subarray(o, o + n),
      (hasher, offset, size) => hasher.update(outPtr + offset, size),
    );
  } finally {
    wasm.exports.kh_decoder_free(dec);
    wasm.exports.kh_buf_free(buf);
    wasm.free(inPtr);
  }
  return {
    bytes: new Uint8Array(wasm.exports.memory.buffer, outPtr, total),
    streams,
    verification: describeVerification(streams),
    compressedBytes: input.length,
    peakWasmBytes: wasm.memoryBytes,
  };
}
