// A read-only filesystem over a tar index and its buffer, in just-bash's
// IFileSystem shape so it can be mounted in a MountableFs. File reads return
// views into the archive's buffer (no copy). The index may still be growing:
// every call first takes in the members parsed since the last one.
import type { ByteString, FileContent, FsStat, IFileSystem } from 'just-bash';
import { ArchiveTree, type Dirent, type SkippedEntry, type TreeNode } from './archive-tree';
import { decodeText, latin1, type TextEncodingName } from './file-text';
import { FsError } from '../vfs/errno';
import { walk, type Resolved } from './path-walk';
import type { TarIndex } from './tar-index';

type ReadFileOptions = Parameters<IFileSystem['readFile']>[1];

/** Device numbers for stat: one per mounted archive, so inode numbers never collide. */
let nextDev = 0x6b68_0001;

export class ArchiveFs implements IFileSystem {
  /** Identifies this mount in stat results (with the node's ino). */
  readonly dev = nextDev++;
  private readonly tree = new ArchiveTree();
  private absorbed = 0;
  private allPaths: { version: number; paths: string[] } | null = null;

  constructor(readonly index: TarIndex) {}

  /** Members that could not be placed in the tree (empty names, dangling hard links). */
  get skipped(): readonly SkippedEntry[] {
    this.sync();
    return this.tree.skipped;
  }

  /** Takes in the members the index parsed since the last call. */
  private sync(): ArchiveTree {
    const entries = this.index.entries;
    while (this.absorbed < entries.length) this.tree.add(entries[this.absorbed++]!);
    return this.tree;
  }

  private walk(path: string, syscall: string, followLast = true): Resolved {
    if (path.includes('\0')) throw new FsError('ENOENT', syscall, path, 'path contains a NUL byte');
    const maxHops = this.index.limits.maxSymlinkHops;
    return walk(this.sync(), path, { followLast, syscall, maxHops });
  }

  private fileBytes(path: string): Uint8Array {
    const { node } = this.walk(path, 'open');
    if (node.kind === 'directory') throw new FsError('EISDIR', 'read', path);
    if (node.kind !== 'file') throw new FsError('EINVAL', 'read', path); // unreachable: followed
    const start = node.entry.dataOffset;
    return this.index.bytes.subarray(start, start + node.size);
  }

  private statOf(node: TreeNode): FsStat {
    const base = {
      dev: this.dev,
      ino: node.ino,
      isFile: false,
      isDirectory: false,
      isSymbolicLink: false,
    };
    switch (node.kind) {
      case 'directory':
        return { ...base, isDirectory: true, mode: node.mode, size: 0, mtime: date(node.mtime) };
      case 'file':
        return {
          ...base,
          isFile: true,
          mode: node.entry.mode,
          size: node.size,
          mtime: date(node.entry.mtime),
        };
      case 'symlink':
        return {
          ...base,
          isSymbolicLink: true,
          mode: node.entry.mode,
          size: new TextEncoder().encode(node.target).length,
          mtime: date(node.entry.mtime),
        };
    }
  }

  async readFile(path: string, options?: ReadFileOptions): Promise<string> {
    const encoding = typeof options === 'string' ? options : (options?.encoding ?? undefined);
    return decodeText(this.fileBytes(path), encoding as TextEncodingName | undefined);
  }

  /** A view into the archive's buffer: no bytes are copied. */
  async readFileBuffer(path: string): Promise<Uint8Array> {
    return this.fileBytes(path);
  }

  async readFileBytes(path: string): Promise<ByteString> {
    // ByteString is just-bash's opaque name for a latin1 string (one char per byte).
    return latin1(this.fileBytes(path)) as unknown as ByteString;
  }

  async exists(path: string): Promise<boolean> {
    try {
      this.walk(path, 'access');
      return true;
    } catch {
      return false;
    }
  }

  async stat(path: string): Promise<FsStat> {
    return this.statOf(this.walk(path, 'stat').node);
  }

  async lstat(path: string): Promise<FsStat> {
    return this.statOf(this.walk(path, 'lstat', false).node);
  }

  private listing(path: string): Dirent[] {
    const { node } = this.walk(path, 'scandir');
    if (node.kind !== 'directory') throw new FsError('ENOTDIR', 'scandir', path);
    return this.tree.listing(node);
  }

  async readdir(path: string): Promise<string[]> {
    return this.listing(path).map((d) => d.name);
  }

  async readdirWithFileTypes(path: string): Promise<Dirent[]> {
    return this.listing(path).slice();
  }

  async readlink(path: string): Promise<string> {
    const { node } = this.walk(path, 'readlink', false);
    if (node.kind !== 'symlink') throw new FsError('EINVAL', 'readlink', path);
    return node.target;
  }

  async realpath(path: string): Promise<string> {
    return `/${this.walk(path, 'realpath').names.join('/')}`;
  }

  resolvePath(base: string, path: string): string {
    const joined = path.startsWith('/') ? path : `${base}/${path}`;
    const parts: string[] = [];
    for (const part of joined.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') parts.pop();
      else parts.push(part);
    }
    return `/${parts.join('/')}`;
  }

  getAllPaths(): string[] {
    const tree = this.sync();
    if (this.allPaths?.version !== tree.version) {
      const paths: string[] = [];
      const visit = (prefix: string, dir: TreeNode): void => {
        if (dir.kind !== 'directory') return;
        for (const { name } of tree.listing(dir)) {
          const path = `${prefix}/${name}`;
          paths.push(path);
          visit(path, dir.children.get(name)!);
        }
      };
      visit('', tree.root);
      this.allPaths = { version: tree.version, paths };
    }
    return this.allPaths.paths.slice();
  }

  // Writes: the archive is read-only. Like Linux, a name that must not exist
  // reports EEXIST and one that must exist reports ENOENT before EROFS.

  private refuse(syscall: string, path: string): never {
    throw new FsError('EROFS', syscall, path);
  }

  async writeFile(path: string, _content?: FileContent, _options?: unknown): Promise<void> {
    this.refuse('open', path);
  }

  async appendFile(path: string, _content?: FileContent, _options?: unknown): Promise<void> {
    this.refuse('open', path);
  }

  async mkdir(path: string, _options?: { recursive?: boolean }): Promise<void> {
    if (await this.exists(path)) throw new FsError('EEXIST', 'mkdir', path);
    this.refuse('mkdir', path);
  }

  async rm(path: string, options?: { force?: boolean }): Promise<void> {
    if (!(await this.exists(path))) {
      if (options?.force) return;
      throw new FsError('ENOENT', 'rm', path);
    }
    this.refuse('rm', path);
  }

  async cp(_src: string, dest: string, _options?: { recursive?: boolean }): Promise<void> {
    this.refuse('cp', dest);
  }

  async mv(src: string, _dest?: string): Promise<void> {
    this.refuse('rename', src);
  }

  async chmod(path: string, _mode?: number): Promise<void> {
    this.walk(path, 'chmod');
    this.refuse('chmod', path);
  }

  async symlink(_target: string, linkPath: string): Promise<void> {
    this.refuse('symlink', linkPath);
  }

  async link(_existingPath: string, newPath: string): Promise<void> {
    this.refuse('link', newPath);
  }

  async utimes(path: string, _atime?: Date, _mtime?: Date): Promise<void> {
    this.walk(path, 'utime');
    this.refuse('utime', path);
  }
}

function date(seconds: number): Date {
  return new Date(seconds * 1000);
}
