// A member of the archive as the index records it: metadata plus where its
// bytes sit in the decompressed buffer. Entries never hold bytes themselves.
import type { PaxRecords } from './pax';
import type { RawHeader } from './tar-header';
import { symlinkLeavesMount, toMountPath } from './tar-path';
import { TarError } from './tar-error';

export type TarEntryType =
  'file' | 'directory' | 'symlink' | 'hardlink' | 'character-device' | 'block-device' | 'fifo';

export interface TarEntry {
  /** The member's name as the archive gives it (after long names and pax), as `tar -t` lists it. */
  name: string;
  /** Path inside the mount: no leading '/', no '.', '..' or empty components; '' is the root. */
  path: string;
  type: TarEntryType;
  /** Permission bits (mode & 07777). */
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  /** Seconds since the epoch; pax headers may give a fraction. */
  mtime: number;
  /** Size as the header (or its pax record) gives it; the bytes at dataOffset for files. */
  size: number;
  /** Byte offset of the member's own ustar header block in the decompressed tar. */
  headerOffset: number;
  /** Byte offset of the member's data in the decompressed tar. */
  dataOffset: number;
  /** Link target exactly as stored (after long links and pax), as `tar -tv` shows it. */
  linkTarget?: string;
  /** Hard link: the mount path of the member it links to (made safe like `path`). */
  linkPath?: string;
  /** The name as the archive spells it, when it had to change to stay inside the mount. */
  sanitizedFrom?: string;
  /** The link points outside the mount; resolving it is refused. */
  linkEscapes?: boolean;
  devmajor?: number;
  devminor?: number;
}

/** What GNU long-name/long-link and pax headers said about the next member. */
export interface PendingMeta {
  longName?: string;
  longLink?: string;
  pax?: PaxRecords;
}

/**
 * The name a member goes by before sanitizing: local pax path, GNU long
 * name, global pax path (GNU tar 1.34 applies it), or the header's.
 */
export function memberName(raw: RawHeader, meta: PendingMeta, global: PaxRecords = {}): string {
  return meta.pax?.path ?? meta.longName ?? global.path ?? raw.name;
}

function typeOf(
  raw: RawHeader,
  trailingSlash: boolean,
  offset: number,
  name: string,
): TarEntryType {
  switch (raw.typeflag) {
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '3':
      return 'character-device';
    case '4':
      return 'block-device';
    case '5':
    case 'D': // GNU dumpdir: a directory whose data lists its contents
      return 'directory';
    case '6':
      return 'fifo';
    case 'S':
    case 'M':
    case 'N': {
      const what = {
        S: 'GNU sparse file',
        M: 'GNU multi-volume continuation',
        N: 'old GNU long name',
      };
      const label = what[raw.typeflag];
      throw new TarError(
        'unsupported',
        `unsupported member type '${raw.typeflag}' (${label})`,
        offset,
        name,
      );
    }
    default:
      // '0', '\0', '7' (contiguous) and unknown types read as regular files,
      // as GNU tar extracts them; a trailing slash marks an old-style directory.
      return trailingSlash ? 'directory' : 'file';
  }
}

/**
 * Builds the entry for the header at `offset`, given the pending long names
 * and the pax records (local ones win over global ones).
 */
export function buildEntry(
  raw: RawHeader,
  meta: PendingMeta,
  global: PaxRecords,
  size: number,
  offset: number,
): TarEntry {
  const name = memberName(raw, meta, global);
  const mount = toMountPath(name);
  const type = typeOf(raw, mount.trailingSlash, offset, name);
  const pax = meta.pax ?? {};
  const entry: TarEntry = {
    name,
    path: mount.path,
    type,
    mode: raw.mode & 0o7777,
    uid: pax.uid ?? global.uid ?? raw.uid,
    gid: pax.gid ?? global.gid ?? raw.gid,
    uname: pax.uname ?? global.uname ?? raw.uname,
    gname: pax.gname ?? global.gname ?? raw.gname,
    mtime: pax.mtime ?? global.mtime ?? raw.mtime,
    size,
    headerOffset: offset,
    dataOffset: offset + 512,
  };
  if (mount.renamed) entry.sanitizedFrom = name;
  if (type === 'character-device' || type === 'block-device') {
    entry.devmajor = raw.devmajor;
    entry.devminor = raw.devminor;
  }
  const link = pax.linkpath ?? meta.longLink ?? global.linkpath ?? raw.linkname;
  if (type === 'symlink') {
    entry.linkTarget = link;
    if (symlinkLeavesMount(entry.path, link)) entry.linkEscapes = true;
  } else if (type === 'hardlink') {
    const target = toMountPath(link);
    entry.linkTarget = link;
    entry.linkPath = target.path;
    if (target.renamed) entry.linkEscapes = true;
  }
  return entry;
}
