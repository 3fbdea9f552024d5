/**
 * The one file that reaches into just-bash's private filesystem fields
 * (pinned at 3.6.0 in package.json). InMemoryFs keeps every entry in one
 * private Map keyed by normalized path and counts its bytes privately;
 * MountableFs routes paths with private helpers. TmpFs (tmpfs.ts), the
 * snapshot (fs-snapshot.ts), meminfo and df (machine-fs.ts) and the mount
 * table's listing (mount-table.ts) use them only through here.
 *
 * `internalsMissing()` names whatever of it is gone; the shell checks it at
 * start and refuses to run on a just-bash it does not fit, and
 * test/worker/just-bash-internals.test.ts checks every shape and behaviour
 * used, so an upgrade that moves them fails there, by name, not somewhere
 * deep in a command.
 */
import type { IFileSystem, InMemoryFs, MountableFs } from 'just-bash';

type JustBash = typeof import('just-bash/browser');

/** An entry of InMemoryFs's Map, as 3.x stores it. */
export type InMemoryEntry =
  | { type: 'file'; content?: string | Uint8Array; mode: number; mtime: Date }
  | { type: 'directory'; mode: number; mtime: Date }
  | { type: 'symlink'; target: string; mode: number; mtime: Date };

interface InMemoryPrivates {
  data: Map<string, InMemoryEntry>;
  retainedBytes: number;
  ensureParentDirs(path: string): void;
  /** Throws its ENOSPC when `bytes` more would pass the byte limit. */
  assertCanAllocate(path: string, bytes: number): void;
  /** Stores the entry and keeps the byte count. */
  setEntry(path: string, entry: InMemoryEntry & { type: 'file'; content: Uint8Array }): void;
}

interface MountablePrivates {
  routePath(path: string): { fs: IFileSystem; relativePath: string };
  getChildMountPoints(path: string): string[];
}

const inMemory = (fs: InMemoryFs) => fs as unknown as InMemoryPrivates;
const mountable = (fs: MountableFs) => fs as unknown as MountablePrivates;

/** The entry Map (read it synchronously: no command runs meanwhile). */
export const entryMap = (fs: InMemoryFs): Map<string, InMemoryEntry> => inMemory(fs).data;

/** Puts another Map (one that also indexes by directory) in the entry Map's place. */
export function replaceEntryMap(fs: InMemoryFs, map: Map<string, InMemoryEntry>): void {
  for (const [k, v] of inMemory(fs).data) map.set(k, v);
  inMemory(fs).data = map;
}

/** Bytes the filesystem holds, as it counts them against its limit. */
export function retainedBytes(fs: InMemoryFs): number {
  const n = inMemory(fs).retainedBytes;
  return typeof n === 'number' ? n : 0;
}

export const ensureParentDirs = (fs: InMemoryFs, path: string): void =>
  inMemory(fs).ensureParentDirs(path);

/** InMemoryFs's own write of bytes to a normalized path: its limit check, then its store. */
export function storeFile(fs: InMemoryFs, path: string, content: Uint8Array, mode = 0o644): void {
  const self = inMemory(fs);
  self.assertCanAllocate(path, content.byteLength);
  self.setEntry(path, { type: 'file', content, mode, mtime: new Date() });
}

export const routePath = (fs: MountableFs, path: string) => mountable(fs).routePath(path);

export const childMountPoints = (fs: MountableFs, path: string): string[] =>
  mountable(fs).getChildMountPoints(path);

/** What of the above this copy of just-bash lacks, by name; empty when all fits. */
export function internalsMissing(jb: JustBash): string[] {
  const missing: string[] = [];
  const mem = new jb.InMemoryFs(undefined, { maxTotalBytes: 1024 }) as unknown as Record<
    string,
    unknown
  >;
  if (!(mem.data instanceof Map)) missing.push('InMemoryFs.data (Map)');
  if (typeof mem.retainedBytes !== 'number') missing.push('InMemoryFs.retainedBytes');
  for (const m of ['ensureParentDirs', 'assertCanAllocate', 'setEntry']) {
    if (typeof mem[m] !== 'function') missing.push(`InMemoryFs.${m}()`);
  }
  const mnt = new jb.MountableFs({ base: new jb.InMemoryFs() }) as unknown as Record<
    string,
    unknown
  >;
  for (const m of ['routePath', 'getChildMountPoints']) {
    if (typeof mnt[m] !== 'function') missing.push(`MountableFs.${m}()`);
  }
  return missing;
}
