/**
 * Where the home disk lives: a folder of the origin private file system
 * (OPFS) holding `journal` (one header line, then one JSON line per batch
 * of records) and `blobs/` (one file per file body, never rewritten: a new
 * body gets a new name). A batch is appended only after the blobs it names
 * are written and flushed, so a crash at any point leaves either the old
 * tree or the new one: a torn last line is ignored and cut off by the next
 * writer. Tabs take turns through one Web Lock, so two writers never
 * interleave; in a worker the bytes go through synchronous access handles.
 */
import { encodeLine, parseBatches, type DiskRecord, type JournalHeader } from './disk-records';

/** A FileSystemSyncAccessHandle (worker realm only; typed here so the page realm compiles too). */
interface SyncHandle {
  write(bytes: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}
type MaybeSync = FileSystemFileHandle & { createSyncAccessHandle?: () => Promise<SyncHandle> };

export interface JournalTail {
  epoch: string;
  /** Batches from the position asked for (from the start when the epoch changed). */
  batches: DiskRecord[][];
  /** Byte offset after the last whole batch. */
  end: number;
  /** The disk was reset or rewritten since `epoch`: the tree must be rebuilt from these batches. */
  restarted: boolean;
}

const newId = (): string =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/** Writes bytes at an offset (cutting the file there first when asked), durable when it resolves. */
async function writeAt(
  file: FileSystemFileHandle,
  at: number,
  bytes: Uint8Array,
  cut: boolean,
): Promise<void> {
  const h = file as MaybeSync;
  if (typeof h.createSyncAccessHandle === 'function') {
    const sync = await h.createSyncAccessHandle();
    try {
      if (cut) sync.truncate(at);
      sync.write(bytes, { at });
      sync.flush();
    } finally {
      sync.close();
    }
    return;
  }
  // The page realm (tests): a writable commits its swap file on close, also all or nothing.
  const w = await file.createWritable({ keepExistingData: true });
  if (cut) await w.truncate(at);
  await w.write({ type: 'write', position: at, data: bytes as BlobPart });
  await w.close();
}

export class OpfsStore {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly name: string,
    private readonly dir: FileSystemDirectoryHandle,
    private readonly journal: FileSystemFileHandle,
    private readonly blobs: FileSystemDirectoryHandle,
  ) {}

  /** Opens (creating) the disk folder; throws where OPFS is missing or refused. */
  static async open(name: string): Promise<OpfsStore> {
    if (!globalThis.navigator?.storage?.getDirectory) {
      throw new Error('this browser gives the page no private file system (OPFS)');
    }
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle(name, { create: true });
    const journal = await dir.getFileHandle('journal', { create: true });
    const blobs = await dir.getDirectoryHandle('blobs', { create: true });
    return new OpfsStore(name, dir, journal, blobs);
  }

  private get locks(): LockManager | undefined {
    return (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  }

  /** Marks the disk open in this tab (a shared lock, held for the worker's life or until close). */
  holdOpen(): void {
    void this.locks?.request(
      `kh-disk-open:${this.name}`,
      { mode: 'shared' },
      () => new Promise<void>((release) => (this.release = release)),
    );
  }

  private release: (() => void) | undefined;

  /** No longer open in this tab (a worker that ends lets go by itself). */
  close(): void {
    this.release?.();
  }

  /** Whether another tab (another worker) has the disk open now. */
  async openElsewhere(): Promise<boolean> {
    const locks = this.locks;
    if (!locks) return false;
    const { held = [] } = await locks.query();
    return held.filter((l) => l.name === `kh-disk-open:${this.name}`).length > 1;
  }

  /** Runs `fn` as the only writer or reader of the disk, across tabs. */
  locked<T>(fn: () => Promise<T>): Promise<T> {
    const locks = this.locks;
    if (locks) return locks.request(`kh-disk:${this.name}`, fn) as Promise<T>;
    // No Web Locks (an insecure context): one tab, so a queue is enough.
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * Reads the journal from `from` (call under the lock). A journal of
   * another epoch than `epoch` is read from its start; an empty one gets
   * its header first.
   */
  async readTail(epoch: string | undefined, from: number): Promise<JournalTail> {
    const file = await this.journal.getFile();
    const head = new Uint8Array(await file.slice(0, Math.min(file.size, 256)).arrayBuffer());
    const nl = head.indexOf(10);
    let header: JournalHeader | undefined;
    try {
      if (nl > 0)
        header = JSON.parse(new TextDecoder().decode(head.subarray(0, nl))) as JournalHeader;
    } catch {
      header = undefined;
    }
    if (!header?.epoch) {
      const fresh = await this.restart();
      return { epoch: fresh.epoch, batches: [], end: fresh.end, restarted: fresh.epoch !== epoch };
    }
    const restarted = header.epoch !== epoch;
    const start = restarted ? nl + 1 : from;
    if (file.size <= start) return { epoch: header.epoch, batches: [], end: start, restarted };
    const bytes = new Uint8Array(await file.slice(start).arrayBuffer());
    const { batches, used } = parseBatches(bytes);
    return { epoch: header.epoch, batches, end: start + used, restarted };
  }

  /** Appends one batch at `at`, the end of the last whole batch (call under the lock). */
  async append(at: number, batch: DiskRecord[]): Promise<number> {
    const line = encodeLine({ r: batch });
    await writeAt(this.journal, at, line, true);
    return at + line.length;
  }

  /**
   * Starts the disk over: a journal of a new epoch holding `batch` (or
   * nothing), and only the blobs it names (call under the lock). Other tabs
   * see the new epoch and rebuild their tree.
   */
  async restart(batch?: DiskRecord[]): Promise<{ epoch: string; end: number }> {
    const epoch = newId();
    const header = encodeLine({ 'kh-disk': 1, epoch } satisfies JournalHeader);
    const body = batch?.length ? encodeLine({ r: batch }) : new Uint8Array();
    const both = new Uint8Array(header.length + body.length);
    both.set(header);
    both.set(body, header.length);
    await writeAt(this.journal, 0, both, true);
    const keep = new Set(batch?.flatMap((r) => (r.k === 'f' ? [r.b] : [])) ?? []);
    const stale: string[] = [];
    for await (const name of (this.blobs as unknown as { keys(): AsyncIterable<string> }).keys()) {
      if (!keep.has(name)) stale.push(name);
    }
    for (const name of stale) await this.deleteBlob(name);
    return { epoch, end: both.length };
  }

  newBlobId(): string {
    return newId();
  }

  /** Writes a new blob: its parts one after the other. */
  async writeBlob(id: string, parts: Uint8Array[]): Promise<void> {
    const file = await this.blobs.getFileHandle(id, { create: true });
    const bytes =
      parts.length === 1 ? parts[0]! : new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    if (parts.length > 1) {
      let at = 0;
      for (const p of parts) {
        bytes.set(p, at);
        at += p.length;
      }
    }
    await writeAt(file, 0, bytes, true);
  }

  /** `size` bytes of a blob from `offset`. */
  async readBlob(id: string, offset: number, size: number): Promise<Uint8Array> {
    const file = await (await this.blobs.getFileHandle(id)).getFile();
    return new Uint8Array(await file.slice(offset, offset + size).arrayBuffer());
  }

  async deleteBlob(id: string): Promise<void> {
    await this.blobs.removeEntry(id).catch(() => {});
  }

  /** Removes the whole disk folder (tests clean up with it). */
  async destroy(): Promise<void> {
    const root = await navigator.storage.getDirectory();
    void this.dir;
    await root.removeEntry(this.name, { recursive: true });
  }
}
