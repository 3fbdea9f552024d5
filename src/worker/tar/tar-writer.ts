// Writes a tar archive in GNU tar's own format (`tar --format=gnu`): ustar
// header blocks with the GNU magic, and a ././@LongLink member ('L' for a
// name, 'K' for a link target) before any member whose name or target does
// not fit in 100 bytes. Field layout as tar-header.ts reads it.
import { BLOCK_SIZE, paddedSize } from './tar-header';

export interface TarMember {
  /** Relative name; a directory's ends in '/'. */
  name: string;
  type: 'file' | 'directory' | 'symlink';
  mode: number;
  uid: number;
  gid: number;
  uname?: string;
  gname?: string;
  /** Seconds since the epoch. */
  mtime: number;
  /** A file's bytes. */
  body?: Uint8Array;
  /** A symlink's target. */
  target?: string;
}

const encoder = new TextEncoder();
const TYPEFLAG = { file: '0', directory: '5', symlink: '2' } as const;

function put(block: Uint8Array, at: number, length: number, text: string): void {
  block.set(encoder.encode(text).subarray(0, length), at);
}

/** An octal field: digits, zero-padded, then NUL, as GNU tar writes them. */
function octal(block: Uint8Array, at: number, length: number, value: number): void {
  put(
    block,
    at,
    length,
    `${Math.max(0, Math.floor(value))
      .toString(8)
      .padStart(length - 1, '0')}\0`,
  );
}

function header(
  name: Uint8Array,
  typeflag: string,
  m: Pick<TarMember, 'mode' | 'uid' | 'gid' | 'mtime' | 'uname' | 'gname'>,
  size: number,
  link: Uint8Array = new Uint8Array(),
): Uint8Array {
  const block = new Uint8Array(BLOCK_SIZE);
  block.set(name.subarray(0, 100), 0);
  octal(block, 100, 8, m.mode & 0o7777);
  octal(block, 108, 8, m.uid);
  octal(block, 116, 8, m.gid);
  octal(block, 124, 12, size);
  octal(block, 136, 12, m.mtime);
  put(block, 156, 1, typeflag);
  block.set(link.subarray(0, 100), 157);
  put(block, 257, 8, 'ustar  \0');
  put(block, 265, 32, m.uname ?? '');
  put(block, 297, 32, m.gname ?? '');
  // The checksum counts its own field as eight spaces.
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  put(block, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

/** The GNU long-name ('L') or long-link ('K') member carrying `text`. */
function longLink(kind: 'L' | 'K', text: Uint8Array): Uint8Array[] {
  const body = new Uint8Array(paddedSize(text.length + 1));
  body.set(text);
  const h = header(
    encoder.encode('././@LongLink'),
    kind,
    { mode: 0o644, uid: 0, gid: 0, mtime: 0 },
    text.length + 1,
  );
  return [h, body];
}

/** The archive's bytes: each member's blocks, then the two zero blocks that end it. */
export function writeTar(members: Iterable<TarMember>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const m of members) {
    const name = encoder.encode(m.name);
    const target = encoder.encode(m.target ?? '');
    if (name.length > 100) parts.push(...longLink('L', name));
    if (target.length > 100) parts.push(...longLink('K', target));
    const size = m.type === 'file' ? (m.body?.length ?? 0) : 0;
    parts.push(header(name, TYPEFLAG[m.type], m, size, target));
    if (size) {
      const body = new Uint8Array(paddedSize(size));
      body.set(m.body!);
      parts.push(body);
    }
  }
  parts.push(new Uint8Array(2 * BLOCK_SIZE));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
