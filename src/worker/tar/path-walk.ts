// Path resolution inside a mounted archive. Symlinks are followed, but only
// within the mount: an absolute target, or a '..' that climbs above the
// root after a link was followed, is refused with an error naming the link.
import type { ArchiveTree, DirNode, TreeNode } from './archive-tree';
import { FsError } from '../vfs/errno';

export interface Resolved {
  node: TreeNode;
  /** Components of the canonical path (symlinks resolved), from the root. */
  names: string[];
}

export interface WalkOptions {
  /** Follow a symlink in the last component (stat) or return it (lstat, readlink). */
  followLast: boolean;
  /** For error messages: the operation, as Node names it ('stat', 'open', ...). */
  syscall: string;
  maxHops: number;
}

function components(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.');
}

export function walk(tree: ArchiveTree, path: string, options: WalkOptions): Resolved {
  const { syscall } = options;
  let todo = components(path);
  const dirs: DirNode[] = [tree.root];
  const names: string[] = [];
  let hops = 0;
  let lastLink = '';
  let i = 0;
  while (i < todo.length) {
    const part = todo[i++]!;
    const isLast = i === todo.length;
    if (part === '..') {
      if (names.length > 0) {
        names.pop();
        dirs.pop();
      } else if (hops > 0) {
        throw new FsError('ENOENT', syscall, path, `${lastLink} points outside the archive`);
      }
      continue;
    }
    const child = dirs[dirs.length - 1]!.children.get(part);
    if (!child) throw new FsError('ENOENT', syscall, path);
    if (child.kind === 'directory') {
      dirs.push(child);
      names.push(part);
      continue;
    }
    if (child.kind === 'symlink' && (!isLast || options.followLast)) {
      lastLink = `symbolic link '/${[...names, part].join('/')}' -> '${child.target}'`;
      if (++hops > options.maxHops) throw new FsError('ELOOP', syscall, path);
      if (child.target.startsWith('/')) {
        throw new FsError('ENOENT', syscall, path, `${lastLink} points outside the archive`);
      }
      todo = [...components(child.target), ...todo.slice(i)];
      i = 0;
      continue;
    }
    if (!isLast) throw new FsError('ENOTDIR', syscall, path);
    return { node: child, names: [...names, part] };
  }
  return { node: dirs[dirs.length - 1]!, names };
}
