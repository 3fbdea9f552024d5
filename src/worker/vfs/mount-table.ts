/**
 * just-bash's MountableFs, plus the one call it does not forward:
 * readdirWithFileTypes. Without it `find` and `grep -r` fall back to
 * readdir and one lstat per entry, each routed through the mount table
 * again; with it they walk a tree on listings alone, as on Linux (getdents
 * gives d_type).
 */
import type { FsStat, IFileSystem, MountableFs } from 'just-bash';
import { normalize } from './tmpfs';
import { childMountPoints, routePath } from './just-bash-internals';

type JustBash = typeof import('just-bash/browser');
type Dirent = { name: string; isFile: boolean; isDirectory: boolean; isSymbolicLink: boolean };

/*
 * Listings and stats leave as class instances, not plain objects. just-bash
 * hands every command its fs through a membrane that deep-copies each plain
 * object a call returns, property descriptor by property descriptor; an
 * instance of a class it only wraps in a Proxy. Over the 6,690 entries of
 * the headers tree that is find 55 -> 39 ms, grep -r 116 -> 101 ms.
 */
class DirEntry implements Dirent {
  constructor(
    readonly name: string,
    readonly isFile: boolean,
    readonly isDirectory: boolean,
    readonly isSymbolicLink: boolean,
  ) {}
}

class StatRecord {}

const asRecord = (st: FsStat): FsStat => Object.assign(new StatRecord(), st) as FsStat;

async function listWithTypes(fs: IFileSystem, path: string): Promise<Dirent[]> {
  if (fs.readdirWithFileTypes) return fs.readdirWithFileTypes(path);
  const base = path === '/' ? '' : path;
  return Promise.all(
    (await fs.readdir(path)).map(async (name) => {
      const st = await fs.lstat(`${base}/${name}`);
      return {
        name,
        isFile: st.isFile,
        isDirectory: st.isDirectory,
        isSymbolicLink: st.isSymbolicLink,
      };
    }),
  );
}

const classes = new WeakMap<JustBash, typeof MountableFs>();

/** The MountTable class over this copy of just-bash (made on first use). */
export function mountTableClass(jb: JustBash): typeof MountableFs {
  let cls = classes.get(jb);
  if (cls) return cls;
  cls = class MountTable extends jb.MountableFs {
    /** As readdir lists it (mount points included, same order), with each entry's type. */
    async readdirWithFileTypes(path: string): Promise<Dirent[]> {
      const at = normalize(path);
      const { fs, relativePath } = routePath(this, path);
      const byName = new Map<string, Dirent>();
      let missing: unknown = null;
      try {
        for (const d of await listWithTypes(fs, relativePath)) byName.set(d.name, d);
      } catch (err) {
        const e = err as { code?: string; message?: string };
        if (e.code !== 'ENOENT' && !String(e.message ?? '').includes('ENOENT')) throw err;
        missing = err;
      }
      const base = at === '/' ? '' : at;
      for (const name of childMountPoints(this, at)) {
        // A mount point shows what is mounted there (a single-file mount is a file).
        const st = await this.lstat(`${base}/${name}`);
        byName.set(name, {
          name,
          isFile: st.isFile,
          isDirectory: st.isDirectory,
          isSymbolicLink: st.isSymbolicLink,
        });
      }
      if (byName.size === 0 && missing && !this.isMountPoint(at)) throw missing;
      return [...byName.values()]
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map((d) => new DirEntry(d.name, d.isFile, d.isDirectory, d.isSymbolicLink));
    }

    override async stat(path: string): Promise<FsStat> {
      return asRecord(await super.stat(path));
    }

    override async lstat(path: string): Promise<FsStat> {
      return asRecord(await super.lstat(path));
    }
  };
  classes.set(jb, cls);
  return cls;
}
