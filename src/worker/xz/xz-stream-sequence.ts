/**
 * Where the decoder is in a sequence of concatenated xz streams: the kernel's
 * copy decodes one stream per run, so the stream's start (in the input and
 * in the output), its number, the padding before the next one and what was
 * checked of it once are kept here.
 */
import * as explain from './xz-explain';
import { parseBlockHeader, STREAM_HEADER_SIZE } from './xz-format';

const CHECK_CRC64 = 4;

export class StreamSequence {
  /** Inside a stream (false between streams, where only padding may come). */
  inStream = true;
  /** The current stream's first byte in the input, and in the output. */
  offset = 0;
  outStart = 0;
  /** 1-based, as messages count streams. */
  count = 1;
  /** Zero bytes seen since the last stream ended (stream padding). */
  padding = 0;
  private dictChecked = false;
  private crc64: boolean | undefined;

  /** A zero byte between streams. */
  pad(): void {
    this.padding++;
  }

  /** The next stream starts at input `offset`, output `outPos`. */
  next(offset: number, outPos: number): void {
    if (this.padding % 4 !== 0) {
      throw explain.badPadding(`before byte offset ${offset}`, this.padding, offset);
    }
    this.inStream = true;
    this.offset = offset;
    this.outStart = outPos;
    this.crc64 = undefined;
    this.dictChecked = false;
    this.count++;
    this.padding = 0;
  }

  /** The current stream is decoded again from its start (a BCJ block redone whole). */
  restart(): void {
    this.dictChecked = false;
  }

  /** The input ended: inside a stream, or after padding that is not whole words, is an error. */
  checkEnd(total: number): void {
    if (this.inStream) throw explain.truncatedIn(total, this.count, this.offset);
    if (this.padding % 4 !== 0) {
      throw explain.badPadding('at the end of the input', this.padding, total);
    }
  }

  /** Whether the current stream is checked by CRC64 (its header's flags, read once). */
  checkedByCrc64(input: (offset: number, size: number) => Uint8Array): boolean {
    this.crc64 ??= (input(this.offset + 7, 1)[0]! & 0x0f) === CHECK_CRC64;
    return this.crc64;
  }

  /**
   * The dictionary limit, for each stream's first block: single-call mode
   * needs no dictionary buffer, but a block that asks for more than the
   * limit is refused the same way on every path.
   */
  checkDict(input: Uint8Array, maxDictBytes: number): void {
    if (this.dictChecked) return;
    const at = this.offset + STREAM_HEADER_SIZE;
    const header = parseBlockHeader(input, at);
    if (!header) return;
    this.dictChecked = true;
    if (header.dictBytes !== undefined && header.dictBytes > maxDictBytes) {
      throw explain.dictOverLimit(at, header.dictBytes, maxDictBytes);
    }
  }
}
