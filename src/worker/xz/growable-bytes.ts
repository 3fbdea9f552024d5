/**
 * Bytes that grow in place: a resizable ArrayBuffer, so views handed out
 * earlier (tar entries over a still-decoding archive) stay valid and no
 * doubling copy ever holds two versions of the data. The buffer stays
 * resizable to the end (making it fixed would copy it: Chromium's
 * transferToFixedLength does): some Web APIs, TextDecoder among them,
 * refuse such views, so pass them a slice. When the size is known before
 * the first byte (a Content-Length), `expecting` takes a fixed buffer of
 * exactly that size instead, which needs neither resize nor copy; more
 * bytes than announced move it once into a resizable one.
 */
export class GrowableBytes {
  private buffer: ArrayBufferLike;
  private readonly base: number;
  private mode: 'given' | 'exact' | 'growing';
  private used = 0;

  /** With `existing`: those bytes as they are (no copy), and nothing may be appended. */
  constructor(
    private readonly maxBytes: number,
    sizeHint = 0,
    existing?: Uint8Array,
  ) {
    this.mode = existing ? 'given' : 'growing';
    this.buffer =
      existing?.buffer ??
      new ArrayBuffer(Math.min(sizeHint, maxBytes), { maxByteLength: maxBytes });
    this.base = existing?.byteOffset ?? 0;
    this.used = existing?.length ?? 0;
  }

  /** Room for exactly `size` bytes in a fixed buffer (see above); up to `maxBytes` all the same. */
  static expecting(size: number, maxBytes: number): GrowableBytes {
    const bytes = new GrowableBytes(maxBytes);
    bytes.buffer = new ArrayBuffer(Math.min(size, maxBytes));
    bytes.mode = 'exact';
    return bytes;
  }

  get length(): number {
    return this.used;
  }

  get maxLength(): number {
    return this.mode === 'given' ? this.used : this.maxBytes;
  }

  /** Appends bytes; the caller checks maxLength first. */
  append(bytes: Uint8Array): void {
    if (this.mode === 'given') throw new RangeError('GrowableBytes: these bytes were given whole');
    const end = this.used + bytes.length;
    if (end > this.buffer.byteLength) this.makeRoom(end);
    new Uint8Array(this.buffer, this.used, bytes.length).set(bytes);
    this.used = end;
  }

  /** A view of [offset, offset + size) of what is written so far. */
  view(offset = 0, size = this.used - offset): Uint8Array {
    return new Uint8Array(this.buffer, this.base + offset, size);
  }

  /** Trims the slack (a resizable buffer) and returns a view of everything. */
  seal(): Uint8Array {
    if (this.mode === 'growing') (this.buffer as ArrayBuffer).resize(this.used);
    return this.view();
  }

  private makeRoom(end: number): void {
    let buffer = this.buffer as ArrayBuffer;
    if (this.mode === 'exact') {
      // More than announced: the one copy, into a buffer that can grow from here.
      const grown = new ArrayBuffer(buffer.byteLength, { maxByteLength: this.maxBytes });
      new Uint8Array(grown).set(new Uint8Array(buffer, 0, this.used));
      this.buffer = buffer = grown;
      this.mode = 'growing';
    }
    // Grow by at least an eighth: few resizes, little slack.
    const want = Math.max(end, Math.floor(buffer.byteLength * 1.125));
    buffer.resize(Math.min(want, buffer.maxByteLength));
  }
}
