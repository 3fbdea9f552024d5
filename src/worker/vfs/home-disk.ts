/**
 * The machine's disk for /root and /home. The shell works on an in-memory
 * copy of the tree (TmpFs, one per mount: reads cost what /tmp's cost);
 * what changed is written to the journal in OPFS (opfs-store.ts) when a
 * command ends (and 200 ms after a change while a long one runs). At boot
 * the journal is replayed into the copy (disk-copy.ts) without reading
 * file bytes: a file's bytes are read the first time something reads them.
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
import type { DiskStatus } from '../../shared/worker-api';
import { DiskBatch } from './disk-batch';
import { lazyOf, WorkingCopy } from './disk-copy';
import { DiskImage } from './disk-records';
import type { DiskAccount, DiskFs } from './disk-fs';
import { FsError } from './errno';
import type { InMemoryEntry } from './just-bash-internals';
import { OpfsStore } from './opfs-store';

type JustBash = typeof import('just-bash/browser');

/** The OPFS folder of the site's disk. */
export const DISK_STORE = 'kh-disk';
/** The disk's size when the browser does not say what it grants (and the size of a disk that keeps nothing). */
export const DISK_BYTES_UNKNOWN = 96 * 1024 * 1024;
/**
 * While a command runs, its changes are written this long after the first
 * one (and all of them when it ends), so a reload soon after a write loses
 * little even before the prompt is back.
 */
const FLUSH_EVERY_MS = 200;
/** A journal longer than this, and twice what it describes, is rewritten at boot. */
const COMPACT_AFTER_BYTES = 256 * 1024;

export interface HomeDiskOptions {
  /** OPFS folder to keep the disk in; absent, the disk keeps nothing (tests, no OPFS). */
  store?: string;
  /** The disk's size instead of what the browser grants (tests). */
  quotaBytes?: number;
  /** Whoever creates an entry owns it: the shell's user. */
  owner?: () => { uid: number; gid: number };
  /** A journal longer than this (and twice what it describes) is rewritten at boot (tests lower it). */
  compactAfterBytes?: number;
}

/** Who owns what on the machine (FileOwners), as the disk uses it. */
export interface OwnerBook {
  of(path: string): { uid: number; gid: number };
  set(path: string, owner: { uid: number; gid: number }): void;
}

/** The mounts, each with its mode on a fresh disk (as Debian makes them). */
const MOUNTS: readonly [string, number][] = [
  ['/root', 0o700],
  ['/home', 0o755],
];

export class HomeDisk implements DiskAccount {
  readonly image = new DiskImage();
  private readonly copy: WorkingCopy;
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
  private flushing: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;

  private constructor(
    jb: JustBash,
    private readonly options: HomeDiskOptions,
  ) {
    this.copy = new WorkingCopy(
      jb,
      MOUNTS.map(([path]) => path),
      this,
      (blob, offset, size) => this.readBody(blob, offset, size),
    );
  }

  /** The mounts the machine puts at /root and /home. */
  get mounts(): DiskFs[] {
    return this.copy.mounts;
  }

  private async readBody(blob: string, offset: number, size: number): Promise<Uint8Array> {
    // A body is read for whichever path needs it first: the error names none.
    if (!this.store) throw new FsError('EIO', 'read', undefined, 'the disk is not open');
    return this.store.readBlob(blob, offset, size).catch(() => {
      throw new FsError('EIO', 'read', undefined, `disk blob ${blob} is gone`);
    });
  }

  /** Opens the disk and loads its tree; never throws (a disk that cannot open keeps nothing). */
  static async open(jb: JustBash, options: HomeDiskOptions = {}): Promise<HomeDisk> {
    const started = performance.now();
    const disk = new HomeDisk(jb, options);
    if (options.store) {
      try {
        const store = (disk.store = await OpfsStore.open(options.store));
        store.holdOpen();
        await store.locked(async () => {
          await disk.pull(store);
          await disk.compact(store);
        });
        // Said only when there is something kept to speak of: directories a boot made are not the user's files.
        disk.rebooted = [...disk.image.entries.values()].some((e) => e.k !== 'd');
      } catch (err) {
        disk.store = undefined;
        disk.image.clear();
        disk.why = err instanceof Error ? err.message : String(err);
        await disk.copy.rebuild(disk.image);
      }
    } else {
      disk.why = 'the machine was started without a disk';
    }
    await disk.measure();
    for (const [path, mode] of MOUNTS) {
      if (!disk.image.entries.has(path)) {
        await disk.copy.mountOf(path)!.chmod('/', mode);
      }
    }
    await disk.flush();
    disk.mountMs = performance.now() - started;
    return disk;
  }

  /**
   * Rewrites a journal grown long with history (a file written a thousand
   * times is a thousand records) as one batch of what is on the disk now,
   * at boot, and only when no other tab has the disk open: they would have
   * to rebuild their copy under a command. Call under the lock.
   */
  private async compact(store: OpfsStore): Promise<void> {
    if (this.offset < (this.options.compactAfterBytes ?? COMPACT_AFTER_BYTES)) return;
    const live = [...this.image.entries].map(([p, e]) => ({ ...e, p }));
    const size = new TextEncoder().encode(JSON.stringify({ r: live })).length;
    if (size * 2 > this.offset || (await store.openElsewhere())) return;
    const { epoch, end } = await store.restart(live);
    this.epoch = epoch;
    this.offset = end;
  }

  /** Lets go of the disk (tests; a worker that ends lets go by itself). */
  async close(): Promise<void> {
    await this.flushing;
    this.store?.close();
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
      throw new FsError('ENOSPC', 'write', path, {
        limit: { name: 'disk.bytes', bytes: this.sizeBytes },
      });
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
      if (this.copy.mountOf(path)) this.touched(path);
    };
    this.book = book;
  }

  private book: OwnerBook | undefined;

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
    const store = this.store;
    const batch = new DiskBatch(() => store?.newBlobId() ?? 'none');
    let last: string | undefined;
    for (const root of roots) {
      if (last !== undefined && (root === last || root.startsWith(`${last}/`))) continue;
      this.copy.diff(root, this.image, (p) => this.ownerOf(p), batch);
      last = root;
    }
    this.owners.clear();
    this.pending = 0;
    const records = batch.records;
    if (!store) {
      for (const r of records) this.image.apply(r);
      return;
    }
    if (!records.length) return;
    try {
      await store.locked(async () => {
        const foreign = await this.pull(store);
        if (foreign === 'restarted') return; // another tab reset the disk: that wins
        for (const [id, parts] of batch.files) await store.writeBlob(id, parts);
        this.offset = await store.append(this.offset, records);
        const freed = new Set<string>();
        for (const r of records) for (const b of this.image.apply(r)) freed.add(b);
        // What another tab wrote in between is older: this batch comes after it.
        if (foreign) for (const r of records) await this.copy.apply(r, batch);
        for (const b of freed) if (this.image.refsOf(b) === 0) await store.deleteBlob(b);
      });
    } catch (err) {
      for (const root of roots) this.dirty.add(root);
      throw err;
    }
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
      await this.copy.rebuild(this.image);
      return 'restarted';
    }
    for (const batch of tail.batches) {
      for (const r of batch) {
        this.image.apply(r);
        await this.copy.apply(r);
        if (r.k !== 'r') this.book?.set(r.p, { uid: r.u, gid: r.g });
      }
    }
    return tail.batches.length > 0;
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
    await this.copy.rebuild(this.image);
    for (const [path, mode] of MOUNTS) await this.copy.mountOf(path)!.chmod('/', mode);
    this.rebooted = false;
    await this.flush();
  }
}
