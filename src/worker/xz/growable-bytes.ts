/**
 * Bytes that grow in place: a resizable ArrayBuffer, so views handed out
 * earlier (tar entries over a still-decoding archive) stay valid and no
 * doubling copy ever holds two versions of the data. The buffer stays
 * resizable to the end (making it fixed would copy it): some Web APIs,
 * TextDecoder among them, refuse such views, so pass them a slice.
 */
export class GrowableBytes {
  private readonly buffer: ArrayBuffer;
  private used = 0;

  constructor(maxBytes: number, sizeHint = 0) {
    this.buffer = new ArrayBuffer(Math.min(sizeHint, maxBytes), { maxByteLength: maxBytes });
  }

  get length(): number {
    return this.used;
  }

  get maxLength(): number {
    return this.buffer.maxByteLength;
  }

  /** Appends bytes; the caller checks maxLength first. */
  append(bytes: Uint8Array): void {
    const end = this.used + bytes.length;
    if (end > this.buffer.byteLength) {
      // Grow by at least an eighth: few resizes, little slack.
      const want = Math.max(end, Math.floor(this.buffer.byteLength * 1.125));
      this.buffer.resize(Math.min(want, this.buffer.maxByteLength));
    }
    new Uint8Array(this.buffer, this.used, bytes.length).set(bytes);
    this.used = end;
  }

  /** A view of [offset, offset + size) of what is written so far. */
  view(offset = 0, size = this.used - offset): Uint8Array {
    return new Uint8Array(this.buffer, offset, size);
  }

  /** Trims the slack and returns a view of everything. */
  seal(): Uint8Array {
    this.buffer.resize(this.used);
    return this.view();
  }
}
