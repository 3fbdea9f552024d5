/**
 * Streaming decode: chunks go in as they arrive (fetch, File) through
 * xz-embedded's multi-call mode (XZ_DYNALLOC, dictionary capped by the
 * limit); output collects in place in a GrowableBytes. Concatenated streams
 * and stream padding are handled here, since the kernel's copy decodes one
 * stream per run. CRC64/SHA-256 are verified at the end from the index.
 */
import { GrowableBytes } from './growable-bytes';
import { BlockHasher, describeVerification, verifyStreams } from './xz-check';
import { checkStart, explainRet } from './xz-explain';
import { XzError, formatBytes } from './xz-error';
import { locateStreams } from './xz-format';
import { XZ_LIMITS, type XzLimits } from './xz-limits';
import type { XzProgress, XzResult } from './xz-result';
import { XzMode, XzRet, XzWasm } from './xz-wasm';
import { trapIsArmed } from '../faults/wasm-trap';

const IN_WINDOW = 256 * 1024;
const OUT_WINDOW = 1024 * 1024;
/** Enough bytes to tell xz from other formats before decoding. */
const SNIFF_BYTES = 13;

export interface XzStreamOptions {
  limits?: Partial<XzLimits>;
  /** Expected compressed size, to size the input buffer once. */
  sizeHint?: number;
}

export class XzStreamDecoder {
  private readonly input: GrowableBytes;
  private readonly output: GrowableBytes;
  private inPtr: number;
  private outPtr: number;
  private dec: number;
  private buf: number;
  private started = false;
  private inStream = true;
  private streamOffset = 0;
  private streamCount = 1;
  private padding = 0;
  private fed = 0;
  private peakWasmBytes = 0;

  private constructor(
    private readonly wasm: XzWasm,
    private readonly limits: XzLimits,
    sizeHint: number,
  ) {
    this.input = new GrowableBytes(Math.max(limits.maxOutputBytes, sizeHint), sizeHint);
    this.output = new GrowableBytes(limits.maxOutputBytes);
    this.dec = wasm.exports.kh_decoder_new(XzMode.Dynalloc, limits.maxDictBytes);
    this.buf = wasm.exports.kh_buf_new();
    this.inPtr = wasm.malloc(IN_WINDOW);
    this.outPtr = wasm.malloc(OUT_WINDOW);
  }

  static async create(options: XzStreamOptions = {}): Promise<XzStreamDecoder> {
    const limits = { ...XZ_LIMITS, ...options.limits };
    return new XzStreamDecoder(await XzWasm.create(), limits, options.sizeHint ?? 0);
  }

  get progress(): XzProgress {
    return { bytesIn: this.input.length, bytesOut: this.output.length };
  }

  /** What has been decoded so far (grows in place as chunks arrive). */
  get decoded(): Uint8Array {
    return this.output.view();
  }

  /** Takes the next chunk and decodes all it can. */
  push(chunk: Uint8Array): void {
    if (this.input.length + chunk.length > this.input.maxLength) {
      throw new XzError(
        'limit',
        `the input is larger than the limit of ${formatBytes(this.input.maxLength)}`,
        this.input.length,
      );
    }
    this.input.append(chunk);
    if (!this.started) {
      if (this.input.length < SNIFF_BYTES) return;
      checkStart(this.input.view(0, SNIFF_BYTES), this.input.length);
      this.started = true;
    }
    this.feed();
  }

  /** Ends the input: checks that it ended cleanly, verifies and returns all. */
  finish(): XzResult {
    if (!this.started) {
      checkStart(this.input.view(), this.input.length);
      this.started = true;
      this.feed();
    }
    const total = this.input.length;
    if (this.inStream) {
      throw new XzError(
        'truncated',
        `truncated xz data: the input ends at byte ${total}, inside stream ${this.streamCount} (which starts at byte offset ${this.streamOffset})`,
        total,
      );
    }
    if (this.padding % 4 !== 0) {
      throw new XzError(
        'corrupt',
        `stream padding at the end of the input is ${this.padding} bytes, not a multiple of four`,
        total,
      );
    }
    const compressed = this.input.seal();
    const streams = locateStreams(compressed);
    verifyStreams(
      this.wasm,
      streams,
      (o, s) => compressed.subarray(o, o + s),
      (hasher, offset, size) => this.hashOutput(hasher, offset, size),
    );
    this.release();
    return {
      bytes: this.output.seal(),
      streams,
      verification: describeVerification(streams),
      compressedBytes: total,
      peakWasmBytes: this.peakWasmBytes,
    };
  }

  /** Frees the decoder's heap; the instance goes with its last reference. */
  release(): void {
    if (this.dec === 0) return;
    this.wasm.exports.kh_decoder_free(this.dec);
    this.wasm.exports.kh_buf_free(this.buf);
    this.wasm.free(this.inPtr);
    this.wasm.free(this.outPtr);
    this.dec = this.buf = this.inPtr = this.outPtr = 0;
  }

  private feed(): void {
    const bytes = this.input.view(this.fed);
    let pos = 0;
    while (pos < bytes.length) {
      if (!this.inStream) {
        while (pos < bytes.length && bytes[pos] === 0) {
          pos++;
          this.padding++;
        }
        if (pos === bytes.length) break;
        this.startNextStream(this.fed + pos);
      }
      pos += this.decodeSlice(bytes.subarray(pos, pos + IN_WINDOW), this.fed + pos);
    }
    this.fed += bytes.length;
  }

  private startNextStream(offset: number): void {
    if (this.padding % 4 !== 0) {
      throw new XzError(
        'corrupt',
        `stream padding before byte offset ${offset} is ${this.padding} bytes, not a multiple of four`,
        offset,
      );
    }
    this.wasm.exports.kh_decoder_reset(this.dec);
    this.inStream = true;
    this.streamOffset = offset;
    this.streamCount++;
    this.padding = 0;
  }

  /** Runs the decoder over one input slice; returns how much it consumed. */
  private decodeSlice(slice: Uint8Array, offset: number): number {
    const { wasm, buf } = this;
    wasm.heap.set(slice, this.inPtr);
    wasm.setBuf(buf, {
      in: this.inPtr,
      inPos: 0,
      inSize: slice.length,
      out: this.outPtr,
      outPos: 0,
      outSize: OUT_WINDOW,
    });
    if (trapIsArmed()) wasm.misdirectOutput(buf);
    for (;;) {
      const ret = wasm.exports.kh_run(this.dec, buf);
      this.peakWasmBytes = Math.max(this.peakWasmBytes, wasm.memoryBytes);
      this.flush(offset + wasm.getBuf(buf, 'inPos'));
      const inPos = wasm.getBuf(buf, 'inPos');
      if (ret === XzRet.StreamEnd) {
        this.inStream = false;
        return inPos;
      }
      if (ret !== XzRet.Ok && ret !== XzRet.UnsupportedCheck) {
        throw explainRet(ret, {
          offset: offset + inPos,
          streamOffset: this.streamOffset,
          streamNumber: this.streamCount,
          input: (o, s) => this.input.view(o, s),
          maxDictBytes: this.limits.maxDictBytes,
        });
      }
      if (inPos === slice.length && wasm.getBuf(buf, 'outPos') < OUT_WINDOW) return inPos;
      wasm.setBuf(buf, { outPos: 0 });
    }
  }

  /** Moves the output window's bytes into the output buffer. */
  private flush(inputOffset: number): void {
    const n = this.wasm.getBuf(this.buf, 'outPos');
    if (n === 0) return;
    if (this.output.length + n > this.limits.maxOutputBytes) {
      throw new XzError(
        'limit',
        `the data expands past the output limit of ${formatBytes(this.limits.maxOutputBytes)} ` +
          `by input byte offset ${inputOffset} (an xz bomb?)`,
        inputOffset,
      );
    }
    this.output.append(this.wasm.heap.subarray(this.outPtr, this.outPtr + n));
    this.wasm.setBuf(this.buf, { outPos: 0 });
  }

  /** Feeds output [offset, offset + size) to a hasher through the window. */
  private hashOutput(hasher: BlockHasher, offset: number, size: number): void {
    for (let done = 0; done < size; done += OUT_WINDOW) {
      const n = Math.min(OUT_WINDOW, size - done);
      this.wasm.heap.set(this.output.view(offset + done, n), this.outPtr);
      hasher.update(this.outPtr, n);
    }
  }
}

/** Decodes a whole byte stream (a fetch body, a File's stream). */
export async function decodeXzStream(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  options: XzStreamOptions & {
    /** After each chunk: the counts, and a view of everything decoded so far. */
    onProgress?: (p: XzProgress, decoded: Uint8Array) => void;
    signal?: AbortSignal;
  } = {},
): Promise<XzResult> {
  const decoder = await XzStreamDecoder.create(options);
  try {
    for await (const chunk of source as AsyncIterable<Uint8Array>) {
      options.signal?.throwIfAborted();
      decoder.push(chunk);
      options.onProgress?.(decoder.progress, decoder.decoded);
    }
    return decoder.finish();
  } finally {
    decoder.release();
  }
}
