// The directory tree of a mounted archive, built from index entries in
// archive order, the way GNU tar would extract them: later duplicates
// replace earlier ones, hard links share their target's node (inode), and
// directories implied by a member's path exist without entries of their own.
import type { TarEntry } from './tar-entry';

/** One directory entry as just-bash's readdirWithFileTypes returns it. */
export interface Dirent {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
}

export interface DirNode {
  kind: 'directory';
  ino: number;
  mode: number;
  /** Seconds since the epoch. */
  mtime: number;
  /** The member that made it, if any (implied directories have none). */
  entry?: TarEntry;
  children: Map<string, TreeNode>;
  /** Sorted listing, rebuilt after the children change. */
  listing: Dirent[] | null;
}

export interface FileNode {
  kind: 'file';
  ino: number;
  /** The member holding the bytes (for a hard link: its target). */
  entry: TarEntry;
  /** Bytes of data: the entry's size for regular files, 0 for devices and fifos. */
  size: number;
}

export interface SymlinkNode {
  kind: 'symlink';
  ino: number;
  entry: TarEntry;
  target: string;
}

export type TreeNode = DirNode | FileNode | SymlinkNode;

/** A member the tree could not place, and why (shown to the user). */
export interface SkippedEntry {
  entry: TarEntry;
  reason: string;
}

export class ArchiveTree {
  readonly root: DirNode;
  readonly skipped: SkippedEntry[] = [];
  /** Bumped on every change, so caches over the whole tree know when to rebuild. */
  version = 0;
  private nextIno = 1;

  constructor() {
    this.root = this.directory(0o755, 0);
  }

  add(entry: TarEntry): void {
    if (entry.path === '') {
      if (entry.type === 'directory') {
        this.root.mode = entry.mode;
        this.root.mtime = entry.mtime;
        this.root.entry = entry;
      } else {
        this.skipped.push({
          entry,
          reason: 'its name is empty once leading slashes and ".." are removed',
        });
      }
      return;
    }
    const node = this.nodeFor(entry);
    if (node) this.place(entry, node);
  }

  private nodeFor(entry: TarEntry): TreeNode | null {
    switch (entry.type) {
      case 'directory':
        return { ...this.directory(entry.mode, entry.mtime), entry };
      case 'symlink':
        return { kind: 'symlink', ino: this.nextIno++, entry, target: entry.linkTarget ?? '' };
      case 'hardlink': {
        const target = this.lookupLiteral(entry.linkPath ?? '');
        if (target && target.kind !== 'directory') return target;
        const why = target ? 'is a directory' : 'does not exist (yet)';
        this.skipped.push({ entry, reason: `hard link target '${entry.linkPath}' ${why}` });
        return null;
      }
      default: {
        const size = entry.type === 'file' ? entry.size : 0;
        return { kind: 'file', ino: this.nextIno++, entry, size };
      }
    }
  }

  /** Puts a node at the entry's path, making (or turning into) directories on the way. */
  private place(entry: TarEntry, node: TreeNode): void {
    const parts = entry.path.split('/');
    const name = parts.pop()!;
    let dir = this.root;
    for (const part of parts) {
      const next = dir.children.get(part);
      if (next?.kind === 'directory') {
        dir = next;
      } else {
        const implied = this.directory(0o755, entry.mtime);
        this.set(dir, part, implied);
        dir = implied;
      }
    }
    const old = dir.children.get(name);
    if (old?.kind === 'directory' && node.kind === 'directory') {
      // A directory member again: new metadata, same contents (as tar extracts it).
      old.mode = node.mode;
      old.mtime = node.mtime;
      old.entry = entry;
      this.version++;
      return;
    }
    this.set(dir, name, node);
  }

  /** The node at a mount path, following no symlinks (as link(2) names its target). */
  lookupLiteral(path: string): TreeNode | undefined {
    let node: TreeNode | undefined = this.root;
    for (const part of path.split('/')) {
      if (part === '') continue;
      if (node?.kind !== 'directory') return undefined;
      node = node.children.get(part);
    }
    return node;
  }

  /** The directory's entries sorted by name, built once per change. */
  listing(dir: DirNode): Dirent[] {
    if (!dir.listing) {
      const names = [...dir.children.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      dir.listing = names.map((name) => {
        const kind = dir.children.get(name)!.kind;
        return {
          name,
          isFile: kind === 'file',
          isDirectory: kind === 'directory',
          isSymbolicLink: kind === 'symlink',
        };
      });
    }
    return dir.listing;
  }

  private set(dir: DirNode, name: string, node: TreeNode): void {
    dir.children.set(name, node);
    dir.listing = null;
    this.version++;
  }

  private directory(mode: number, mtime: number): DirNode {
    return {
      kind: 'directory',
      ino: this.nextIno++,
      mode,
      mtime,
      children: new Map(),
      listing: null,
    };
  }
}
