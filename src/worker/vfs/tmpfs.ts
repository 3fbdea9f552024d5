/**
 * just-bash's InMemoryFs with a directory index. InMemoryFs keeps one flat
 * Map of paths and lists a directory by scanning every path it holds, so
 * `find`, `grep -r`, `rm -r` and `mv` of an extracted kheaders tree (6,690
 * entries, 320 directories) cost O(entries x directories). Here the same Map
 * also files each entry under its parent as it is set or deleted, and a
 * listing reads only that directory's children. Bytes written to a plain
 * path skip InMemoryFs's path walk (tar writes thousands). Everything else
 * (byte limit, modes, links, error wording) stays InMemoryFs's own.
 */
import type { FileContent, InMemoryFs } from 'just-bash';
import { decodeText, latin1, type TextEncodingName } from '../tar/file-text';
import { FsError } from './errno';
import {
  ensureParentDirs,
  entryMap,
  replaceEntryMap,
  storeFile,
  type InMemoryEntry,
} from './just-bash-internals';

type JustBash = typeof import('just-bash/browser');
type Entry = InMemoryEntry;
type Dirent = { name: string; isFile: boolean; isDirectory: boolean; isSymbolicLink: boolean };

/** The parent directory and the last name of a normalized path ("/a/b" -> "/a", "b"). */
function split(path: string): [string, string] {
  const i = path.lastIndexOf('/');
  return [i === 0 ? '/' : path.slice(0, i), path.slice(i + 1)];
}

/** Path normalization exactly as InMemoryFs does it (its keys must match). */
export function normalize(path: string): string {
  if (!path || path === '/') return '/';
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (!p || p === '.') continue;
    if (p === '..') parts.pop();
    else parts.push(p);
  }
  return `/${parts.join('/')}`;
}

/** Already in the form normalize() gives: absolute, no empty, '.' or '..' names, no NUL. */
const NORMAL = /^(?:\/(?!\.\.?(?:\/|$))[^/\0]+)+$/;

/** A symlink's target, from the directory that holds the link. */
function follow(linkPath: string, target: string): string {
  return target.startsWith('/') ? normalize(target) : normalize(`${split(linkPath)[0]}/${target}`);
}

/** InMemoryFs's path Map, also indexed by parent directory. */
class IndexedPaths extends Map<string, Entry> {
  readonly children = new Map<string, Map<string, Entry>>();

  override set(path: string, entry: Entry): this {
    super.set(path, entry);
    if (path !== '/') {
      const [dir, name] = split(path);
      let c = this.children.get(dir);
      if (!c) this.children.set(dir, (c = new Map()));
      c.set(name, entry);
    }
    return this;
  }

  override delete(path: string): boolean {
    const had = super.delete(path);
    if (had && path !== '/') {
      const [dir, name] = split(path);
      const c = this.children.get(dir);
      c?.delete(name);
      if (c?.size === 0) this.children.delete(dir);
    }
    return had;
  }

  override clear(): void {
    super.clear();
    this.children.clear();
  }
}

const classes = new WeakMap<JustBash, new (options: { maxTotalBytes: number }) => InMemoryFs>();

/** The TmpFs class over this copy of just-bash (loaded lazily, so made on first use). */
export function tmpfsClass(jb: JustBash): new (options: { maxTotalBytes: number }) => InMemoryFs {
  let cls = classes.get(jb);
  if (cls) return cls;
  cls = class TmpFs extends jb.InMemoryFs {
    constructor(options: { maxTotalBytes: number }) {
      super(undefined, options);
      replaceEntryMap(this, new IndexedPaths());
    }

    private get paths(): IndexedPaths {
      // Put there by the constructor.
      return entryMap(this) as unknown as IndexedPaths;
    }

    /**
     * Renaming a directory re-keys its subtree in one pass, as rename(2)
     * is one step on Linux; InMemoryFs would recreate it entry by entry
     * (BCC's `mv "$tmp" "$dir"` of the extracted headers took ~150 ms).
     * Anything else (files, merging into an existing directory, errors)
     * is InMemoryFs's own mv.
     */
    override async mv(src: string, dest: string): Promise<void> {
      const paths = this.paths;
      const from = normalize(src);
      const to = normalize(dest);
      const fast =
        !src.includes('\0') &&
        !dest.includes('\0') &&
        from !== '/' &&
        paths.get(from)?.type === 'directory' &&
        !paths.has(to) &&
        !`${to}/`.startsWith(`${from}/`);
      if (!fast) return super.mv(src, dest);
      ensureParentDirs(this, to);
      const moved: [string, Entry][] = [];
      const visit = (dir: string): void => {
        for (const [name, e] of paths.children.get(dir) ?? []) {
          moved.push([`${dir}/${name}`, e]);
          if (e.type === 'directory') visit(`${dir}/${name}`);
        }
      };
      moved.push([from, paths.get(from)!]);
      visit(from);
      // Same entries under new keys: byte counts and shared contents are unchanged.
      for (const [old, e] of moved) paths.set(`${to}${old.slice(from.length)}`, e);
      for (const [old] of moved.reverse()) paths.delete(old);
    }

    /**
     * Bytes written into an existing directory under a normalized path (as
     * the mount table hands them on: every file tar extracts) skip
     * InMemoryFs's normalizing and parent walk, a good part of the cost of
     * 6,368 writes; the entry stored and the bytes counted are its own.
     */
    override async writeFile(
      path: string,
      content: FileContent,
      options?: Parameters<InMemoryFs['writeFile']>[2],
    ): Promise<void> {
      const fast =
        content instanceof Uint8Array &&
        options === undefined &&
        NORMAL.test(path) &&
        this.paths.get(split(path)[0])?.type === 'directory';
      if (!fast) return super.writeFile(path, content, options);
      storeFile(this, path, content);
    }

    /**
     * A file's times set under a normalized path in an existing directory
     * (tar restores one per member) skip InMemoryFs's normalizing and
     * symlink walk; a symlink, which utimes follows, goes the long way.
     */
    override async utimes(path: string, atime: Date, mtime: Date): Promise<void> {
      const entry = NORMAL.test(path) ? this.paths.get(path) : undefined;
      const plain =
        entry !== undefined &&
        entry.type !== 'symlink' &&
        this.paths.get(split(path)[0])?.type === 'directory';
      if (!plain) return super.utimes(path, atime, mtime);
      entry.mtime = mtime;
    }

    /**
     * InMemoryFs turns bytes into a 'binary' string by spreading 64 KiB
     * into one String.fromCharCode call; a worker's stack is too small for
     * that many arguments, so every file over ~62 KB failed to read through
     * `<`, cat and wc (as "No such file or directory"). Decode in small
     * chunks instead (here and in readFileBytes); the bytes are InMemoryFs's own.
     */
    override async readFile(
      path: string,
      options?: Parameters<InMemoryFs['readFile']>[1],
    ): Promise<string> {
      const encoding = (typeof options === 'string' ? options : options?.encoding) ?? 'utf8';
      // UTF-8 is decoded without spreading; keep InMemoryFs's own path for it.
      if (encoding === 'utf8' || encoding === 'utf-8') return super.readFile(path, options);
      return decodeText(await this.readFileBuffer(path), encoding as TextEncodingName);
    }

    override async readFileBytes(path: string): ReturnType<InMemoryFs['readFileBytes']> {
      // A ByteString is a branded string: one char per byte, as latin1() makes it.
      type ByteString = Awaited<ReturnType<InMemoryFs['readFileBytes']>>;
      return latin1(await this.readFileBuffer(path)) as unknown as ByteString;
    }

    override async readdir(path: string): Promise<string[]> {
      return (await this.readdirWithFileTypes(path)).map((d) => d.name);
    }

    /** As InMemoryFs lists a directory (same errors, same order), from the index. */
    override async readdirWithFileTypes(path: string): Promise<Dirent[]> {
      if (path.includes('\0')) {
        throw new FsError('ENOENT', 'scandir', path, { words: 'path contains null byte' });
      }
      const paths = this.paths;
      let at = normalize(path);
      let entry = paths.get(at);
      const seen = new Set<string>();
      while (entry?.type === 'symlink') {
        if (seen.has(at)) {
          throw new FsError('ELOOP', 'scandir', path);
        }
        seen.add(at);
        at = follow(at, entry.target ?? '');
        entry = paths.get(at);
      }
      if (!entry) throw new FsError('ENOENT', 'scandir', path);
      if (entry.type !== 'directory') throw new FsError('ENOTDIR', 'scandir', path);
      const list: Dirent[] = [];
      for (const [name, e] of paths.children.get(at) ?? []) {
        list.push({
          name,
          isFile: e.type === 'file',
          isDirectory: e.type === 'directory',
          isSymbolicLink: e.type === 'symlink',
        });
      }
      return list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
  };
  classes.set(jb, cls);
  return cls;
}
