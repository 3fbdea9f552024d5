// One 512-byte tar header block: field layout (POSIX ustar, with the GNU and
// v7 variants GNU tar reads), numbers in octal or base-256, and the checksum.
import { decodeUtf8 } from './file-text';
import { TarError } from './tar-error';

export const BLOCK_SIZE = 512;

/** Where each field sits in the block: [start, length]. */
const FIELD = {
  name: [0, 100],
  mode: [100, 8],
  uid: [108, 8],
  gid: [116, 8],
  size: [124, 12],
  mtime: [136, 12],
  checksum: [148, 8],
  linkname: [157, 100],
  magic: [257, 8],
  uname: [265, 32],
  gname: [297, 32],
  devmajor: [329, 8],
  devminor: [337, 8],
  prefix: [345, 155],
} as const;
const TYPEFLAG_AT = 156;

type NumericField =
  'mode' | 'uid' | 'gid' | 'size' | 'mtime' | 'checksum' | 'devmajor' | 'devminor';

/** Which flavour wrote the header: POSIX ustar/pax, old GNU, or pre-POSIX v7. */
export type HeaderFormat = 'ustar' | 'gnu' | 'v7';

/** A header block as stored, before long names, pax records or path checks apply. */
export interface RawHeader {
  /** `prefix + '/' + name` for ustar headers, else `name`. */
  name: string;
  /** The typeflag character; '\0' stays '\0'. */
  typeflag: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  linkname: string;
  uname: string;
  gname: string;
  devmajor: number;
  devminor: number;
  format: HeaderFormat;
}

/** True when all 512 bytes at `offset` are zero: half of the end-of-archive marker. */
export function isZeroBlock(bytes: Uint8Array, offset: number): boolean {
  for (let i = offset, end = offset + BLOCK_SIZE; i < end; i++) {
    if (bytes[i] !== 0) return false;
  }
  return true;
}

/**
 * A NUL-terminated string field. Names are mostly ASCII: those become one
 * flat string straight from the bytes (no rope of one-character pieces for
 * the path checks and the Map to flatten); the rest go through TextDecoder.
 */
function readString(block: Uint8Array, [start, length]: readonly [number, number]): string {
  const end = start + length;
  let stop = start;
  let ascii = true;
  for (; stop < end; stop++) {
    const b = block[stop]!;
    if (b === 0) break;
    if (b > 0x7f) ascii = false;
  }
  if (stop === start) return '';
  const field = block.subarray(start, stop);
  if (!ascii) return decodeUtf8(field);
  return String.fromCharCode.apply(null, field as unknown as number[]);
}

/**
 * A numeric field: octal digits (leading spaces allowed, ended by space or
 * NUL), or GNU base-256 when the top bit of the first byte is set, with the
 * next bit as the sign (two's complement), as GNU tar's from_header reads it.
 * Returns null when the field holds something else.
 */
function parseNumber(block: Uint8Array, start: number, length: number): number | null {
  const first = block[start]!;
  if (first & 0x80) {
    let value = BigInt(first & 0x7f);
    for (let i = 1; i < length; i++) value = (value << 8n) | BigInt(block[start + i]!);
    if (first & 0x40) value -= 1n << BigInt(8 * length - 1);
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : null;
  }
  const end = start + length;
  let i = start;
  while (i < end && block[i] === 0x20) i++;
  let value = 0;
  for (; i < end; i++) {
    const c = block[i]!;
    if (c < 0x30 || c > 0x37) break;
    value = value * 8 + (c - 0x30);
  }
  if (i < end && block[i] !== 0x20 && block[i] !== 0) return null;
  return Number.isSafeInteger(value) ? value : null;
}

/** The checksum field, counted as eight spaces. */
const CHECKSUM_AS_SPACES = 8 * 0x20;

/**
 * The usual sum (bytes unsigned), four bytes at a time when the block is
 * 4-byte aligned: each 32-bit word adds its bytes in two 16-bit lanes
 * (at most 126 words x 510, so no lane overflows). The checksum field,
 * bytes 148..155, is words 37 and 38.
 */
function unsignedSum(block: Uint8Array): number {
  if (block.byteOffset % 4 !== 0) return sums(block).unsigned;
  const words = new Uint32Array(block.buffer, block.byteOffset, BLOCK_SIZE / 4);
  let lanes = 0;
  for (let i = 0; i < 128; i++) {
    if (i === 37) i = 39;
    const w = words[i]!;
    lanes += (w & 0x00ff00ff) + ((w >>> 8) & 0x00ff00ff);
  }
  return CHECKSUM_AS_SPACES + (lanes % 0x10000) + Math.floor(lanes / 0x10000);
}

/** Sums GNU tar accepts: the checksum field counted as spaces, bytes unsigned and signed. */
function sums(block: Uint8Array): { unsigned: number; signed: number } {
  let unsigned = CHECKSUM_AS_SPACES;
  let high = 0; // bytes over 127, which count 256 less when signed
  for (let i = 0; i < 148; i++) {
    const b = block[i]!;
    unsigned += b;
    high += b >> 7;
  }
  for (let i = 156; i < BLOCK_SIZE; i++) {
    const b = block[i]!;
    unsigned += b;
    high += b >> 7;
  }
  return { unsigned, signed: unsigned - 256 * high };
}

const USTAR = [0x75, 0x73, 0x74, 0x61, 0x72]; // "ustar"

function formatOf(block: Uint8Array): HeaderFormat {
  for (let i = 0; i < USTAR.length; i++) if (block[257 + i] !== USTAR[i]) return 'v7';
  // POSIX writes "ustar\0" "00"; old GNU writes "ustar " " \0".
  if (block[262] === 0x20) return 'gnu';
  return block[262] === 0 ? 'ustar' : 'v7';
}

/**
 * Reads and checks the header block at `offset` of `bytes` (which must hold
 * the whole block). Throws a TarError naming the field, the entry and the
 * offset when the checksum or a number is bad.
 */
export function readHeader(bytes: Uint8Array, offset: number): RawHeader {
  const block = bytes.subarray(offset, offset + BLOCK_SIZE);
  const format = formatOf(block);
  let name = readString(block, FIELD.name);
  if (format === 'ustar') {
    const prefix = readString(block, FIELD.prefix);
    if (prefix) name = `${prefix}/${name}`;
  }

  const stored = parseNumber(block, ...FIELD.checksum);
  // The signed sum (old tars) only when the usual one does not match.
  if (stored === null || stored !== unsignedSum(block)) {
    const { unsigned, signed } = sums(block);
    if (stored === null || (stored !== unsigned && stored !== signed)) {
      const storedText = stored === null ? 'unreadable' : `0${stored.toString(8)}`;
      throw new TarError(
        'checksum',
        'header checksum mismatch',
        offset,
        name,
        `stored ${storedText}, computed 0${unsigned.toString(8)}`,
      );
    }
  }

  const number = (field: NumericField): number => {
    const [start, length] = FIELD[field];
    const value = parseNumber(block, start, length);
    if (value === null) {
      throw new TarError(
        'bad-field',
        `${field} field is not a number in range`,
        offset + start,
        name,
      );
    }
    return value;
  };
  const typeflag = String.fromCharCode(block[TYPEFLAG_AT]!);
  const isDevice = typeflag === '3' || typeflag === '4';
  return {
    name,
    typeflag,
    mode: number('mode'),
    uid: number('uid'),
    gid: number('gid'),
    size: number('size'),
    mtime: number('mtime'),
    linkname: readString(block, FIELD.linkname),
    uname: format === 'v7' ? '' : readString(block, FIELD.uname),
    gname: format === 'v7' ? '' : readString(block, FIELD.gname),
    devmajor: isDevice ? number('devmajor') : 0,
    devminor: isDevice ? number('devminor') : 0,
    format,
  };
}

/** Bytes a member of `size` bytes occupies, padded to whole blocks. */
export function paddedSize(size: number): number {
  return Math.ceil(size / BLOCK_SIZE) * BLOCK_SIZE;
}
