/**
 * One mount of the home disk (/root or /home) as the shell sees it: reads
 * come from the in-memory working copy (a TmpFs), every write changes the
 * copy and tells the disk which path changed, so it can be written to OPFS
 * (home-disk.ts). A write that would pass the disk's size fails first,
 * with ENOSPC naming the limit. stat also says who owns the entry (uid,
 * gid), which the disk keeps per entry.
 */
import type {
  BufferEncoding,
  CpOptions,
  FileContent,
  FsStat,
  IFileSystem,
  InMemoryFs,
  MkdirOptions,
  RmOptions,
} from 'just-bash';
import { FsError } from './errno';
import { entryMap, type InMemoryEntry } from './just-bash-internals';
import { normalize } from './tmpfs';

/** What a mount asks of its disk. */
export interface DiskAccount {
  /** Throws ENOSPC (naming the limit) when `grow` more bytes would not fit. */
  reserve(path: string, grow: number): void;
  /** The path (absolute, on the machine) changed. */
  touched(path: string): void;
  /** Who owns an entry: the disk's record, else whoever is creating it. */
  ownerOf(path: string): { uid: number; gid: number };
  /** Size of a file whose bytes are still on the disk only. */
  lazySize(entry: InMemoryEntry): number | undefined;
  chown(path: string, uid: number, gid: number): void;
}

export type DiskStat = FsStat & { uid: number; gid: number };

type ReadFileOptions = Exclude<Parameters<InMemoryFs['readFile']>[1], string | undefined>;
type WriteFileOptions = Exclude<Parameters<InMemoryFs['writeFile']>[2], string | undefined>;

const encoder = new TextEncoder();

function byteLength(content: FileContent, options?: WriteFileOptions | BufferEncoding): number {
  if (content instanceof Uint8Array) return content.byteLength;
  const enc = typeof options === 'string' ? options : options?.encoding;
  if (enc === 'binary' || enc === 'latin1' || enc === 'ascii') return content.length;
  if (enc === 'hex') return content.length >> 1;
  if (enc === 'base64') return Math.floor((content.replace(/=+$/, '').length * 3) / 4);
  return encoder.encode(content).byteLength;
}

export class DiskFs implements IFileSystem {
  constructor(
    /** Where this mount sits on the machine: '/root' or '/home'. */
    readonly mountPoint: string,
    readonly mem: InMemoryFs,
    private readonly disk: DiskAccount,
  ) {}

  /** The machine path of a path inside this mount. */
  full(path: string): string {
    const p = normalize(path);
    return p === '/' ? this.mountPoint : `${this.mountPoint}${p}`;
  }

  private entry(path: string): InMemoryEntry | undefined {
    return entryMap(this.mem).get(normalize(path));
  }

  /** Bytes held under a path (a file, or a directory's files), for what a removal frees. */
  private bytesUnder(path: string): number {
    const at = normalize(path);
    const prefix = at === '/' ? '/' : `${at}/`;
    let n = 0;
    for (const [p, e] of entryMap(this.mem)) {
      if ((p === at || p.startsWith(prefix)) && e.type === 'file') n += this.sizeOf(e);
    }
    return n;
  }

  private sizeOf(e: InMemoryEntry): number {
    if (e.type !== 'file') return 0;
    if (e.content === undefined) return this.disk.lazySize(e) ?? 0;
    return typeof e.content === 'string'
      ? encoder.encode(e.content).byteLength
      : e.content.byteLength;
  }

  private withOwner(st: FsStat, path: string): DiskStat {
    return Object.assign(st, this.disk.ownerOf(this.full(path)));
  }

  /** A file whose bytes were not read yet is stat'ed without reading them. */
  private async statOf(path: string, follow: boolean): Promise<DiskStat> {
    const real = follow ? await this.mem.realpath(path).catch(() => undefined) : normalize(path);
    const e = real === undefined ? undefined : this.entry(real);
    if (e?.type === 'file' && e.content === undefined) {
      const size = this.disk.lazySize(e) ?? 0;
      const st = { isFile: true, isDirectory: false, isSymbolicLink: false, mode: e.mode, size };
      return this.withOwner({ ...st, mtime: e.mtime }, real!);
    }
    const st = follow ? await this.mem.stat(path) : await this.mem.lstat(path);
    return this.withOwner(st, real ?? path);
  }

  stat(path: string): Promise<FsStat> {
    return this.statOf(path, true);
  }

  lstat(path: string): Promise<FsStat> {
    return this.statOf(path, false);
  }

  readFile(path: string, options?: ReadFileOptions | BufferEncoding): Promise<string> {
    return this.mem.readFile(path, options);
  }

  readFileBytes(path: string) {
    return this.mem.readFileBytes(path);
  }

  readFileBuffer(path: string): Promise<Uint8Array> {
    return this.mem.readFileBuffer(path);
  }

  exists(path: string): Promise<boolean> {
    return this.mem.exists(path);
  }

  readdir(path: string): Promise<string[]> {
    return this.mem.readdir(path);
  }

  readdirWithFileTypes(path: string) {
    return this.mem.readdirWithFileTypes(path);
  }

  readlink(path: string): Promise<string> {
    return this.mem.readlink(path);
  }

  realpath(path: string): Promise<string> {
    return this.mem.realpath(path);
  }

  resolvePath(base: string, path: string): string {
    return this.mem.resolvePath(base, path);
  }

  getAllPaths(): string[] {
    return this.mem.getAllPaths();
  }

  private changed(path: string): void {
    this.disk.touched(this.full(path));
  }

  async writeFile(
    path: string,
    content: FileContent,
    options?: WriteFileOptions | BufferEncoding,
  ): Promise<void> {
    const old = this.entry(path);
    this.disk.reserve(path, byteLength(content, options) - (old ? this.sizeOf(old) : 0));
    try {
      await this.mem.writeFile(path, content, options);
    } finally {
      this.changed(path);
    }
  }

  async appendFile(
    path: string,
    content: FileContent,
    options?: WriteFileOptions | BufferEncoding,
  ): Promise<void> {
    this.disk.reserve(path, byteLength(content, options));
    try {
      await this.mem.appendFile(path, content, options);
    } finally {
      this.changed(path);
    }
  }

  async mkdir(path: string, options?: MkdirOptions): Promise<void> {
    await this.mem.mkdir(path, options);
    this.changed(path);
  }

  async rm(path: string, options?: RmOptions): Promise<void> {
    const freed = this.bytesUnder(path);
    try {
      await this.mem.rm(path, options);
    } finally {
      if (!this.entry(path)) this.disk.reserve(path, -freed);
      this.changed(path);
    }
  }

  async cp(src: string, dest: string, options?: CpOptions): Promise<void> {
    this.disk.reserve(dest, this.bytesUnder(src));
    try {
      await this.mem.cp(src, dest, options);
    } finally {
      this.changed(dest);
    }
  }

  async mv(src: string, dest: string): Promise<void> {
    // Who owned what moves along with it.
    const owners = new Map<string, { uid: number; gid: number }>();
    const from = normalize(src);
    for (const p of entryMap(this.mem).keys()) {
      if (p === from || p.startsWith(`${from}/`)) owners.set(p, this.disk.ownerOf(this.full(p)));
    }
    try {
      await this.mem.mv(src, dest);
    } finally {
      const to = normalize(dest);
      for (const [p, o] of owners) {
        const moved = `${to}${p.slice(from.length)}`;
        if (this.entry(moved)) this.disk.chown(this.full(moved), o.uid, o.gid);
      }
      this.changed(src);
      this.changed(dest);
    }
  }

  async chmod(path: string, mode: number): Promise<void> {
    await this.mem.chmod(path, mode);
    this.changed(path);
  }

  /** chown(2) on the disk's record of the entry (the working copy has no owners). */
  async chown(path: string, uid: number, gid: number): Promise<void> {
    if (!(await this.mem.exists(path)) && !this.entry(path)) {
      throw new FsError('ENOENT', 'chown', path);
    }
    this.disk.chown(this.full(path), uid, gid);
    this.changed(path);
  }

  async symlink(target: string, linkPath: string): Promise<void> {
    await this.mem.symlink(target, linkPath);
    this.changed(linkPath);
  }

  async link(existingPath: string, newPath: string): Promise<void> {
    await this.mem.link(existingPath, newPath);
    this.changed(newPath);
  }

  async utimes(path: string, atime: Date, mtime: Date): Promise<void> {
    await this.mem.utimes(path, atime, mtime);
    this.changed(path);
  }
}
