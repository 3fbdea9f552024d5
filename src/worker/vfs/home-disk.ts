/**
 * The machine's disk for /root and /home. The shell works on an in-memory
 * copy of the tree (TmpFs, one per mount: reads cost what /tmp's cost);
 * what changed is written to the journal in OPFS (opfs-store.ts) when a
 * command ends, and every second while a long one runs. At boot the
 * journal is replayed into the copy without reading file bytes: a file's
 * bytes are read from its blob the first time something reads them.
 *
 * Two tabs share one disk: before each command a tab reads the batches the
 * other appended since its last look and applies them, as two terminals on
 * one machine see each other's files. Batches are appended under one lock,
 * so every tab replays the same sequence and ends with the same tree; for
 * one path written by both, the later batch wins, whole.
 *
 * Where OPFS is missing the same mounts run with nothing kept (`kept` is
 * false and `why` says why).
 */
import type { InMemoryFs } from 'just-bash';
import type { DiskStatus } from '../../shared/worker-api';
import { formatBytes } from '../../common/byte-size';
import { DiskImage, parentOf, sameEntry, type DiskEntry, type DiskRecord } from './disk-records';
import { DiskFs, type DiskAccount } from './disk-fs';
import { FsError } from './errno';
import { entryMap, type InMemoryEntry } from './just-bash-internals';
import { OpfsStore } from './opfs-store';
import { tmpfsClass } from './tmpfs';

type JustBash = typeof import('just-bash/browser');

/** The OPFS folder of the site's disk. */
export const DISK_STORE = 'kh-disk';
/** The disk's size when the browser does not say what it grants (and the size of a disk that keeps nothing). */
export const DISK_BYTES_UNKNOWN = 96 * 1024 * 1024;
/** While a long command runs, its changes are written at least this often. */
const FLUSH_EVERY_MS = 1000;

export interface HomeDiskOptions {
  /** OPFS folder to keep the disk in; absent, the disk keeps nothing (tests, no OPFS). */
  store?: string;
  /** The disk's size instead of what the browser grants (tests). */
  quotaBytes?: number;
  /** Whoever creates an entry owns it: the shell's user. */
  owner?: () => { uid: number; gid: number };
}

/** Who owns what on the machine (FileOwners), as the disk uses it. */
export interface OwnerBook {
  of(path: string): { uid: number; gid: number };
  set(path: string, owner: { uid: number; gid: number }): void;
}

/** A file entry still on the disk only: its loader knows the blob and size. */
type LazyLoader = (() => Promise<Uint8Array>) & { blob: string; size: number };
const lazyOf = (e: InMemoryEntry): LazyLoader | undefined => {
  const lazy = (e as unknown as { lazy?: LazyLoader }).lazy;
  return lazy?.blob ? lazy : undefined;
};

/** The mounts, each with its mode on a fresh disk (as Debian makes them). */
const MOUNTS: readonly [string, number][] = [
  ['/root', 0o700],
  ['/home', 0o755],
];

export class HomeDisk implements DiskAccount {
  readonly mounts: DiskFs[];
  readonly image = new DiskImage();
  private store: OpfsStore | undefined;
  /** Why nothing is kept, when so. */
  why: string | undefined;
  /** The disk held files from an earlier boot. */
  rebooted = false;
  sizeBytes = DISK_BYTES_UNKNOWN;
  /** What the origin stores besides this disk (caches, the compiler), counted against the size. */
  private otherBytes = 0;
  mountMs = 0;
  private epoch: string | undefined;
  private offset = 0;
  private readonly dirty = new Set<string>();
  /** Owners set since the last write to the disk (chown, a move). */
  private readonly owners = new Map<string, { uid: number; gid: number }>();
  /** Bytes written or freed since the last write to the disk. */
  private pending = 0;
  /** Which blob holds a body already (a moved file, a hard link: no second copy). */
  private readonly blobOf = new WeakMap<Uint8Array, string>();
  private flushing: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;

  private constructor(
    jb: JustBash,
    private readonly options: HomeDiskOptions,
  ) {
    const TmpFs = tmpfsClass(jb);
    this.mounts = MOUNTS.map(
      ([path]) => new DiskFs(path, new TmpFs({ maxTotalBytes: Number.MAX_SAFE_INTEGER }), this),
    );
  }

  /** Opens the disk and loads its tree; never throws (a disk that cannot open keeps nothing). */
  static async open(jb: JustBash, options: HomeDiskOptions = {}): Promise<HomeDisk> {
    const started = performance.now();
    const disk = new HomeDisk(jb, options);
    if (options.store) {
      try {
        const store = (disk.store = await OpfsStore.open(options.store));
        await store.locked(() => disk.pull(store));
        disk.rebooted = disk.image.entries.size > 0;
      } catch (err) {
        disk.store = undefined;
        disk.image.clear();
        disk.why = err instanceof Error ? err.message : String(err);
        await disk.rebuild();
      }
    } else {
      disk.why = 'the machine was started without a disk';
    }
    await disk.measure();
    for (const [path, mode] of MOUNTS) {
      if (!disk.image.entries.has(path)) {
        await disk.mountOf(path)!.chmod('/', mode);
      }
    }
    await disk.flush();
    disk.mountMs = performance.now() - started;
    return disk;
  }

  get kept(): boolean {
    return this.store !== undefined;
  }

  /** What the browser grants, unless the test said. */
  private async measure(): Promise<void> {
    if (this.options.quotaBytes !== undefined) {
      this.sizeBytes = this.options.quotaBytes;
      return;
    }
    if (!this.store) return;
    const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
    if (estimate?.quota) {
      this.sizeBytes = estimate.quota;
      this.otherBytes = Math.max(0, (estimate.usage ?? 0) - this.image.bytes);
    }
  }

  status(): DiskStatus {
    const { files, bytes } = this.image.count();
    return {
      kept: this.kept,
      ...(this.why ? { why: this.why } : {}),
      rebooted: this.rebooted,
      files,
      bytes,
      sizeBytes: this.sizeBytes,
      mountMs: Math.round(this.mountMs * 10) / 10,
    };
  }

  /** Bytes the disk's files take, with changes not yet written. */
  usedBytes(): number {
    return this.image.bytes + this.pending;
  }

  // DiskAccount: what a mount asks.

  reserve(path: string, grow: number): void {
    if (grow > 0 && this.otherBytes + this.usedBytes() + grow > this.sizeBytes) {
      throw new FsError('ENOSPC', 'write', path, `disk.bytes = ${formatBytes(this.sizeBytes)}`);
    }
    this.pending += grow;
  }

  touched(path: string): void {
    this.dirty.add(path);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(() => {});
    }, FLUSH_EVERY_MS);
  }

  ownerOf(path: string): { uid: number; gid: number } {
    const set = this.owners.get(path);
    if (set) return set;
    if (this.book) return this.book.of(path);
    const e = this.image.entries.get(path);
    return e ? { uid: e.u, gid: e.g } : (this.options.owner?.() ?? { uid: 0, gid: 0 });
  }

  lazySize(entry: InMemoryEntry): number | undefined {
    return lazyOf(entry)?.size;
  }

  chown(path: string, uid: number, gid: number): void {
    if (this.book) this.book.set(path, { uid, gid });
    else this.owners.set(path, { uid, gid });
  }

  /** chown(2) of a machine path on the disk (restoring an archive). */
  chownPath(path: string, uid: number, gid: number): void {
    this.chown(path, uid, gid);
    this.touched(path);
  }

  /**
   * Hands the owners kept on the disk to the machine's owner book (the
   * mount table's, file-owners.ts), which is then the one source of who
   * owns what; a change of owner it records is written to the disk too.
   */
  attachOwners(book: OwnerBook): void {
    for (const [p, e] of this.image.entries) if (e.u || e.g) book.set(p, { uid: e.u, gid: e.g });
    const set = book.set.bind(book);
    book.set = (path, owner) => {
      set(path, owner);
      if (this.mountOf(path)) this.touched(path);
    };
    this.book = book;
  }

  private book: OwnerBook | undefined;

  private mountOf(path: string): DiskFs | undefined {
    return this.mounts.find((m) => path === m.mountPoint || path.startsWith(`${m.mountPoint}/`));
  }

  /**
   * Writes what changed to the disk: one batch, after the blobs it names.
   * Rejects (and keeps the changes for the next try) when OPFS refuses.
   */
  flush(): Promise<void> {
    const run = this.flushing.then(() => this.flushNow());
    this.flushing = run.catch(() => {});
    return run;
  }

  /** Reads what other tabs wrote since this one last looked (before each command). */
  sync(): Promise<void> {
    const run = this.flushing.then(async () => {
      const store = this.store;
      if (store) await store.locked(() => this.pull(store));
    });
    this.flushing = run.catch(() => {});
    return run;
  }

  private async flushNow(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const roots = [...this.dirty].sort();
    this.dirty.clear();
    const records: DiskRecord[] = [];
    const bodies = new Map<string, Uint8Array>();
    let last: string | undefined;
    for (const root of roots) {
      if (last !== undefined && (root === last || root.startsWith(`${last}/`))) continue;
      this.diff(root, records, bodies);
      last = root;
    }
    this.owners.clear();
    this.pending = 0;
    const store = this.store;
    if (!store) {
      for (const r of records) this.image.apply(r);
      return;
    }
    if (!records.length) return;
    try {
      await store.locked(async () => {
        const foreign = await this.pull(store);
        if (foreign === 'restarted') return; // another tab reset the disk: that wins
        for (const [id, bytes] of bodies) await store.writeBlob(id, bytes);
        this.offset = await store.append(this.offset, records);
        const freed = new Set<string>();
        for (const r of records) for (const b of this.image.apply(r)) freed.add(b);
        // What another tab wrote in between is older: this batch comes after it.
        if (foreign) for (const r of records) await this.applyToCopy(r, bodies);
        for (const b of freed) if (this.image.refsOf(b) === 0) await store.deleteBlob(b);
      });
    } catch (err) {
      for (const root of roots) this.dirty.add(root);
      throw err;
    }
  }

  /** Records for what differs between the copy and the disk at and under `root`, parents first. */
  private diff(root: string, out: DiskRecord[], bodies: Map<string, Uint8Array>): void {
    const mount = this.mountOf(root);
    if (!mount) return;
    // Parents a write made on the way.
    const chain: string[] = [];
    for (let p = parentOf(root); p.startsWith(mount.mountPoint); p = parentOf(p)) chain.unshift(p);
    for (const p of chain) this.diffOne(mount, p, out, bodies);
    // Gone from the copy: one removal for the top of each gone subtree.
    let gone: string | undefined;
    for (const p of [...this.image.entries.keys()].sort()) {
      if (p !== root && !p.startsWith(`${root}/`)) continue;
      if (gone !== undefined && p.startsWith(`${gone}/`)) continue;
      if (!entryMap(mount.mem).has(this.inside(mount, p))) out.push({ k: 'r', p: (gone = p) });
    }
    const visit = (p: string): void => {
      if (!this.diffOne(mount, p, out, bodies)) return;
      const children = (entryMap(mount.mem) as { children?: Map<string, Map<string, unknown>> })
        .children;
      const rel = this.inside(mount, p);
      for (const name of children?.get(rel)?.keys() ?? [])
        visit(p === '/' ? `/${name}` : `${p}/${name}`);
    };
    visit(root);
  }

  private inside(mount: DiskFs, path: string): string {
    return path.slice(mount.mountPoint.length) || '/';
  }

  /** Adds a record when the copy's entry differs from the disk's; false when the copy has none. */
  private diffOne(
    mount: DiskFs,
    path: string,
    out: DiskRecord[],
    bodies: Map<string, Uint8Array>,
  ): boolean {
    const e = entryMap(mount.mem).get(this.inside(mount, path));
    if (!e) return false;
    const old = this.image.entries.get(path);
    const { uid: u, gid: g } = this.ownerOf(path);
    const base = { m: e.mode, u, g, t: e.mtime.getTime() };
    let entry: DiskEntry;
    if (e.type === 'directory') entry = { k: 'd', ...base };
    else if (e.type === 'symlink') entry = { k: 'l', ...base, x: e.target };
    else {
      const lazy = lazyOf(e);
      if (lazy) entry = { k: 'f', ...base, b: lazy.blob, s: lazy.size };
      else {
        const bytes =
          e.content instanceof Uint8Array ? e.content : new TextEncoder().encode(e.content ?? '');
        let b = this.blobOf.get(bytes);
        if (!b || (this.image.refsOf(b) === 0 && !bodies.has(b))) {
          b = this.store?.newBlobId() ?? `mem-${Math.random().toString(36).slice(2)}`;
          this.blobOf.set(bytes, b);
          bodies.set(b, bytes);
        }
        entry = { k: 'f', ...base, b, s: bytes.byteLength };
      }
    }
    if (!sameEntry(old, entry)) out.push({ ...entry, p: path });
    return true;
  }

  /**
   * Reads the journal's new batches into the tree and the copy (under the
   * lock). Returns whether there were any, or 'restarted' when the disk
   * was reset or rewritten and the copy was rebuilt.
   */
  private async pull(store: OpfsStore): Promise<boolean | 'restarted'> {
    const tail = await store.readTail(this.epoch, this.offset);
    this.epoch = tail.epoch;
    this.offset = tail.end;
    if (tail.restarted) {
      this.image.clear();
      for (const batch of tail.batches) for (const r of batch) this.image.apply(r);
      await this.rebuild();
      return 'restarted';
    }
    for (const batch of tail.batches) {
      for (const r of batch) {
        this.image.apply(r);
        await this.applyToCopy(r);
        if (r.k !== 'r') this.book?.set(r.p, { uid: r.u, gid: r.g });
      }
    }
    return tail.batches.length > 0;
  }

  /** Makes the copy hold the tree, files unread (at boot, after a reset). */
  private async rebuild(): Promise<void> {
    for (const m of this.mounts) {
      for (const name of await m.mem.readdir('/')) await m.mem.rm(`/${name}`, { recursive: true });
    }
    for (const [p, e] of [...this.image.entries].sort(([a], [b]) => (a < b ? -1 : 1))) {
      await this.applyToCopy({ ...e, p });
    }
  }

  /** Puts one record into the in-memory copy (not marked as a change). */
  private async applyToCopy(r: DiskRecord, bodies?: Map<string, Uint8Array>): Promise<void> {
    const mount = this.mountOf(r.p);
    if (!mount) return;
    const mem: InMemoryFs = mount.mem;
    const rel = this.inside(mount, r.p);
    const data = entryMap(mem);
    const old = data.get(rel);
    if (r.k === 'r') {
      if (rel === '/') {
        for (const name of await mem.readdir('/')) await mem.rm(`/${name}`, { recursive: true });
      } else await mem.rm(rel, { recursive: true, force: true });
      return;
    }
    const kind = r.k === 'd' ? 'directory' : r.k === 'l' ? 'symlink' : 'file';
    if (old && (old.type !== kind || kind === 'symlink') && rel !== '/') {
      await mem.rm(rel, { recursive: true, force: true });
    }
    const meta = { mode: r.m, mtime: new Date(r.t) };
    if (r.k === 'd') mem.mkdirSync(rel, { recursive: true });
    else if (r.k === 'l') await mem.symlink(r.x, rel);
    else {
      const body = bodies?.get(r.b);
      if (body) mem.writeFileSync(rel, body, undefined, meta);
      else mem.writeFileLazy(rel, this.loader(r.b, r.s), meta);
    }
    const e = data.get(rel);
    if (e) Object.assign(e, meta);
  }

  private loader(blob: string, size: number): LazyLoader {
    const load = async (): Promise<Uint8Array> => {
      const store = this.store;
      if (!store) throw new Error(`EIO: input/output error (the disk is not open), read`);
      const bytes = await store.readBlob(blob).catch(() => {
        throw new Error(`EIO: input/output error (disk blob ${blob} is gone), read`);
      });
      this.blobOf.set(bytes, blob);
      return bytes;
    };
    return Object.assign(load, { blob, size });
  }

  /** Empties the disk (after the user's yes): a new epoch; other tabs rebuild from it. */
  async reset(): Promise<void> {
    await this.flushing;
    this.dirty.clear();
    this.owners.clear();
    this.pending = 0;
    this.image.clear();
    const store = this.store;
    if (store) {
      await store.locked(async () => {
        const { epoch, end } = await store.restart();
        this.epoch = epoch;
        this.offset = end;
      });
    }
    await this.rebuild();
    for (const [path, mode] of MOUNTS) await this.mountOf(path)!.chmod('/', mode);
    this.rebooted = false;
    await this.flush();
  }
}
