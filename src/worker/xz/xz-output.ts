/**
 * The decoder's output: a region of the wasm heap that is the LZMA2
 * dictionary itself, so nothing is copied out of a window. It is the heap's
 * last allocation and grows in place when the archive turns out larger.
 * Finished output goes to CRC64 (a second worker, see crc64-pieces.ts) as
 * it comes, and is told to a consumer once no BCJ filter can change it.
 */
import { Crc64Pieces } from './crc64-pieces';
import { BlockHasher } from './xz-check';
import * as explain from './xz-explain';
import { formatBytes } from '../../common/byte-size';
import type { XzWasm } from './xz-wasm';

const MIN_OUTPUT = 1024 * 1024;
const CHECK_CRC64 = 4;

/** Output sizes go in 16-byte steps (sbrk rounds what it hands out). */
const roundUp = (n: number) => Math.max(16, Math.ceil(n / 16) * 16);

export class DecoderOutput {
  readonly ptr: number;
  size: number;
  /** Output [0, final) will not change again (no BCJ block is half-filtered in it). */
  final = 0;
  /** Output [0, reported) has gone to CRC64 (or needs none). */
  reported = 0;
  peakWasmBytes = 0;
  private readonly crc: Crc64Pieces;

  /**
   * Sized once when the size is `known` (the index was read first),
   * otherwise guessed from the input's size, within `maxBytes`.
   */
  constructor(
    private readonly wasm: XzWasm,
    private readonly buf: number,
    private readonly maxBytes: number,
    sizeHint: number,
    known?: number,
  ) {
    const guess = Math.max(MIN_OUTPUT, sizeHint * 8);
    this.size = roundUp(known ?? Math.min(maxBytes, guess));
    this.ptr = wasm.exports.kh_out_new(this.size); // above the heap: it grows in place
    if (!this.ptr) throw new RangeError(`the decoder could not allocate ${formatBytes(this.size)}`);
    wasm.setBuf(buf, { out: this.ptr, outPos: 0, outSize: this.size });
    this.crc = new Crc64Pieces(wasm);
  }

  /** A fresh view of output [0, end) (the heap may have grown). */
  view(end: number): Uint8Array {
    return new Uint8Array(this.wasm.exports.memory.buffer, this.ptr, end);
  }

  /** More room, in place (the dictionary stays where it is); `inputOffset` names the place. */
  grow(dec: number, inputOffset: number): void {
    const max = this.maxBytes;
    if (this.size >= max) throw explain.outputOverLimit(inputOffset, max);
    const size = roundUp(Math.min(max, Math.ceil(this.size * 1.5)));
    if (!this.wasm.exports.kh_out_extend(this.buf, size)) {
      throw new RangeError(`the decoder could not grow its output to ${formatBytes(size)}`);
    }
    this.wasm.exports.kh_out_grown(dec, this.buf, size);
    this.size = size;
    this.notePeak();
  }

  /** Finished output up to `outPos` of a stream that began at `streamStart`: to CRC64 when it is checked so. */
  take(outPos: number, streamStart: number, crc64: () => boolean, inputOffset: number): void {
    if (outPos > this.maxBytes) throw explain.outputOverLimit(inputOffset, this.maxBytes);
    if (outPos <= this.reported) return;
    if (crc64()) this.crc.add(this.ptr, Math.max(this.reported, streamStart), outPos);
    this.reported = outPos;
  }

  /** The stream from `streamStart` is decoded again: its pieces are forgotten. */
  redoFrom(streamStart: number): void {
    this.crc.dropFrom(streamStart);
    this.reported = streamStart;
  }

  /** Every CRC64 piece asked for is computed. */
  settle(): Promise<void> {
    return this.crc.settle();
  }

  /** A block's check value, computed from the output in the heap. */
  digest(checkId: number, offset: number, size: number): Uint8Array {
    if (checkId === CHECK_CRC64) {
      const crc = this.crc.crcOf(this.ptr, offset, offset + size);
      const out = new Uint8Array(8);
      new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, crc), true);
      return out;
    }
    const hasher = new BlockHasher(this.wasm, checkId);
    hasher.update(this.ptr + offset, size);
    return hasher.digest();
  }

  notePeak(): void {
    this.peakWasmBytes = Math.max(this.peakWasmBytes, this.wasm.memoryBytes);
  }
}
