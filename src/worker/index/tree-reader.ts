/**
 * A header tree as the index and the tree diff read it: the regular files
 * under a root, in C-locale order. Symbolic links are not followed (the
 * three in a kheaders archive point inside the tree, so nothing is lost;
 * the ctags comparison runs with --links=no to match).
 */
import type { IFileSystem } from 'just-bash';

export interface TreeEntry {
  /** Relative to the root, without a leading slash. */
  path: string;
  kind: 'file' | 'directory' | 'symlink' | 'other';
}

/** C-locale (byte) order, as `LC_ALL=C ls`, GNU diff and sort do it. */
export const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export async function listDir(fs: IFileSystem, dir: string): Promise<TreeEntry[]> {
  const base = dir === '/' ? '' : dir;
  const typed = fs.readdirWithFileTypes
    ? await fs.readdirWithFileTypes(dir)
    : await Promise.all(
        (await fs.readdir(dir)).map(async (name) => {
          const st = await fs.lstat(`${base}/${name}`);
          return { name, ...st };
        }),
      );
  return typed
    .map((d) => ({
      path: d.name,
      kind: d.isSymbolicLink
        ? ('symlink' as const)
        : d.isDirectory
          ? ('directory' as const)
          : d.isFile
            ? ('file' as const)
            : ('other' as const),
    }))
    .sort((a, b) => byteOrder(a.path, b.path));
}

/** Every regular file under root, relative, depth first in byte order. */
export async function regularFiles(fs: IFileSystem, root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const abs = rel ? `${root}/${rel}` : root;
    for (const e of await listDir(fs, abs)) {
      const child = rel ? `${rel}/${e.path}` : e.path;
      if (e.kind === 'directory') await walk(child);
      else if (e.kind === 'file') out.push(child);
    }
  };
  await walk('');
  return out;
}

/**
 * The root of the kheaders tree a path lies in: the directory above its
 * first `include` or `arch` component (`/tmp/kheaders-6.1/include/linux/sched.h`
 * is in `/tmp/kheaders-6.1`), or undefined.
 */
export function treeRootOf(path: string): string | undefined {
  const parts = path.split('/');
  const at = parts.findIndex((p, i) => i > 0 && (p === 'include' || p === 'arch'));
  if (at < 1) return undefined;
  return parts.slice(0, at).join('/') || '/';
}
