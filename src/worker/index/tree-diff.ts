/**
 * Two trees walked side by side as GNU `diff -r` walks them: names merged
 * in byte order, a name on one side only reported as such, directories on
 * both sides entered, files on both sides compared byte for byte (links
 * followed, as diff does by default).
 */
import type { IFileSystem } from 'just-bash';
import { byteOrder } from './tree-reader';

export type PairEvent =
  | { kind: 'only'; dir: string; name: string; side: 'a' | 'b'; isDirectory: boolean }
  | { kind: 'differ'; a: string; b: string; rel: string; bytesA: Uint8Array; bytesB: Uint8Array }
  | { kind: 'same'; rel: string }
  /** Without -r: directories on both sides are named, not entered. */
  | { kind: 'common'; a: string; b: string }
  | { kind: 'mismatch'; a: string; b: string; aType: string; bType: string };

const typeName = (st: { isDirectory: boolean; isFile: boolean }) =>
  st.isDirectory ? 'directory' : st.isFile ? 'regular file' : 'special file';

const join = (dir: string, name: string) => (dir.endsWith('/') ? dir + name : `${dir}/${name}`);

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Calls visit for each difference (and each equal file) in diff -r's order. */
export async function walkPair(
  fs: IFileSystem,
  a: string,
  b: string,
  visit: (e: PairEvent) => void,
  how: { recursive: boolean; newFile?: boolean } = { recursive: true },
  rel = '',
): Promise<void> {
  const [namesA, namesB] = await Promise.all([fs.readdir(a), fs.readdir(b)]);
  const inB = new Set(namesB);
  const inA = new Set(namesA);
  const names = [...new Set([...namesA, ...namesB])].sort(byteOrder);
  for (const name of names) {
    const pa = join(a, name);
    const pb = join(b, name);
    const r = rel ? `${rel}/${name}` : name;
    if (!inB.has(name) || !inA.has(name)) {
      const side = inA.has(name) ? 'a' : 'b';
      const st = await fs.stat(side === 'a' ? pa : pb).catch(() => undefined);
      if (st?.isDirectory && how.recursive && how.newFile) {
        // diff -rN: a directory on one side only is walked as if the other side had it empty.
        await onlyOneSide(fs, side === 'a' ? pa : pb, side, visit);
      } else
        visit({
          kind: 'only',
          dir: side === 'a' ? a : b,
          name,
          side,
          isDirectory: !!st?.isDirectory,
        });
      continue;
    }
    const [sa, sb] = await Promise.all([fs.stat(pa), fs.stat(pb)]);
    if (sa.isDirectory && sb.isDirectory) {
      if (how.recursive) await walkPair(fs, pa, pb, visit, how, r);
      else visit({ kind: 'common', a: pa, b: pb });
    } else if (sa.isFile && sb.isFile) {
      const [ba, bb] = await Promise.all([fs.readFileBuffer(pa), fs.readFileBuffer(pb)]);
      visit(
        equalBytes(ba, bb)
          ? { kind: 'same', rel: r }
          : { kind: 'differ', a: pa, b: pb, rel: r, bytesA: ba, bytesB: bb },
      );
    } else visit({ kind: 'mismatch', a: pa, b: pb, aType: typeName(sa), bType: typeName(sb) });
  }
}

async function onlyOneSide(
  fs: IFileSystem,
  dir: string,
  side: 'a' | 'b',
  visit: (e: PairEvent) => void,
): Promise<void> {
  for (const name of (await fs.readdir(dir)).sort(byteOrder)) {
    const st = await fs.stat(join(dir, name));
    if (st.isDirectory) await onlyOneSide(fs, join(dir, name), side, visit);
    else visit({ kind: 'only', dir, name, side, isDirectory: false });
  }
}

export interface TreeDiffSummary {
  /** Relative paths: in B only, in A only, in both with other bytes. */
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: number;
}

/** Files added, removed and changed from tree a to tree b (a directory on one side counts as one entry). */
export async function diffTrees(fs: IFileSystem, a: string, b: string): Promise<TreeDiffSummary> {
  const s: TreeDiffSummary = { added: [], removed: [], changed: [], unchanged: 0 };
  const relOf = (dir: string, root: string, name: string) => {
    const d = dir.slice(root.length).replace(/^\/+/, '');
    return d ? `${d}/${name}` : name;
  };
  await walkPair(fs, a, b, (e) => {
    if (e.kind === 'only') {
      if (e.side === 'a') s.removed.push(relOf(e.dir, a, e.name) + (e.isDirectory ? '/' : ''));
      else s.added.push(relOf(e.dir, b, e.name) + (e.isDirectory ? '/' : ''));
    } else if (e.kind === 'differ') s.changed.push(e.rel);
    else if (e.kind === 'mismatch' || e.kind === 'common')
      s.changed.push(e.a.slice(a.length).replace(/^\/+/, ''));
    else s.unchanged++;
  });
  return s;
}
