/**
 * The decoder: xz-embedded's single-call mode driven in steps. The output
 * lives in the wasm heap and is the LZMA2 dictionary itself, so nothing is
 * copied out of a window; the region grows in place (it is the heap's last
 * allocation) when the archive turns out larger. Chunks go in as they
 * arrive (fetch, File) or, for a whole buffer, in steps over one copy in the
 * heap. After every step the finished output goes to CRC64 (a second
 * worker, see crc64-pieces.ts) while LZMA2 goes on. Concatenated streams and
 * stream padding are handled here, since the kernel's copy decodes one
 * stream per run; CRC64/SHA-256 are verified at the end from the index.
 */
import { Crc64Pieces } from './crc64-pieces';
import { GrowableBytes } from './growable-bytes';
import { BlockHasher, describeVerification, verifyStreams } from './xz-check';
import * as explain from './xz-explain';
import { formatBytes } from '../../common/byte-size';
import { locateStreams, parseBlockHeader, STREAM_HEADER_SIZE } from './xz-format';
import { XZ_LIMITS, type XzLimits } from './xz-limits';
import type { XzProgress, XzResult } from './xz-result';
import { XzMode, XzRet, XzWasm } from './xz-wasm';
import { trapIsArmed } from '../faults/wasm-trap';

const IN_WINDOW = 256 * 1024;
/** A whole buffer goes in steps of this much input (about 1 MB of output each). */
const WHOLE_STEP = 128 * 1024;
const MIN_OUTPUT = 1024 * 1024;
const CHECK_CRC64 = 4;

/** Output sizes go in 16-byte steps (sbrk rounds what it hands out). */
const roundUp = (n: number) => Math.max(16, Math.ceil(n / 16) * 16);

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
  private readonly input: GrowableBytes;
  private readonly crc: Crc64Pieces;
  private inPtr = 0;
  private outPtr: number;
  private outSize: number;
  private dec: number;
  private buf: number;
  private started = false;
  private inStream = true;
  private streamOffset = 0;
  private streamOutStart = 0;
  private streamCount = 1;
  private hashing: boolean | undefined;
  private dictChecked = false;
  private padding = 0;
  private fed = 0;
  private reported = 0;
  /** A BCJ block was cut between steps: finish() decodes the input again whole. */
  private bcjSplit = false;
  /** All the input is in the heap (decodeWhole): a cut BCJ block is decoded again at once. */
  private wholeInput = false;
  private peakWasmBytes = 0;
  /** Output [0, final) will not change again (no BCJ block is half-filtered in it). */
  private final = 0;
  /** Told after each step when more output became final (decodeWhole's consumer), with the counts. */
  private onFinal: ((decoded: Uint8Array, progress: XzProgress) => void) | undefined;

  private constructor(
    private readonly wasm: XzWasm,
    private readonly limits: XzLimits,
    sizeHint: number,
    whole?: { input: Uint8Array; outputSize: number },
    outputSize?: number,
  ) {
    // A whole buffer is kept as given (no second copy); a stream collects in place.
    this.input = new GrowableBytes(
      Math.max(limits.maxOutputBytes, sizeHint),
      sizeHint,
      whole?.input,
    );
    this.dec = wasm.exports.kh_decoder_new(XzMode.Single, 0);
    this.buf = wasm.exports.kh_buf_new();
    if (whole) {
      this.inPtr = wasm.copyIn(whole.input);
    } else {
      this.inPtr = wasm.malloc(IN_WINDOW);
    }
    const guess = Math.max(MIN_OUTPUT, sizeHint * 8);
    const known = whole?.outputSize ?? outputSize;
    this.outSize = roundUp(known ?? Math.min(limits.maxOutputBytes, guess));
    this.outPtr = wasm.exports.kh_out_new(this.outSize); // above the heap: it grows in place
    if (!this.outPtr)
      throw new RangeError(`the decoder could not allocate ${formatBytes(this.outSize)}`);
    wasm.setBuf(this.buf, { out: this.outPtr, outPos: 0, outSize: this.outSize });
    this.crc = new Crc64Pieces(wasm);
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
      d.wholeInput = true;
      d.feedHeap(input.length, true, onStream);
      d.fed = input.length;
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
    return new Uint8Array(this.wasm.exports.memory.buffer, this.outPtr, this.final);
  }

  /** What has been decoded so far: a fresh view (the heap may have grown). */
  get decoded(): Uint8Array {
    return new Uint8Array(this.wasm.exports.memory.buffer, this.outPtr, this.outPos);
  }

  private get outPos(): number {
    return this.dec ? this.wasm.getBuf(this.buf, 'outPos') : 0;
  }

  /** Takes the next chunk and decodes all it can. */
  push(chunk: Uint8Array): void {
    if (this.input.length + chunk.length > this.input.maxLength) {
      throw explain.inputOverLimit(this.input.maxLength, this.input.length);
    }
    this.input.append(chunk);
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
    if (this.inStream) throw explain.truncatedIn(total, this.streamCount, this.streamOffset);
    if (this.padding % 4 !== 0) {
      throw explain.badPadding('at the end of the input', this.padding, total);
    }
    const compressed = this.input.seal();
    const streams = locateStreams(compressed);
    await this.crc.settle();
    verifyStreams(
      streams,
      (o, s) => compressed.subarray(o, o + s),
      (checkId, offset, size) => this.digest(checkId, offset, size),
    );
    const bytes = this.decoded;
    this.release();
    return {
      bytes,
      streams,
      verification: describeVerification(streams),
      compressedBytes: total,
      peakWasmBytes: this.peakWasmBytes,
    };
  }

  /** Frees the decoder's heap; the instance goes with its last reference. */
  release(): void {
    if (this.dec === 0) return;
    this.peakWasmBytes = Math.max(this.peakWasmBytes, this.wasm.memoryBytes);
    this.wasm.exports.kh_decoder_free(this.dec);
    this.wasm.exports.kh_buf_free(this.buf);
    this.wasm.free(this.inPtr);
    this.dec = this.buf = this.inPtr = 0;
  }

  /** A block's check value, computed from the output in the heap. */
  private digest(checkId: number, offset: number, size: number): Uint8Array {
    if (checkId === CHECK_CRC64) {
      const crc = this.crc.crcOf(this.outPtr, offset, offset + size);
      const out = new Uint8Array(8);
      new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, crc), true);
      return out;
    }
    const hasher = new BlockHasher(this.wasm, checkId);
    hasher.update(this.outPtr + offset, size);
    return hasher.digest();
  }

  private feed(): void {
    const bytes = this.input.view(this.fed);
    for (let pos = 0; pos < bytes.length && !this.bcjSplit; pos += IN_WINDOW) {
      const slice = bytes.subarray(pos, pos + IN_WINDOW);
      this.wasm.heap.set(slice, this.inPtr);
      this.fedOffset = this.fed + pos;
      this.feedHeap(slice.length, false);
    }
    this.fed += bytes.length;
  }

  /** Compressed offset of heap input byte 0 (streaming: the window's place). */
  private fedOffset = 0;

  /** Decodes heap input [0, size) at inPtr, skipping padding between streams. */
  private feedHeap(size: number, whole: boolean, onStream?: (p: XzProgress) => void): void {
    let pos = 0;
    while (pos < size && !this.bcjSplit) {
      if (!this.inStream) {
        const heap = this.wasm.heap;
        while (pos < size && heap[this.inPtr + pos] === 0) {
          pos++;
          this.padding++;
        }
        if (pos === size) break;
        this.startNextStream(this.fedOffset + pos);
      }
      const end = whole ? Math.min(size, pos + WHOLE_STEP) : size;
      pos = this.decodeSteps(pos, end, whole ? size : end);
      // At each stream's end (onFinal reports inside one).
      if (!this.inStream) onStream?.({ bytesIn: this.fedOffset + pos, bytesOut: this.outPos });
    }
  }

  private startNextStream(offset: number): void {
    if (this.padding % 4 !== 0) {
      throw explain.badPadding(`before byte offset ${offset}`, this.padding, offset);
    }
    this.wasm.exports.kh_decoder_reset(this.dec);
    this.inStream = true;
    this.streamOffset = offset;
    this.streamOutStart = this.outPos;
    this.hashing = undefined;
    this.dictChecked = false;
    this.streamCount++;
    this.padding = 0;
  }

  /**
   * Runs the decoder over heap input [pos, end), in steps of `end - pos`
   * up to `limit` (whole buffers: the next step follows). Returns where the
   * input was left: at `limit`, or right after the stream's end.
   */
  private decodeSteps(pos: number, end: number, limit: number): number {
    const { wasm, buf } = this;
    const ex = wasm.exports;
    wasm.setBuf(buf, { in: this.inPtr, inPos: pos, inSize: end });
    if (trapIsArmed()) wasm.misdirectOutput(buf);
    const step = end - pos;
    for (;;) {
      const inBefore = wasm.getBuf(buf, 'inPos');
      const outBefore = this.outPos;
      const ret = ex.kh_run_step(this.dec, buf);
      if (ret === XzRet.UnsupportedCheck) continue;
      const inPos = wasm.getBuf(buf, 'inPos');
      const outPos = this.outPos;
      if (ret !== XzRet.Ok && ret !== XzRet.StreamEnd) {
        throw explain.explainRet(ret, {
          offset: this.fedOffset + inPos,
          streamOffset: this.streamOffset,
          streamNumber: this.streamCount,
          input: (o, s) => this.input.view(o, s),
          maxDictBytes: this.limits.maxDictBytes,
        });
      }
      this.checkDict();
      const full = outPos === this.outSize;
      if (ret === XzRet.Ok && ex.kh_step_split_bcj(this.dec)) {
        // In single-call mode a BCJ block must decode in one call: all its input, room for all its output.
        if (!this.wholeInput || end < limit || full) {
          if (!this.redoWhole(limit, full)) return limit;
          continue;
        }
      }
      this.take(outPos);
      // Inside a BCJ block the output is filtered only when the block ends.
      if (outPos > this.final && !ex.kh_step_split_bcj(this.dec)) {
        this.final = outPos;
        this.onFinal?.(this.finalOutput, { bytesIn: this.fedOffset + inPos, bytesOut: outPos });
      }
      if (ret === XzRet.StreamEnd) {
        this.inStream = false;
        return inPos;
      }
      if (full) {
        this.grow(this.fedOffset + inPos);
        continue;
      }
      if (inPos === end) {
        if (end === limit) return end;
        wasm.setBuf(buf, { inSize: (end = Math.min(limit, end + step)) });
        continue;
      }
      if (inPos === inBefore && outPos === outBefore)
        throw explain.decoderStuck(this.fedOffset + inPos);
    }
  }

  /**
   * Starts the current stream again with all of its input at once (whole
   * buffers) or gives up stepping for finish() to do so (streaming).
   */
  private redoWhole(limit: number, full: boolean): boolean {
    if (!this.wholeInput) {
      this.bcjSplit = true;
      return false;
    }
    const { wasm } = this;
    if (full) this.grow(this.streamOffset);
    wasm.exports.kh_decoder_reset(this.dec);
    this.crc.dropFrom(this.streamOutStart);
    this.reported = this.streamOutStart;
    this.dictChecked = false;
    wasm.setBuf(this.buf, { inPos: this.streamOffset, inSize: limit, outPos: this.streamOutStart });
    return true;
  }

  /** Finished output up to outPos: to CRC64 when the stream is checked so. */
  private take(outPos: number): void {
    if (outPos > this.limits.maxOutputBytes)
      throw explain.outputOverLimit(this.fedOffset, this.limits.maxOutputBytes);
    if (outPos <= this.reported) return;
    this.hashing ??= (this.input.view(this.streamOffset + 7, 1)[0]! & 0x0f) === CHECK_CRC64;
    if (this.hashing)
      this.crc.add(this.outPtr, Math.max(this.reported, this.streamOutStart), outPos);
    this.reported = outPos;
  }

  /**
   * The dictionary limit, for each stream's first block: single-call mode
   * needs no dictionary buffer, but a block that asks for more than the
   * limit is refused the same way on every path.
   */
  private checkDict(): void {
    if (this.dictChecked) return;
    const at = this.streamOffset + STREAM_HEADER_SIZE;
    const header = parseBlockHeader(this.input.view(), at);
    if (!header) return;
    this.dictChecked = true;
    if (header.dictBytes !== undefined && header.dictBytes > this.limits.maxDictBytes) {
      throw explain.dictOverLimit(at, header.dictBytes, this.limits.maxDictBytes);
    }
  }

  /** More room for the output, in place (the dictionary stays where it is). */
  private grow(inputOffset: number): void {
    const max = this.limits.maxOutputBytes;
    if (this.outSize >= max) throw explain.outputOverLimit(inputOffset, this.limits.maxOutputBytes);
    const size = roundUp(Math.min(max, Math.ceil(this.outSize * 1.5)));
    if (!this.wasm.exports.kh_out_extend(this.buf, size)) {
      throw new RangeError(`the decoder could not grow its output to ${formatBytes(size)}`);
    }
    this.wasm.exports.kh_out_grown(this.dec, this.buf, size);
    this.outSize = size;
    this.peakWasmBytes = Math.max(this.peakWasmBytes, this.wasm.memoryBytes);
  }
}
