/**
 * The home disk's working copy: one TmpFs per mount (/root, /home) that
 * the shell reads and writes, and the two ways between it and the disk's
 * tree (DiskImage): the records that make the tree what the copy is now
 * (diff), and a record put into the copy (apply). A file the copy got from
 * the disk holds no bytes until something reads it: its loader knows where
 * they are.
 */
import type { InMemoryFs } from 'just-bash';
import { DiskBatch, type BodyPlace } from './disk-batch';
import { DiskFs, type DiskAccount } from './disk-fs';
import {
  parentOf,
  sameEntry,
  type DiskEntry,
  type DiskImage,
  type DiskRecord,
} from './disk-records';
import { entryMap, type InMemoryEntry } from './just-bash-internals';
import { tmpfsClass } from './tmpfs';

type JustBash = typeof import('just-bash/browser');

/** Reads `size` bytes of a blob from an offset. */
export type BlobReader = (blob: string, offset: number, size: number) => Promise<Uint8Array>;

/** A file entry still on the disk only: its loader knows the place and size. */
type LazyLoader = (() => Promise<Uint8Array>) & BodyPlace & { size: number };

export const lazyOf = (e: InMemoryEntry): LazyLoader | undefined => {
  const lazy = (e as unknown as { lazy?: LazyLoader }).lazy;
  return lazy?.b ? lazy : undefined;
};

export class WorkingCopy {
  readonly mounts: DiskFs[];
  /** Where the disk keeps each body the copy holds (a moved file, a hard link: no second copy). */
  private readonly placeOf = new WeakMap<Uint8Array, BodyPlace>();

  constructor(
    jb: JustBash,
    mountPoints: readonly string[],
    account: DiskAccount,
    private readonly read: BlobReader,
  ) {
    const TmpFs = tmpfsClass(jb);
    this.mounts = mountPoints.map(
      (path) => new DiskFs(path, new TmpFs({ maxTotalBytes: Number.MAX_SAFE_INTEGER }), account),
    );
  }

  mountOf(path: string): DiskFs | undefined {
    return this.mounts.find((m) => path === m.mountPoint || path.startsWith(`${m.mountPoint}/`));
  }

  private inside(mount: DiskFs, path: string): string {
    return path.slice(mount.mountPoint.length) || '/';
  }

  /**
   * Adds to the batch the records that make the tree match the copy at and
   * under `root`: removals first (one per gone subtree), then entries,
   * parents before children (a write may have made parents on its way).
   */
  diff(
    root: string,
    image: DiskImage,
    ownerOf: (path: string) => { uid: number; gid: number },
    batch: DiskBatch,
  ): void {
    const mount = this.mountOf(root);
    if (!mount) return;
    const data = entryMap(mount.mem);
    const one = (p: string) => this.diffOne(mount, p, image, ownerOf, batch);
    const chain: string[] = [];
    for (let p = parentOf(root); p.startsWith(mount.mountPoint); p = parentOf(p)) chain.unshift(p);
    for (const p of chain) one(p);
    // Gone from the copy: one removal at the top of each gone subtree.
    const gone = (p: string): void => {
      if (image.entries.has(p) && !data.has(this.inside(mount, p))) {
        batch.records.push({ k: 'r', p });
        return;
      }
      for (const k of image.childrenOf(p)) gone(k);
    };
    gone(root);
    const children = (data as { children?: Map<string, Map<string, unknown>> }).children;
    const visit = (p: string): void => {
      if (!one(p)) return;
      for (const name of children?.get(this.inside(mount, p))?.keys() ?? []) visit(`${p}/${name}`);
    };
    visit(root);
  }

  /** A record when the copy's entry differs from the tree's; false when the copy has none. */
  private diffOne(
    mount: DiskFs,
    path: string,
    image: DiskImage,
    ownerOf: (path: string) => { uid: number; gid: number },
    batch: DiskBatch,
  ): boolean {
    const e = entryMap(mount.mem).get(this.inside(mount, path));
    if (!e) return false;
    const { uid: u, gid: g } = ownerOf(path);
    const base = { m: e.mode, u, g, t: e.mtime.getTime() };
    let entry: DiskEntry;
    if (e.type === 'directory') entry = { k: 'd', ...base };
    else if (e.type === 'symlink') entry = { k: 'l', ...base, x: e.target };
    else {
      const lazy = lazyOf(e);
      if (lazy) entry = { k: 'f', ...base, b: lazy.b, o: lazy.o, s: lazy.size };
      else {
        const bytes =
          e.content instanceof Uint8Array ? e.content : new TextEncoder().encode(e.content ?? '');
        let place = this.placeOf.get(bytes);
        // A place whose blob was freed (and removed) cannot be used again.
        if (!place || (image.refsOf(place.b) === 0 && !batch.writes(place.b))) {
          place = batch.place(bytes);
          this.placeOf.set(bytes, place);
        }
        entry = { k: 'f', ...base, b: place.b, o: place.o, s: bytes.byteLength };
      }
    }
    if (!sameEntry(image.entries.get(path), entry)) batch.records.push({ ...entry, p: path });
    return true;
  }

  /** Makes the copy hold the tree, files unread (at boot, after a reset). */
  async rebuild(image: DiskImage): Promise<void> {
    for (const m of this.mounts) await this.clear(m.mem);
    for (const [p, e] of [...image.entries].sort(([a], [b]) => (a < b ? -1 : 1))) {
      await this.apply({ ...e, p });
    }
  }

  private async clear(mem: InMemoryFs): Promise<void> {
    for (const name of await mem.readdir('/')) await mem.rm(`/${name}`, { recursive: true });
  }

  /** Puts one record into the copy (not a change to write back); a batch gives bytes it holds. */
  async apply(r: DiskRecord, batch?: DiskBatch): Promise<void> {
    const mount = this.mountOf(r.p);
    if (!mount) return;
    const mem = mount.mem;
    const rel = this.inside(mount, r.p);
    const data = entryMap(mem);
    const old = data.get(rel);
    if (r.k === 'r') {
      if (rel === '/') await this.clear(mem);
      else await mem.rm(rel, { recursive: true, force: true });
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
      const body = batch?.body(r.b, r.o);
      if (body) mem.writeFileSync(rel, body, undefined, meta);
      else mem.writeFileLazy(rel, this.loader({ b: r.b, o: r.o }, r.s), meta);
    }
    const e = data.get(rel);
    if (e) Object.assign(e, meta);
  }

  private loader(place: BodyPlace, size: number): LazyLoader {
    const load = async (): Promise<Uint8Array> => {
      const bytes = await this.read(place.b, place.o, size);
      this.placeOf.set(bytes, place);
      return bytes;
    };
    return Object.assign(load, place, { size });
  }
}
