/**
 * The .xz container, read in TypeScript: stream headers and footers, the
 * index and block headers. The kernel's decoder does the real decoding; this
 * side knows the layout so it can size the output before decoding, find each
 * block's check field to verify what xz-embedded skips, and explain errors.
 * Layout from the .xz file format specification (tukaani.org, version 1.1.0).
 */
import { formatBytes } from '../../common/byte-size';
import { hasMagic } from '../../common/file-format';
import { XzError } from './xz-error';

export const STREAM_HEADER_SIZE = 12;
const FOOTER_MAGIC = [0x59, 0x5a]; // "YZ"

export type CheckName = 'None' | 'CRC32' | 'CRC64' | 'SHA-256' | `reserved 0x${string}`;

export function checkName(id: number): CheckName {
  const names: Record<number, CheckName> = { 0: 'None', 1: 'CRC32', 4: 'CRC64', 10: 'SHA-256' };
  return names[id] ?? `reserved 0x${id.toString(16).padStart(2, '0')}`;
}

/** Check field sizes by ID, in groups of three as the spec reserves them. */
export function checkSize(id: number): number {
  return id === 0 ? 0 : 4 << Math.floor((id - 1) / 3);
}

export const FILTER_NAMES: Record<number, string> = {
  0x03: 'Delta',
  0x04: 'x86 BCJ',
  0x05: 'PowerPC BCJ',
  0x06: 'IA-64 BCJ',
  0x07: 'ARM BCJ',
  0x08: 'ARM-Thumb BCJ',
  0x09: 'SPARC BCJ',
  0x0a: 'ARM64 BCJ',
  0x0b: 'RISC-V BCJ',
  0x21: 'LZMA2',
};
/** Filters the kernel's lib/xz (6.1) can decode, with every BCJ enabled. */
export const KERNEL_FILTERS = new Set([0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x21]);

export interface BlockLayout {
  /** Offset of the Block Header in the input. */
  offset: number;
  unpaddedSize: number;
  uncompressedOffset: number;
  uncompressedSize: number;
}

export interface StreamLayout {
  offset: number;
  /** End of the Stream Footer (exclusive), before any Stream Padding. */
  end: number;
  checkId: number;
  uncompressedOffset: number;
  uncompressedSize: number;
  blocks: BlockLayout[];
  /** Zero bytes after this stream's footer. */
  padding: number;
}

let crcTable: Uint32Array | undefined;

/** CRC32 (IEEE 802.3) of the small header, footer and index fields. */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let r = i;
      for (let k = 0; k < 8; k++) r = r & 1 ? (r >>> 1) ^ 0xedb88320 : r >>> 1;
      crcTable[i] = r >>> 0;
    }
  }
  let crc = ~0;
  for (const b of bytes) crc = crcTable[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

const le32 = (b: Uint8Array, at: number): number =>
  (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

const matches = (b: Uint8Array, at: number, magic: number[]): boolean =>
  magic.every((m, i) => b[at + i] === m);

/** A variable-length integer (up to 9 bytes, 7 bits each). */
export function readVli(b: Uint8Array, at: number, limit: number): [value: number, next: number] {
  let value = 0;
  for (let i = 0; i < 9; i++) {
    if (at + i >= limit)
      throw new XzError('corrupt', `index ends inside a number at byte offset ${at + i}`, at + i);
    const byte = b[at + i]!;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) {
      if (byte === 0 && i > 0) break;
      return [value, at + i + 1];
    }
  }
  throw new XzError('corrupt', `malformed number in the xz index at byte offset ${at}`, at);
}

/**
 * A stream's footer and index, read backwards from the end of the footer;
 * `start` is where `b` may hold them from (a whole file: after a stream header).
 */
function indexEndingAt(b: Uint8Array, end: number, start: number) {
  const footer = end - STREAM_HEADER_SIZE;
  if (footer < start || !matches(b, end - 2, FOOTER_MAGIC)) {
    throw new XzError('truncated', `no xz stream footer before byte offset ${end}`, end);
  }
  if (crc32(b.subarray(footer + 4, footer + 10)) !== le32(b, footer)) {
    throw new XzError('corrupt', `stream footer CRC32 mismatch at byte offset ${footer}`, footer);
  }
  const checkId = b[footer + 9]! & 0x0f;
  const indexSize = (le32(b, footer + 4) + 1) * 4;
  const indexStart = footer - indexSize;
  if (indexStart < start || b[indexStart] !== 0) {
    throw new XzError(
      'corrupt',
      `the stream footer at byte offset ${footer} points at no index`,
      footer,
    );
  }
  if (crc32(b.subarray(indexStart, footer - 4)) !== le32(b, footer - 4)) {
    throw new XzError('corrupt', `index CRC32 mismatch at byte offset ${indexStart}`, indexStart);
  }
  let [count, at] = readVli(b, indexStart + 1, footer);
  const records: [number, number][] = [];
  let compressed = 0;
  let uncompressed = 0;
  while (count-- > 0) {
    const [unpadded, next] = readVli(b, at, footer);
    const [size, after] = readVli(b, next, footer);
    records.push([unpadded, size]);
    compressed += Math.ceil(unpadded / 4) * 4;
    uncompressed += size;
    at = after;
  }
  return { footer, checkId, indexStart, records, compressed, uncompressed };
}

/** Size of the footer and index at the end of a file, from its footer (the last 12 bytes). */
export function indexSizeFromFooter(b: Uint8Array): number | undefined {
  if (b.length < STREAM_HEADER_SIZE || !matches(b, b.length - 2, FOOTER_MAGIC)) return undefined;
  return STREAM_HEADER_SIZE + (le32(b, b.length - 8) + 1) * 4;
}

/**
 * What bytes of a file that end with a stream's footer (`tail`: at least
 * its index and footer; they end at byte `endOffset` of the file) say of
 * that stream: its output size, and where in the file it starts (0: it is
 * the first). Throws an XzError when they are not an xz index.
 */
export function lastStreamFromTail(
  tail: Uint8Array,
  endOffset: number,
): { uncompressedSize: number; offset: number } {
  const { indexStart, compressed, uncompressed } = indexEndingAt(tail, tail.length, 0);
  const offset = endOffset - tail.length + indexStart - compressed - STREAM_HEADER_SIZE;
  if (offset < 0) {
    throw new XzError('corrupt', 'the xz index at the end of the file does not fit in it', 0);
  }
  return { uncompressedSize: uncompressed, offset };
}

/** Parses one stream backwards from the end of its footer. */
function streamEndingAt(b: Uint8Array, end: number, uncompressedEnd: number): StreamLayout {
  const { footer, checkId, indexStart, records, compressed, uncompressed } = indexEndingAt(
    b,
    end,
    STREAM_HEADER_SIZE,
  );
  const offset = indexStart - compressed - STREAM_HEADER_SIZE;
  if (offset < 0 || !hasMagic(b, 'xz', offset) || b[offset + 7] !== b[footer + 9]) {
    throw new XzError(
      'corrupt',
      `the index at byte offset ${indexStart} does not match its stream header`,
      indexStart,
    );
  }
  const uncompressedOffset = uncompressedEnd - uncompressed;
  let blockOffset = offset + STREAM_HEADER_SIZE;
  let blockOut = uncompressedOffset;
  const blocks = records.map(([unpaddedSize, uncompressedSize]) => {
    const block = {
      offset: blockOffset,
      unpaddedSize,
      uncompressedOffset: blockOut,
      uncompressedSize,
    };
    blockOffset += Math.ceil(unpaddedSize / 4) * 4;
    blockOut += uncompressedSize;
    return block;
  });
  return {
    offset,
    end,
    checkId,
    uncompressedOffset,
    uncompressedSize: uncompressed,
    blocks,
    padding: 0,
  };
}

/**
 * Reads every stream's layout from the end of the file backwards, as
 * `xz --list` does, so the total output size is known before decoding.
 */
export function locateStreams(b: Uint8Array): StreamLayout[] {
  const backwards: StreamLayout[] = [];
  let end = b.length;
  while (end > 0) {
    let padding = 0;
    while (end >= 4 && le32(b, end - 4) === 0) {
      end -= 4;
      padding += 4;
    }
    // Offsets are fixed up below, once the total size is known.
    const stream = streamEndingAt(b, end, 0);
    stream.padding = padding;
    backwards.push(stream);
    end = stream.offset;
  }
  const streams = backwards.reverse();
  let out = 0;
  for (const s of streams) {
    const shift = out - s.uncompressedOffset;
    s.uncompressedOffset += shift;
    for (const block of s.blocks) block.uncompressedOffset += shift;
    out += s.uncompressedSize;
  }
  return streams;
}

export interface BlockHeader {
  size: number;
  filters: { id: number; props: Uint8Array }[];
  /** LZMA2 dictionary size, when the chain ends in LZMA2. */
  dictBytes?: number;
}

/** LZMA2's one-byte dictionary size encoding. */
export function lzma2DictBytes(props: number): number | undefined {
  const bits = props & 0x3f;
  if (bits > 40) return undefined;
  return bits === 40 ? 0xffffffff : (2 | (bits & 1)) * 2 ** (Math.floor(bits / 2) + 11);
}

/** Parses a Block Header whose first byte is at `at`, or returns undefined. */
export function parseBlockHeader(b: Uint8Array, at: number): BlockHeader | undefined {
  if (at >= b.length || b[at] === 0) return undefined;
  const size = (b[at]! + 1) * 4;
  if (at + size > b.length || crc32(b.subarray(at, at + size - 4)) !== le32(b, at + size - 4)) {
    return undefined;
  }
  const flags = b[at + 1]!;
  let pos = at + 2;
  const end = at + size - 4;
  try {
    if (flags & 0x40) pos = readVli(b, pos, end)[1];
    if (flags & 0x80) pos = readVli(b, pos, end)[1];
    const filters = [];
    for (let i = 0; i <= (flags & 0x03); i++) {
      const [id, next] = readVli(b, pos, end);
      const [propsSize, propsAt] = readVli(b, next, end);
      filters.push({ id, props: b.subarray(propsAt, propsAt + propsSize) });
      pos = propsAt + propsSize;
    }
    const last = filters[filters.length - 1];
    const dictBytes = last?.id === 0x21 ? lzma2DictBytes(last.props[0] ?? 0xff) : undefined;
    return dictBytes === undefined ? { size, filters } : { size, filters, dictBytes };
  } catch {
    return undefined;
  }
}

/**
 * Finds the Block Header that ends at `end` (xz-embedded reads a whole header
 * before judging it), by trying every possible size against its CRC32.
 */
export function blockHeaderEndingAt(b: Uint8Array, end: number): BlockHeader | undefined {
  for (let size = 8; size <= 1024 && size <= end; size += 4) {
    const at = end - size;
    if ((b[at]! + 1) * 4 === size) {
      const header = parseBlockHeader(b, at);
      if (header) return header;
    }
  }
  return undefined;
}

/** Explains why the kernel's decoder refused a block header's options. */
export function describeUnsupported(header: BlockHeader | undefined, maxDict: number): string {
  if (!header) return 'an option the kernel xz decoder does not support';
  for (const f of header.filters) {
    if (!KERNEL_FILTERS.has(f.id)) {
      const name = FILTER_NAMES[f.id] ?? `unknown filter 0x${f.id.toString(16)}`;
      return `the ${name} filter (id 0x${f.id.toString(16).padStart(2, '0')}), which the kernel's xz decoder does not have`;
    }
    if (f.id !== 0x21 && f.props.length > 0) {
      return `a ${FILTER_NAMES[f.id]} filter with a start offset, which the kernel's xz decoder does not support`;
    }
  }
  if (header.dictBytes !== undefined && header.dictBytes > maxDict) {
    return `an LZMA2 dictionary of ${formatBytes(header.dictBytes)}, over the limit of ${formatBytes(maxDict)}`;
  }
  return 'a filter chain the kernel xz decoder does not support';
}

/**
 * LZMA_Alone (.lzma) has no magic: a properties byte (lc/lp/pb, at most
 * 224), a little-endian dictionary size, and a 64-bit size or all ones.
 */
export function looksLikeLegacyLzma(b: Uint8Array): boolean {
  if (b.length < 13 || b[0]! > 224) return false;
  const dict = le32(b, 1);
  const powerish = dict >= 4096 && (dict & (dict - 1)) === 0;
  const halfStep =
    dict >= 4096 && (((dict / 3) * 2) & ((dict / 3) * 2 - 1)) === 0 && dict % 3 === 0;
  return powerish || halfStep || dict === 0xffffffff;
}
