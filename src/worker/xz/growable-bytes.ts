/**
 * Bytes that grow in place: a resizable ArrayBuffer, so views handed out
 * earlier (tar entries over a still-decoding archive) stay valid and no
 * doubling copy ever holds two versions of the data. Some Web APIs,
 * TextDecoder among them, refuse views of a resizable buffer: sealFixed()
 * moves the bytes into a fixed-length one at the end, costing one piece
 * more, not a second copy (Chromium's transferToFixedLength copies all of
 * it while the old buffer still holds everything).
 */

/** sealFixed() moves this much at a time, shrinking the old buffer behind it. */
const MOVE_PIECE = 8 * 1024 * 1024;

export class GrowableBytes {
  private buffer: ArrayBufferLike;
  private readonly base: number;
  private fixed: boolean;
  private used = 0;

  /** With `existing`: those bytes as they are (no copy), and nothing may be appended. */
  constructor(maxBytes: number, sizeHint = 0, existing?: Uint8Array) {
    this.fixed = existing !== undefined;
    this.buffer =
      existing?.buffer ??
      new ArrayBuffer(Math.min(sizeHint, maxBytes), { maxByteLength: maxBytes });
    this.base = existing?.byteOffset ?? 0;
    this.used = existing?.length ?? 0;
  }

  get length(): number {
    return this.used;
  }

  get maxLength(): number {
    return this.fixed ? this.used : (this.buffer as ArrayBuffer).maxByteLength;
  }

  /** Appends bytes; the caller checks maxLength first. */
  append(bytes: Uint8Array): void {
    if (this.fixed) throw new RangeError('GrowableBytes: these bytes were given whole');
    const buffer = this.buffer as ArrayBuffer;
    const end = this.used + bytes.length;
    if (end > buffer.byteLength) {
      // Grow by at least an eighth: few resizes, little slack.
      const want = Math.max(end, Math.floor(buffer.byteLength * 1.125));
      buffer.resize(Math.min(want, buffer.maxByteLength));
    }
    new Uint8Array(buffer, this.used, bytes.length).set(bytes);
    this.used = end;
  }

  /** A view of [offset, offset + size) of what is written so far. */
  view(offset = 0, size = this.used - offset): Uint8Array {
    return new Uint8Array(this.buffer, this.base + offset, size);
  }

  /** Trims the slack and returns a view of everything (the buffer stays resizable). */
  seal(): Uint8Array {
    if (!this.fixed) (this.buffer as ArrayBuffer).resize(this.used);
    return this.view();
  }

  /**
   * Everything in a fixed-length buffer, moved a piece at a time from the
   * end while the resizable one shrinks (its pages go back as it does).
   * Views handed out before are left empty; nothing may be appended after.
   * `onPiece` is told after each piece (a progress bar's heartbeat: 250 MiB take a third of a second).
   */
  sealFixed(onPiece?: () => void): Uint8Array {
    if (this.fixed) return this.view();
    const old = this.buffer as ArrayBuffer;
    const fixed = new ArrayBuffer(this.used);
    for (let end = this.used; end > 0;) {
      const start = Math.max(0, end - MOVE_PIECE);
      new Uint8Array(fixed, start, end - start).set(new Uint8Array(old, start, end - start));
      old.resize(start);
      end = start;
      onPiece?.();
    }
    this.buffer = fixed;
    this.fixed = true;
    return this.view();
  }
}
