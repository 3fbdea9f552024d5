/**
 * What a file is, from its first bytes: the one table of magic numbers the
 * machine and the page share (the archive loader, tar's auto-detection,
 * gzip and the xz tools, the viewer). Magics as each format's specification
 * gives them (.xz 1.1.0, RFC 1952, POSIX ustar at offset 257, …).
 */
export type FileFormat = 'xz' | 'gzip' | 'bzip2' | 'zstd' | 'lzip' | 'zip' | 'tar' | 'html';

/** Enough bytes to see every magic below, the tar header's "ustar" at 257 included. */
export const SNIFF_BYTES = 512;

const MAGIC: Record<Exclude<FileFormat, 'html'>, readonly [offset: number, bytes: number[]]> = {
  xz: [0, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  gzip: [0, [0x1f, 0x8b]],
  bzip2: [0, [0x42, 0x5a, 0x68]], // "BZh"
  zstd: [0, [0x28, 0xb5, 0x2f, 0xfd]],
  lzip: [0, [0x4c, 0x5a, 0x49, 0x50]], // "LZIP"
  zip: [0, [0x50, 0x4b, 0x03, 0x04]], // "PK\3\4"
  tar: [257, [0x75, 0x73, 0x74, 0x61, 0x72]], // "ustar"
};

/** The xz stream header magic, for messages that quote it. */
export const XZ_MAGIC: readonly number[] = MAGIC.xz[1];

/** Whether `bytes` carries the format's magic (at `at`, for data inside a larger buffer). */
export function hasMagic(bytes: Uint8Array, format: keyof typeof MAGIC, at = 0): boolean {
  const [offset, magic] = MAGIC[format];
  return magic.every((m, i) => bytes[at + offset + i] === m);
}

/** Checked in this order: compressors first, a page served instead of a file before tar. */
const ORDER = ['xz', 'gzip', 'bzip2', 'zstd', 'lzip', 'zip'] as const;

/** Names the format of the first bytes, or undefined when no magic fits. */
export function sniffFormat(head: Uint8Array): FileFormat | undefined {
  const found = ORDER.find((f) => hasMagic(head, f));
  if (found) return found;
  const text = String.fromCharCode(...head.subarray(0, 64))
    .trimStart()
    .toLowerCase();
  if (text.startsWith('<!doctype html') || text.startsWith('<html')) return 'html';
  return hasMagic(head, 'tar') ? 'tar' : undefined;
}

/** The format in a sentence's words: "the input looks like …". */
export function describeFormat(format: FileFormat): string {
  if (format === 'html') return 'a web page (HTML), not an archive: check the address';
  if (format === 'tar') return 'an uncompressed tar archive';
  return format;
}
