/**
 * A read-only filesystem whose every directory listing and file body is
 * computed when asked, from a function of the kernel's state: procfs and
 * sysfs are views, never stored files, so loading a module makes its files
 * appear at once and unloading makes them vanish. File bodies may be the
 * kernel's own buffers (no copy).
 */
import type { FsStat, IFileSystem } from 'just-bash';
import { fixedView } from '../tar/file-text';
import { FsError } from './errno';
import type { Kernel } from '../kernel/kernel';

export type ViewBody = Uint8Array | string;

export type ViewNode =
  | { kind: 'dir'; mode?: number; children: () => Record<string, ViewNode> }
  | {
      kind: 'file';
      mode: number;
      /** What stat says: procfs says 0, sysfs text attributes 4096, binary attributes their size. */
      size: number;
      read: () => ViewBody | Promise<ViewBody>;
    }
  | { kind: 'symlink'; target: string };

type ReadFileOptions = Parameters<IFileSystem['readFile']>[1];
type ByteString = Awaited<ReturnType<NonNullable<IFileSystem['readFileBytes']>>>;

const encoder = new TextEncoder();

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return s;
}

function split(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.');
}

export class ViewFs implements IFileSystem {
  constructor(
    /** The mount's root directory. */
    private readonly root: () => ViewNode,
    /** Reported as every entry's mtime (the boot time, as on a real system). */
    private readonly mtime: Date,
    private readonly dev: number,
  ) {}

  private lookup(path: string, syscall: string, follow = true, hops = 0): ViewNode {
    let node = this.root();
    const parts = split(path);
    for (let i = 0; i < parts.length; i++) {
      if (node.kind === 'symlink') node = this.lookup(node.target, syscall, true, hops + 1);
      if (node.kind !== 'dir') throw new FsError('ENOTDIR', syscall, path);
      const next = node.children()[parts[i]!];
      if (!next) throw new FsError('ENOENT', syscall, path);
      node = next;
      if (node.kind === 'symlink' && (follow || i < parts.length - 1)) {
        if (hops > 40) throw new FsError('EINVAL', syscall, path);
        const base = `/${parts.slice(0, i).join('/')}`;
        node = this.lookup(this.resolvePath(base, node.target), syscall, true, hops + 1);
      }
    }
    return node;
  }

  private async body(path: string): Promise<Uint8Array> {
    const node = this.lookup(path, 'open');
    if (node.kind === 'dir') throw new FsError('EISDIR', 'read', path);
    if (node.kind !== 'file') throw new FsError('EINVAL', 'read', path);
    const b = await node.read();
    return typeof b === 'string' ? encoder.encode(b) : b;
  }

  async readFile(path: string, options?: ReadFileOptions): Promise<string> {
    const encoding = typeof options === 'string' ? options : options?.encoding;
    const bytes = await this.body(path);
    return encoding === 'latin1' || encoding === 'binary'
      ? latin1(bytes)
      : new TextDecoder().decode(fixedView(bytes)); // a loaded archive's buffer is resizable
  }

  /** The kernel's buffer itself for binary attributes: no copy. */
  readFileBuffer(path: string): Promise<Uint8Array> {
    return this.body(path);
  }

  async readFileBytes(path: string): Promise<ByteString> {
    return latin1(await this.body(path)) as unknown as ByteString;
  }

  async exists(path: string): Promise<boolean> {
    try {
      this.lookup(path, 'access');
      return true;
    } catch {
      return false;
    }
  }

  private statOf(node: ViewNode, ino: number): FsStat {
    const base = { isFile: false, isDirectory: false, isSymbolicLink: false, mtime: this.mtime };
    const id = { dev: this.dev, ino };
    switch (node.kind) {
      case 'dir':
        return { ...base, ...id, isDirectory: true, mode: node.mode ?? 0o555, size: 0 };
      case 'file':
        return { ...base, ...id, isFile: true, mode: node.mode, size: node.size };
      case 'symlink':
        return { ...base, ...id, isSymbolicLink: true, mode: 0o777, size: 0 };
    }
  }

  /** Stable inode numbers: a hash of the path. */
  private ino(path: string): number {
    let h = 2166136261;
    for (const c of split(path).join('/')) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
    return (h >>> 0) + 2;
  }

  async stat(path: string): Promise<FsStat> {
    return this.statOf(this.lookup(path, 'stat'), this.ino(path));
  }

  async lstat(path: string): Promise<FsStat> {
    return this.statOf(this.lookup(path, 'lstat', false), this.ino(path));
  }

  async readdir(path: string): Promise<string[]> {
    const node = this.lookup(path, 'scandir');
    if (node.kind !== 'dir') throw new FsError('ENOTDIR', 'scandir', path);
    return Object.keys(node.children()).sort();
  }

  async readdirWithFileTypes(
    path: string,
  ): Promise<{ name: string; isFile: boolean; isDirectory: boolean; isSymbolicLink: boolean }[]> {
    const node = this.lookup(path, 'scandir');
    if (node.kind !== 'dir') throw new FsError('ENOTDIR', 'scandir', path);
    return Object.entries(node.children())
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, n]) => ({
        name,
        isFile: n.kind === 'file',
        isDirectory: n.kind === 'dir',
        isSymbolicLink: n.kind === 'symlink',
      }));
  }

  async readlink(path: string): Promise<string> {
    const node = this.lookup(path, 'readlink', false);
    if (node.kind !== 'symlink') throw new FsError('EINVAL', 'readlink', path);
    return node.target;
  }

  async realpath(path: string): Promise<string> {
    this.lookup(path, 'realpath');
    return `/${split(path).join('/')}`;
  }

  resolvePath(base: string, path: string): string {
    const parts: string[] = [];
    for (const p of (path.startsWith('/') ? path : `${base}/${path}`).split('/')) {
      if (p === '' || p === '.') continue;
      if (p === '..') parts.pop();
      else parts.push(p);
    }
    return `/${parts.join('/')}`;
  }

  getAllPaths(): string[] {
    const out: string[] = [];
    const visit = (prefix: string, node: ViewNode, depth: number): void => {
      if (node.kind !== 'dir' || depth > 8) return;
      for (const [name, child] of Object.entries(node.children())) {
        out.push(`${prefix}/${name}`);
        visit(`${prefix}/${name}`, child, depth + 1);
      }
    };
    visit('', this.root(), 0);
    return out;
  }

  // Nothing here can be written: the kernel owns every file.
  private deny(syscall: string, path: string): never {
    throw new FsError('EACCES', syscall, path);
  }
  async writeFile(path: string): Promise<void> {
    this.deny('open', path);
  }
  async appendFile(path: string): Promise<void> {
    this.deny('open', path);
  }
  async mkdir(path: string): Promise<void> {
    this.deny('mkdir', path);
  }
  async rm(path: string): Promise<void> {
    this.lookup(path, 'rm', false);
    this.deny('rm', path);
  }
  async cp(_src: string, dest: string): Promise<void> {
    this.deny('cp', dest);
  }
  async mv(src: string): Promise<void> {
    this.deny('rename', src);
  }
  async chmod(path: string): Promise<void> {
    this.deny('chmod', path);
  }
  async symlink(_t: string, linkPath: string): Promise<void> {
    this.deny('symlink', linkPath);
  }
  async link(_e: string, newPath: string): Promise<void> {
    this.deny('link', newPath);
  }
  async utimes(path: string): Promise<void> {
    this.deny('utime', path);
  }
}

/**
 * kheaders.tar.xz where the kernel's era puts it (/proc before 5.2-rc4,
 * /sys/kernel since): read-only, its bytes the archive itself.
 */
export function kheadersNode(kernel: Kernel, at: string): Record<string, ViewNode> {
  if (kernel.headersPath() !== at) return {};
  return {
    'kheaders.tar.xz': {
      kind: 'file',
      mode: 0o444,
      size: kernel.artifacts.manifest.kheaders.bytes,
      // The bytes may still be arriving: a read waits for them.
      read: () => kernel.payloads().then((p) => p.headersXz),
    },
  };
}
