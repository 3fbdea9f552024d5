/**
 * The decoder's input: every compressed byte kept in place (a whole buffer
 * as given, a stream collected as it arrives), and the window of the wasm
 * heap the decoder reads from. A whole buffer is copied into the heap once
 * and decoded in steps over it; a stream goes through a fixed window.
 */
import * as explain from './xz-explain';
import { GrowableBytes } from './growable-bytes';
import type { XzWasm } from './xz-wasm';

const IN_WINDOW = 256 * 1024;

export class DecoderInput {
  private readonly bytes: GrowableBytes;
  /** The heap window (a stream) or the heap copy of all of it (a whole buffer). */
  ptr: number;
  /** All the input is in the heap: a cut BCJ block can be decoded again at once. */
  readonly whole: boolean;
  /** Input before this has been through the heap. */
  private fed = 0;
  /** Compressed offset of heap input byte 0 (streaming: the window's place). */
  heapOffset = 0;

  constructor(
    private readonly wasm: XzWasm,
    maxBytes: number,
    sizeHint: number,
    whole?: Uint8Array,
  ) {
    // A whole buffer is kept as given (no second copy); a stream collects in place.
    this.bytes = new GrowableBytes(maxBytes, sizeHint, whole);
    this.whole = whole !== undefined;
    this.ptr = whole ? wasm.copyIn(whole) : wasm.malloc(IN_WINDOW);
  }

  get length(): number {
    return this.bytes.length;
  }

  view(offset?: number, size?: number): Uint8Array {
    return this.bytes.view(offset, size);
  }

  /** Takes a chunk, within the limit. */
  push(chunk: Uint8Array): void {
    if (this.bytes.length + chunk.length > this.bytes.maxLength) {
      throw explain.inputOverLimit(this.bytes.maxLength, this.bytes.length);
    }
    this.bytes.append(chunk);
  }

  /** A whole buffer, all in the heap already. */
  fedWhole(): void {
    this.fed = this.bytes.length;
  }

  /**
   * The input not fed yet, a window at a time into the heap, each handed to
   * `decode(size)` until it returns false; all of it counts as fed.
   */
  feedWindows(decode: (size: number) => boolean): void {
    const bytes = this.bytes.view(this.fed);
    for (let pos = 0; pos < bytes.length; pos += IN_WINDOW) {
      const slice = bytes.subarray(pos, pos + IN_WINDOW);
      this.wasm.heap.set(slice, this.ptr);
      this.heapOffset = this.fed + pos;
      if (!decode(slice.length)) break;
    }
    this.fed += bytes.length;
  }

  /** All the input, in a buffer of its own length. */
  seal(): Uint8Array {
    return this.bytes.seal();
  }

  /** Frees the heap window. */
  release(): void {
    this.wasm.free(this.ptr);
    this.ptr = 0;
  }
}
