/**
 * The writable files of the machine (the root's own files, /tmp, /home) as
 * a list a restarted worker can write back. Read synchronously from
 * InMemoryFs's entry map, so no command can change the tree halfway
 * through; file contents are passed by reference (the snapshot's transfer
 * to the page is the copy), and hard links stay one object, as on the disk.
 */
import type { IFileSystem, InMemoryFs } from 'just-bash';
import type { SnapshotEntry } from '../../shared/worker-api';
import { entryMap } from './just-bash-internals';

/** Joins a mount point and a path inside it ("/tmp" + "/x" -> "/tmp/x"). */
function under(mountPoint: string, path: string): string {
  if (mountPoint === '/') return path;
  return path === '/' ? mountPoint : `${mountPoint}${path}`;
}

export function snapshotFs(mounts: readonly { path: string; fs: InMemoryFs }[]): SnapshotEntry[] {
  const out: SnapshotEntry[] = [];
  for (const { path: mountPoint, fs } of mounts) {
    for (const [path, e] of entryMap(fs)) {
      if (path === '/') continue;
      const base = { path: under(mountPoint, path), mode: e.mode, mtimeMs: e.mtime.getTime() };
      if (e.type === 'file') {
        // A lazy entry (not used by the machine) has no bytes yet: it restores empty.
        out.push({ ...base, type: 'file', content: e.content ?? new Uint8Array() });
      } else if (e.type === 'symlink') {
        out.push({ ...base, type: 'symlink', target: e.target });
      } else {
        out.push({ ...base, type: 'directory' });
      }
    }
  }
  return out;
}

/**
 * Writes a snapshot's entries back through the filesystem's own calls
 * (so byte accounting and limits hold). Directories get their times last,
 * after their contents stopped changing them.
 */
export async function restoreFs(fs: IFileSystem, entries: readonly SnapshotEntry[]): Promise<void> {
  for (const e of entries) {
    if (e.type === 'directory') {
      await fs.mkdir(e.path, { recursive: true });
    } else if (e.type === 'symlink') {
      await fs.rm(e.path, { force: true });
      await fs.symlink(e.target ?? '', e.path);
      continue;
    } else {
      await fs.writeFile(e.path, e.content ?? new Uint8Array());
    }
    await fs.chmod(e.path, e.mode & 0o7777);
    if (e.type === 'file') await fs.utimes(e.path, new Date(e.mtimeMs), new Date(e.mtimeMs));
  }
  for (const e of entries) {
    if (e.type === 'directory') await fs.utimes(e.path, new Date(e.mtimeMs), new Date(e.mtimeMs));
  }
}
