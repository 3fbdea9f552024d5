/**
 * What the user opens becomes part of the machine: a tar (from .tar.xz,
 * .tar.gz or .tar) mounts read-only at /mnt/<name> through ArchiveFs, its
 * files being views into the decoded buffer; a compressed single file that
 * is not a tar (a bare config.gz) mounts as one read-only file at
 * /mnt/<name without .gz/.xz>, as gunzip would have named it, so that
 * `grep IKHEADERS /mnt/config` works like `zcat /proc/config.gz | grep …`.
 */
import type { IFileSystem } from 'just-bash';
import type { ArchiveFormat } from '../../shared/worker-api';
import { ArchiveFs } from '../tar/archive-fs';
import { indexTarUntilError, type TarIndex } from '../tar/tar-index';
import { ViewFs } from './view-fs';

export interface ArchiveMount {
  /** Mount point, e.g. /mnt/kheaders.tar.xz. */
  path: string;
  /** The name the user's file had. */
  name: string;
  /** Members of the tar (duplicates included), or 1 for a single file. */
  entries: number;
  /** Bytes of the decoded archive (what `df` shows as its size and use). */
  bytes: number;
  fs: IFileSystem;
  /** Why it opened as one file rather than a tree, when it did. */
  notice?: string;
}

/** Where every archive goes, as a person would mount one by hand. */
export const MOUNT_ROOT = '/mnt';

/** Device number for single-file mounts (ArchiveFs numbers its own). */
const SINGLE_FILE_DEV = 0x6b68_f001;

/** A file name that is safe as one path component: no slashes, no `..`, nothing odd. */
export function safeName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const clean = base.replace(/[^\w.+@-]+/g, '_').slice(0, 120);
  return /^\.*$/.test(clean) ? 'archive' : clean;
}

/**
 * The decoder's output sits in a resizable ArrayBuffer, which TextDecoder,
 * Blob and just-bash's own InMemoryFs refuse (a `cp` out of the mount would
 * leave an unreadable file). Transferring it to a fixed length keeps the one
 * copy: the old buffer is detached, and nothing else holds it.
 */
export function fixedLength(bytes: Uint8Array): Uint8Array {
  const buffer = bytes.buffer;
  if (!(buffer instanceof ArrayBuffer) || !buffer.resizable) return bytes;
  if (bytes.byteOffset !== 0 || bytes.length !== buffer.byteLength) return bytes.slice();
  return new Uint8Array(buffer.transferToFixedLength());
}

/**
 * Makes the mount for decoded archive bytes, or throws the reason they are
 * not a usable archive (a TarError's message names the entry and offset).
 * `index` is theirs if the loader built it while decoding.
 */
export function prepareMount(
  name: string,
  format: ArchiveFormat,
  bytes: Uint8Array,
  index: TarIndex = indexTarUntilError(bytes),
): ArchiveMount {
  if (!index.error) {
    return {
      path: `${MOUNT_ROOT}/${safeName(name)}`,
      name,
      entries: index.entries.length,
      bytes: bytes.length,
      fs: new ArchiveFs(index),
    };
  }
  // A plain tar damaged part-way would mount a silently partial tree: refuse it.
  if (format === 'tar') throw index.error;
  // Compressed, but not a tar: one file, named as gunzip/unxz would name it.
  const fileName = safeName(name.replace(/\.(gz|xz)$/i, '') || name);
  const mtime = new Date();
  const fs = new ViewFs(
    () => ({ kind: 'file', mode: 0o444, size: bytes.length, read: () => bytes }),
    mtime,
    SINGLE_FILE_DEV,
  );
  // It decoded and verified, so it is kept whole, and the reason it is not a tree is said.
  const why = index.entries.length
    ? `it stops being one after ${index.entries.length} member(s): ${index.error.message}`
    : 'its first bytes are not a tar header';
  const notice = `${name} is not a tar archive (${why}); opened as one decoded file, ${MOUNT_ROOT}/${fileName} (${bytes.length} bytes)`;
  return {
    path: `${MOUNT_ROOT}/${fileName}`,
    name,
    entries: 1,
    bytes: bytes.length,
    fs: fs as IFileSystem,
    notice,
  };
}
