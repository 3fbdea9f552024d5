/**
 * The decoder: xz-embedded's single-call mode driven in steps. Its three
 * parts are apart: the input (xz-input.ts: chunks kept as they arrive, a
 * whole buffer copied into the heap once and decoded in steps over it), the
 * output (xz-output.ts: the LZMA2 dictionary itself in the heap, grown in
 * place, its CRC64 computed by a second worker while LZMA2 goes on) and the
 * stream sequence (xz-stream-sequence.ts: concatenated streams and padding,
 * since the kernel's copy decodes one stream per run). This file runs the
 * steps; CRC64/SHA-256 are verified at the end from the index.
 */
import { describeVerification, verifyStreams } from './xz-check';
import * as explain from './xz-explain';
import { locateStreams } from './xz-format';
import { XZ_LIMITS, type XzLimits } from './xz-limits';
import type { XzProgress, XzResult } from './xz-result';
import { XzMode, XzRet, XzWasm } from './xz-wasm';
import { DecoderInput } from './xz-input';
import { DecoderOutput } from './xz-output';
import { StreamSequence } from './xz-stream-sequence';
import { trapIsArmed } from '../faults/wasm-trap';

/** A whole buffer goes in steps of this much input (about 1 MB of output each). */
const WHOLE_STEP = 128 * 1024;

export interface XzStreamOptions {
  limits?: Partial<XzLimits>;
  /** Expected compressed size, to size the buffers once. */
  sizeHint?: number;
  /** Output size, when the index was read first (a Range request): the output is sized once. */
  outputSize?: number;
  /** After each decode step that made more output final: a view of it, and the counts. */
  onDecoded?: (decoded: Uint8Array, progress: XzProgress) => void;
}

export class XzStreamDecoder {
  private readonly input: DecoderInput;
  private readonly output: DecoderOutput;
  private readonly stream = new StreamSequence();
  private dec: number;
  private buf: number;
  private started = false;
  /** A BCJ block was cut between steps: finish() decodes the input again whole. */
  private bcjSplit = false;
  /** Told after each step when more output became final (decodeWhole's consumer), with the counts. */
  private onFinal: ((decoded: Uint8Array, progress: XzProgress) => void) | undefined;

  private constructor(
    private readonly wasm: XzWasm,
    private readonly limits: XzLimits,
    sizeHint: number,
    whole?: { input: Uint8Array; outputSize: number },
    outputSize?: number,
  ) {
    this.dec = wasm.exports.kh_decoder_new(XzMode.Single, 0);
    this.buf = wasm.exports.kh_buf_new();
    const maxInput = Math.max(limits.maxOutputBytes, sizeHint);
    this.input = new DecoderInput(wasm, maxInput, sizeHint, whole?.input);
    // Last: the output is the heap's last allocation, so it can grow in place.
    const known = whole?.outputSize ?? outputSize;
    this.output = new DecoderOutput(wasm, this.buf, limits.maxOutputBytes, sizeHint, known);
  }

  static async create(options: XzStreamOptions = {}): Promise<XzStreamDecoder> {
    const limits = { ...XZ_LIMITS, ...options.limits };
    const { sizeHint = 0, outputSize } = options;
    const d = new XzStreamDecoder(await XzWasm.create(), limits, sizeHint, undefined, outputSize);
    d.onFinal = options.onDecoded;
    return d;
  }

  /** Decodes a buffer whose index gave the output size: one copy in, steps over it. */
  static async decodeWhole(
    input: Uint8Array,
    outputSize: number,
    limits: XzLimits,
    onStream?: (p: XzProgress) => void,
    onFinal?: (decoded: Uint8Array, progress: XzProgress) => void,
  ): Promise<XzResult> {
    const wasm = await XzWasm.create();
    const d = new XzStreamDecoder(wasm, limits, input.length, { input, outputSize });
    d.onFinal = onFinal;
    try {
      // The caller checked the start (decodeXz, or finish() redoing a stream whole).
      d.started = true;
      d.feedHeap(input.length, true, onStream);
      d.input.fedWhole();
      return await d.finish();
    } finally {
      d.release();
    }
  }

  get progress(): XzProgress {
    return { bytesIn: this.input.length, bytesOut: this.outPos };
  }

  /**
   * The output that will not change again: a fresh view (the heap may have
   * grown). It only grows; inside a BCJ block it waits for the block's end,
   * as the filter runs there.
   */
  get finalOutput(): Uint8Array {
    return this.output.view(this.output.final);
  }

  /** What has been decoded so far: a fresh view (the heap may have grown). */
  get decoded(): Uint8Array {
    return this.output.view(this.outPos);
  }

  private get outPos(): number {
    return this.dec ? this.wasm.getBuf(this.buf, 'outPos') : 0;
  }

  /** Takes the next chunk and decodes all it can. */
  push(chunk: Uint8Array): void {
    this.input.push(chunk);
    if (!this.started) {
      if (this.input.length < explain.START_BYTES) return;
      explain.checkStart(this.input.view(0, explain.START_BYTES), this.input.length);
      this.started = true;
    }
    this.feed();
  }

  /** Ends the input: checks that it ended cleanly, verifies and returns all. */
  async finish(): Promise<XzResult> {
    if (!this.started) {
      explain.checkStart(this.input.view(), this.input.length);
      this.started = true;
      this.feed();
    }
    const total = this.input.length;
    if (this.bcjSplit) {
      const compressed = this.input.seal();
      this.release();
      let size = 0;
      try {
        size = locateStreams(compressed).reduce((n, s) => n + s.uncompressedSize, 0);
      } catch {
        // a damaged index: the output grows as it decodes, and the error names the place
      }
      return XzStreamDecoder.decodeWhole(compressed, size, this.limits);
    }
    this.stream.checkEnd(total);
    const compressed = this.input.seal();
    const streams = locateStreams(compressed);
    await this.output.settle();
    verifyStreams(
      streams,
      (o, s) => compressed.subarray(o, o + s),
      (checkId, offset, size) => this.output.digest(checkId, offset, size),
    );
    const bytes = this.decoded;
    this.release();
    return {
      bytes,
      streams,
      verification: describeVerification(streams),
      compressedBytes: total,
      peakWasmBytes: this.output.peakWasmBytes,
    };
  }

  /** Frees the decoder's heap; the instance goes with its last reference. */
  release(): void {
    if (this.dec === 0) return;
    this.output.notePeak();
    this.wasm.exports.kh_decoder_free(this.dec);
    this.wasm.exports.kh_buf_free(this.buf);
    this.input.release();
    this.dec = this.buf = 0;
  }

  /** Decodes the input not fed yet, a heap window at a time. */
  private feed(): void {
    this.input.feedWindows((size) => {
      if (this.bcjSplit) return false;
      this.feedHeap(size, false);
      return !this.bcjSplit;
    });
  }

  /** Decodes heap input [0, size), skipping padding between streams. */
  private feedHeap(size: number, whole: boolean, onStream?: (p: XzProgress) => void): void {
    const { input, stream } = this;
    let pos = 0;
    while (pos < size && !this.bcjSplit) {
      if (!stream.inStream) {
        const heap = this.wasm.heap;
        for (; pos < size && heap[input.ptr + pos] === 0; pos++) stream.pad();
        if (pos === size) break;
        this.wasm.exports.kh_decoder_reset(this.dec);
        stream.next(input.heapOffset + pos, this.outPos);
      }
      const end = whole ? Math.min(size, pos + WHOLE_STEP) : size;
      pos = this.decodeSteps(pos, end, whole ? size : end);
      // At each stream's end (onFinal reports inside one).
      if (!stream.inStream) onStream?.({ bytesIn: input.heapOffset + pos, bytesOut: this.outPos });
    }
  }

  /**
   * Runs the decoder over heap input [pos, end), in steps of `end - pos`
   * up to `limit` (whole buffers: the next step follows). Returns where the
   * input was left: at `limit`, or right after the stream's end.
   */
  private decodeSteps(pos: number, end: number, limit: number): number {
    const { wasm, buf, input, output, stream } = this;
    const ex = wasm.exports;
    const inputView = (o: number, s: number) => input.view(o, s);
    wasm.setBuf(buf, { in: input.ptr, inPos: pos, inSize: end });
    if (trapIsArmed()) wasm.misdirectOutput(buf);
    const step = end - pos;
    for (;;) {
      const inBefore = wasm.getBuf(buf, 'inPos');
      const outBefore = this.outPos;
      const ret = ex.kh_run_step(this.dec, buf);
      if (ret === XzRet.UnsupportedCheck) continue;
      const inPos = wasm.getBuf(buf, 'inPos');
      const outPos = this.outPos;
      const at = input.heapOffset + inPos;
      if (ret !== XzRet.Ok && ret !== XzRet.StreamEnd) {
        throw explain.explainRet(ret, {
          offset: at,
          streamOffset: stream.offset,
          streamNumber: stream.count,
          input: inputView,
          maxDictBytes: this.limits.maxDictBytes,
        });
      }
      stream.checkDict(input.view(), this.limits.maxDictBytes);
      const full = outPos === output.size;
      if (ret === XzRet.Ok && ex.kh_step_split_bcj(this.dec)) {
        // In single-call mode a BCJ block must decode in one call: all its input, room for all its output.
        if (!input.whole || end < limit || full) {
          if (!this.redoWhole(limit, full)) return limit;
          continue;
        }
      }
      output.take(
        outPos,
        stream.outStart,
        () => stream.checkedByCrc64(inputView),
        input.heapOffset,
      );
      // Inside a BCJ block the output is filtered only when the block ends.
      if (outPos > output.final && !ex.kh_step_split_bcj(this.dec)) {
        output.final = outPos;
        this.onFinal?.(this.finalOutput, { bytesIn: at, bytesOut: outPos });
      }
      if (ret === XzRet.StreamEnd) {
        stream.inStream = false;
        return inPos;
      }
      if (full) {
        output.grow(this.dec, at);
        continue;
      }
      if (inPos === end) {
        if (end === limit) return end;
        wasm.setBuf(buf, { inSize: (end = Math.min(limit, end + step)) });
        continue;
      }
      if (inPos === inBefore && outPos === outBefore) throw explain.decoderStuck(at);
    }
  }

  /**
   * Starts the current stream again with all of its input at once (whole
   * buffers) or gives up stepping for finish() to do so (streaming).
   */
  private redoWhole(limit: number, full: boolean): boolean {
    if (!this.input.whole) {
      this.bcjSplit = true;
      return false;
    }
    const { wasm, stream } = this;
    if (full) this.output.grow(this.dec, stream.offset);
    wasm.exports.kh_decoder_reset(this.dec);
    this.output.redoFrom(stream.outStart);
    stream.restart();
    wasm.setBuf(this.buf, { inPos: stream.offset, inSize: limit, outPos: stream.outStart });
    return true;
  }
}
