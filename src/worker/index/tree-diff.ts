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
  /** read: both files' bytes (already read when their sizes matched). */
  | {
      kind: 'differ';
      a: string;
      b: string;
      rel: string;
      read: () => Promise<[Uint8Array, Uint8Array]>;
    }
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
  // What each name is on each side, asked all at once (files of equal size are read and compared);
  // then the names are visited, and directories entered, in order.
  const facts = await Promise.all(
    names.map((name) => pairFacts(fs, join(a, name), join(b, name), inA.has(name), inB.has(name))),
  );
  for (let k = 0; k < names.length; k++) {
    const name = names[k]!;
    const f = facts[k]!;
    const pa = join(a, name);
    const pb = join(b, name);
    const r = rel ? `${rel}/${name}` : name;
    if (!f.sa || !f.sb) {
      const side = f.sa ? 'a' : 'b';
      const st = f.sa ?? f.sb;
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
    } else if (f.sa.isDirectory && f.sb.isDirectory) {
      if (how.recursive) await walkPair(fs, pa, pb, visit, how, r);
      else visit({ kind: 'common', a: pa, b: pb });
    } else if (f.sa.isFile && f.sb.isFile) {
      const bytes = f.bytes;
      const read = () =>
        bytes
          ? Promise.resolve(bytes)
          : Promise.all([fs.readFileBuffer(pa), fs.readFileBuffer(pb)]);
      visit(f.same ? { kind: 'same', rel: r } : { kind: 'differ', a: pa, b: pb, rel: r, read });
    } else visit({ kind: 'mismatch', a: pa, b: pb, aType: typeName(f.sa), bType: typeName(f.sb) });
  }
}

type Stat = Awaited<ReturnType<IFileSystem['stat']>>;

/** Both sides' stat (links followed; undefined where absent) and, for files of one size, whether their bytes match. */
async function pairFacts(
  fs: IFileSystem,
  pa: string,
  pb: string,
  inA: boolean,
  inB: boolean,
): Promise<{ sa?: Stat; sb?: Stat; same?: boolean; bytes?: [Uint8Array, Uint8Array] }> {
  const [sa, sb] = await Promise.all([
    inA ? fs.stat(pa).catch(() => undefined) : undefined,
    inB ? fs.stat(pb).catch(() => undefined) : undefined,
  ]);
  if (!sa?.isFile || !sb?.isFile || sa.size !== sb.size) return { sa, sb, same: false };
  const bytes: [Uint8Array, Uint8Array] = await Promise.all([
    fs.readFileBuffer(pa),
    fs.readFileBuffer(pb),
  ]);
  return { sa, sb, same: equalBytes(bytes[0], bytes[1]), bytes };
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
