/**
 * The identifier index of one header tree: every definition (kind, file,
 * line) and, for references, which files mention each name. Built in
 * slices that yield to the worker's event loop, so the shell and the page's
 * calls are answered while it builds. Lines of references are found when
 * asked, by reading only the files the index names.
 */
import type { SymbolDefinition, SymbolReference } from '../../shared/worker-api';
import { DEF_KINDS, type K } from './c-definition-kinds';
import { scanDefinitions } from './c-definitions';
import { wordClass } from './c-word-classes';
import { TokenBuffer, isIdentChar } from './c-tokens';
import { FileNames } from './file-names';
import { groupByKey, IntList } from './int-list';
import { NameTable } from './name-table';

export type Definition = SymbolDefinition;
export type Reference = SymbolReference;

export interface TreeSource {
  /** Regular files, relative to the root. */
  paths: string[];
  read(path: string): Promise<Uint8Array>;
}

/** How long one slice of the build may hold the worker before it yields. */
const SLICE_MS = 12;

/** A macrotask without setTimeout's 4 ms clamp (MessageChannel). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(0);
  });
}

export class SymbolIndex {
  private constructor(
    readonly files: string[],
    private readonly names: NameTable,
    private readonly defs: { file: Int32Array; line: Int32Array; kind: Uint8Array },
    private readonly defsByName: { start: Int32Array; order: Int32Array },
    private readonly refFile: Int32Array,
    private readonly refsByName: { start: Int32Array; order: Int32Array },
  ) {}

  static async build(source: TreeSource, onSlice?: () => Promise<void>): Promise<SymbolIndex> {
    // About 70 new names a file on the demo tree (430k in 6364 headers).
    const names = new NameTable(wordClass, source.paths.length * 64);
    const buf = new TokenBuffer();
    const seen = new FileNames();
    const defName = new IntList();
    const defFile = new IntList();
    const defLine = new IntList();
    const defKind = new IntList();
    const refName = new IntList();
    const refFile = new IntList();
    let lastFile = new Int32Array(1 << 16).fill(-1);
    let file = 0;
    let bytes: Uint8Array = new Uint8Array(0);
    const sink = {
      ident(start: number, end: number, hash: number): number {
        let id = seen.lookup(file, bytes, start, end, hash);
        if (id >= 0) return id;
        id = names.intern(bytes, start, end, hash);
        seen.remember(file, start, hash, id);
        if (id >= lastFile.length) {
          const grown = new Int32Array(lastFile.length * 2).fill(-1);
          grown.set(lastFile);
          lastFile = grown;
        }
        if (lastFile[id] !== file) {
          lastFile[id] = file;
          refName.push(id);
          refFile.push(file);
        }
        return id;
      },
      tags: () => names.tags,
      def(id: number, kind: K, line: number): void {
        defName.push(id);
        defFile.push(file);
        defLine.push(line);
        defKind.push(kind);
      },
    };
    let sliceStart = performance.now();
    for (file = 0; file < source.paths.length; file++) {
      bytes = await source.read(source.paths[file]!);
      scanDefinitions(bytes, buf, sink);
      if (performance.now() - sliceStart > SLICE_MS) {
        await (onSlice ?? yieldToEventLoop)();
        sliceStart = performance.now();
      }
    }
    // The grouping passes over millions of rows: a slice each, not one long one.
    const pause = onSlice ?? yieldToEventLoop;
    names.trim();
    const defs = {
      file: defFile.trimmed(),
      line: defLine.trimmed(),
      kind: Uint8Array.from(defKind.trimmed()),
    };
    const defsByName = groupByKey(defName.trimmed(), names.size);
    await pause();
    const refsByName = groupByKey(refName.trimmed(), names.size);
    await pause();
    return new SymbolIndex(source.paths, names, defs, defsByName, refFile.trimmed(), refsByName);
  }

  /** Definitions of exactly this name, in file order. */
  definitions(name: string): Definition[] {
    const id = this.names.find(name);
    if (id < 0) return [];
    const { start, order } = this.defsByName;
    const out: Definition[] = [];
    for (let k = start[id]!; k < start[id + 1]!; k++) {
      const row = order[k]!;
      out.push({
        name,
        kind: DEF_KINDS[this.defs.kind[row]!]!,
        path: this.files[this.defs.file[row]!]!,
        line: this.defs.line[row]!,
      });
    }
    return out;
  }

  /**
   * Names with a definition that contain the query: the exact name first,
   * then names that start with it, then the rest, each group shortest first.
   */
  search(query: string, limit = 50): Definition[] {
    if (!query) return [];
    const { start } = this.defsByName;
    const hits: string[] = [];
    for (const id of this.names.idsContaining(query))
      if (start[id + 1]! > start[id]!) hits.push(this.names.name(id));
    const rank = (n: string) => (n === query ? 0 : n.startsWith(query) ? 1 : 2);
    hits.sort((a, b) => rank(a) - rank(b) || a.length - b.length || (a < b ? -1 : 1));
    const out: Definition[] = [];
    for (const n of hits) {
      for (const d of this.definitions(n)) {
        if (out.length >= limit) return out;
        out.push(d);
      }
    }
    return out;
  }

  /** The files that mention the name anywhere (code or directive). */
  filesMentioning(name: string): string[] {
    const id = this.names.find(name);
    if (id < 0) return [];
    const { start, order } = this.refsByName;
    const out: string[] = [];
    for (let k = start[id]!; k < start[id + 1]!; k++)
      out.push(this.files[this.refFile[order[k]!]!]!);
    return out;
  }

  /** Each line that uses the name as a whole word, up to limit, reading only the files that mention it. */
  async references(
    name: string,
    read: (path: string) => Promise<Uint8Array>,
    limit = 1000,
  ): Promise<{ references: Reference[]; files: number; truncated: boolean }> {
    const files = this.filesMentioning(name);
    const references: Reference[] = [];
    for (const path of files) {
      const found = wordLines(await read(path), name);
      for (const r of found) {
        if (references.length >= limit) return { references, files: files.length, truncated: true };
        references.push({ path, ...r });
      }
    }
    return { references, files: files.length, truncated: false };
  }

  /** What the index holds, in bytes: its typed arrays and names (for the bench's index_bytes). */
  byteSize(): number {
    const arrays = [
      this.defs.file,
      this.defs.line,
      this.defs.kind,
      this.defsByName.start,
      this.defsByName.order,
      this.refFile,
      this.refsByName.start,
      this.refsByName.order,
    ];
    const paths = this.files.reduce((s, p) => s + p.length + 16, 0);
    return arrays.reduce((s, a) => s + a.byteLength, 0) + this.names.byteSize() + paths;
  }

  get definitionCount(): number {
    return this.defs.file.length;
  }
}

/** Lines (1-based) of bytes where word occurs with no identifier character on either side. */
export function wordLines(bytes: Uint8Array, word: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  const first = word.charCodeAt(0);
  let line = 1;
  let lineStart = 0;
  let lastLine = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 10) {
      line++;
      lineStart = i + 1;
      continue;
    }
    if (c !== first || line === lastLine) continue;
    if (i > 0 && isIdentChar(bytes[i - 1]!)) continue;
    let k = 1;
    while (k < word.length && bytes[i + k] === word.charCodeAt(k)) k++;
    if (k < word.length || isIdentChar(bytes[i + k] ?? 0)) continue;
    let end = bytes.indexOf(10, i);
    if (end < 0) end = bytes.length;
    out.push({
      line,
      text: String.fromCharCode(...bytes.subarray(lineStart, Math.min(end, lineStart + 200))),
    });
    lastLine = line;
  }
  return out;
}
