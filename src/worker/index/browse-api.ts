/**
 * The page's side of the identifier index, the #if marking and the diff:
 * the contract's MachineBrowseApi, over the shell's filesystem and indexes.
 */
import type { IFileSystem } from 'just-bash';
import type { MachineBrowseApi } from '../../shared/worker-api';
import { decodeUtf8 } from '../tar/file-text';
import { headerTime, unifiedHunks } from './gnu-diff-format';
import { diffLines, splitLines } from './line-diff';
import { diffTrees } from './tree-diff';
import type { TreeIndexes } from './tree-indexes';
import { treeRootOf } from './tree-reader';

export class BrowseApi implements MachineBrowseApi {
  constructor(
    private readonly fs: IFileSystem,
    private readonly indexes: TreeIndexes,
  ) {}

  private rootOf(path: string): string {
    const root = treeRootOf(path);
    if (!root)
      throw new Error(`${path}: not inside a kernel header tree (no include/ or arch/ above it)`);
    return root;
  }

  async findDefinitions(path: string, name: string) {
    const root = this.rootOf(path);
    const results = (await this.indexes.index(root)).definitions(name);
    return { root, results, truncated: false };
  }

  async searchSymbols(path: string, query: string, limit = 50) {
    const root = this.rootOf(path);
    const results = (await this.indexes.index(root)).search(query, limit + 1);
    return { root, results: results.slice(0, limit), truncated: results.length > limit };
  }

  async findReferences(path: string, name: string, limit = 500) {
    const root = this.rootOf(path);
    const index = await this.indexes.index(root);
    const r = await index.references(name, (p) => this.fs.readFileBuffer(`${root}/${p}`), limit);
    return { root, results: r.references, truncated: r.truncated };
  }

  conditionals(path: string) {
    return this.indexes.conditionals(path);
  }

  diffTrees(a: string, b: string) {
    return diffTrees(this.fs, a, b);
  }

  async diffFiles(a: string, b: string) {
    const read = (p: string) => this.fs.readFileBuffer(p).catch(() => new Uint8Array(0));
    const [ba, bb] = await Promise.all([read(a), read(b)]);
    const sa = splitLines(decodeUtf8(ba));
    const sb = splitLines(decodeUtf8(bb));
    const changes = diffLines(sa.lines, sb.lines);
    if (!changes.length) return { unified: '', hunks: [] };
    const time = async (p: string) =>
      headerTime((await this.fs.stat(p).catch(() => ({ mtime: new Date(0) }))).mtime);
    const body = unifiedHunks(sa, sb, changes);
    const hunks = [...body.matchAll(/^@@ -(\d+)(?:,\d+)? \+(\d+)/gm)].map((m) => ({
      a: Number(m[1]),
      b: Number(m[2]),
    }));
    return { unified: `--- ${a}\t${await time(a)}\n+++ ${b}\t${await time(b)}\n${body}`, hunks };
  }
}
