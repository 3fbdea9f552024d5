/**
 * The home disk's journal, as records, and the tree they describe. Every
 * change to /root or /home is written as records appended to one journal
 * file; replaying the journal from its start gives the tree, the same in
 * every tab that reads it. A record names a whole entry as it is after the
 * change (type, mode, owner, mtime, and where its bytes are), or a removal
 * of a path with everything under it, so replaying one twice is harmless.
 */

/** One entry, as the journal stores it (paths are absolute machine paths: /root/x, /home/s/y). */
export type DiskEntry =
  // A file's bytes: `s` bytes at offset `o` of blob `b` (disk-batch.ts).
  | { k: 'f'; m: number; u: number; g: number; t: number; b: string; o: number; s: number }
  | { k: 'd'; m: number; u: number; g: number; t: number }
  | { k: 'l'; m: number; u: number; g: number; t: number; x: string };

export type DiskRecord = (DiskEntry & { p: string }) | { k: 'r'; p: string };

/** The parent of an absolute path ("/root/a" -> "/root"). */
export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function sameEntry(a: DiskEntry | undefined, b: DiskEntry): boolean {
  if (!a || a.k !== b.k || a.m !== b.m || a.u !== b.u || a.g !== b.g || a.t !== b.t) return false;
  if (a.k === 'f') return a.b === (b as typeof a).b && a.o === (b as typeof a).o;
  if (a.k === 'l') return a.x === (b as typeof a).x;
  return true;
}

/** The tree the journal describes: entries by path, the bytes its files hold, blob references. */
export class DiskImage {
  readonly entries = new Map<string, DiskEntry>();
  /** Each directory's children by path, so a subtree is walked without a scan. */
  private readonly kids = new Map<string, Set<string>>();
  /** Sum of the files' sizes. */
  bytes = 0;
  private readonly refs = new Map<string, number>();

  /** How many entries use this blob (hard links and moved files share one). */
  refsOf(blob: string): number {
    return this.refs.get(blob) ?? 0;
  }

  /** Applies one record; returns the blobs no entry used any more (a later record may use one again). */
  apply(r: DiskRecord): string[] {
    const freed: string[] = [];
    if (r.k === 'r') {
      for (const path of this.subtree(r.p).reverse()) this.remove(path, freed);
      return freed;
    }
    const { p, ...entry } = r;
    this.remove(p, freed);
    this.entries.set(p, entry);
    const dir = parentOf(p);
    let kids = this.kids.get(dir);
    if (!kids) this.kids.set(dir, (kids = new Set()));
    kids.add(p);
    if (entry.k === 'f') {
      this.bytes += entry.s;
      this.refs.set(entry.b, this.refsOf(entry.b) + 1);
    }
    return freed;
  }

  /** A path and everything the tree holds under it, parents first. */
  subtree(path: string): string[] {
    const out: string[] = [];
    const visit = (p: string): void => {
      if (this.entries.has(p)) out.push(p);
      for (const k of this.kids.get(p) ?? []) visit(k);
    };
    visit(path);
    return out;
  }

  /** The children a path has in the tree. */
  childrenOf(path: string): Iterable<string> {
    return this.kids.get(path) ?? [];
  }

  private remove(path: string, freed: string[]): void {
    const old = this.entries.get(path);
    if (!old) return;
    this.entries.delete(path);
    const kids = this.kids.get(parentOf(path));
    kids?.delete(path);
    if (kids?.size === 0) this.kids.delete(parentOf(path));
    if (old.k !== 'f') return;
    this.bytes -= old.s;
    const n = this.refsOf(old.b) - 1;
    if (n > 0) this.refs.set(old.b, n);
    else {
      this.refs.delete(old.b);
      freed.push(old.b);
    }
  }

  clear(): void {
    this.entries.clear();
    this.kids.clear();
    this.refs.clear();
    this.bytes = 0;
  }

  /** Files (not directories) under a prefix, and their bytes. */
  count(): { files: number; bytes: number } {
    let files = 0;
    for (const e of this.entries.values()) if (e.k !== 'd') files++;
    return { files, bytes: this.bytes };
  }
}

/** The journal's first line: which format, and which life of the disk (a reset starts another). */
export interface JournalHeader {
  'kh-disk': 1;
  epoch: string;
}

/**
 * Parses journal text from a line start: whole lines only. A batch is one
 * JSON line, written in one go; a crash mid-write leaves a line with no
 * newline or one that is not JSON, and it and what follows are not read.
 * Returns the records and how many bytes (UTF-8) were read.
 */
export function parseBatches(bytes: Uint8Array): { batches: DiskRecord[][]; used: number } {
  const batches: DiskRecord[][] = [];
  const text = new TextDecoder().decode(bytes);
  let at = 0;
  let used = 0;
  for (;;) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) break;
    const line = text.slice(at, nl);
    let batch: unknown;
    try {
      batch = JSON.parse(line);
    } catch {
      break;
    }
    const records = (batch as { r?: unknown }).r;
    if (!Array.isArray(records)) break;
    batches.push(records as DiskRecord[]);
    at = nl + 1;
    used += new TextEncoder().encode(line).length + 1;
  }
  return { batches, used };
}

export const encodeLine = (value: unknown): Uint8Array =>
  new TextEncoder().encode(`${JSON.stringify(value)}\n`);
