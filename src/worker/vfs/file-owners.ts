/**
 * Who owns each file, and what the kernel lets the running user do to it.
 * Kept beside the mount table, keyed by absolute path, so it works for every
 * writable filesystem the machine mounts (the root's files, the tmpfs
 * mounts, a disk-backed /home) without their knowing: root owns everything
 * not listed, and only what another user made is listed.
 *
 * The checks are the kernel's for a process without capabilities
 * (fs/namei.c may_delete, may_create; fs/attr.c setattr_prepare):
 *   - creating or removing a name needs write and search permission on the
 *     directory (EACCES);
 *   - in a sticky directory (/tmp, mode 1777) a name may be removed or
 *     renamed only by the file's owner or the directory's (EPERM);
 *   - writing a file needs write permission on it (EACCES);
 *   - chmod and setting times needs ownership (EPERM).
 * Root passes all of them, as CAP_DAC_OVERRIDE and CAP_FOWNER allow.
 */
import type { FsStat } from 'just-bash';
import type { Credentials } from '../kernel/users';
import { FsError } from './errno';
import { normalize } from './tmpfs';

export interface Owner {
  uid: number;
  gid: number;
}

const ROOT_OWNER: Owner = { uid: 0, gid: 0 };
const STICKY = 0o1000;

const parentOf = (path: string): string => path.slice(0, path.lastIndexOf('/')) || '/';
const isUnder = (path: string, dir: string): boolean =>
  path === dir || path.startsWith(dir === '/' ? '/' : `${dir}/`);

export class FileOwners {
  /** Files whose owner is not their default one. */
  private readonly byPath = new Map<string, Owner>();
  /**
   * Home directories: what is under one is its user's unless listed, so a
   * home kept on disk from an earlier visit is still its user's.
   */
  private readonly homes = new Map<string, Owner>();

  constructor(readonly creds: Credentials) {}

  /** Everything under this directory (itself included) belongs to this user by default. */
  addHome(path: string, owner: Owner): void {
    this.homes.set(normalize(path), { uid: owner.uid, gid: owner.gid });
  }

  private defaultOf(p: string): Owner {
    for (const [home, o] of this.homes) if (isUnder(p, home)) return o;
    return ROOT_OWNER;
  }

  /** Whether a write to this path by the running user must be recorded. */
  tracks(path: string): boolean {
    if (!this.creds.privileged) return true;
    const p = normalize(path);
    for (const home of this.homes.keys()) if (isUnder(p, home)) return true;
    return false;
  }

  /**
   * No file has an owner of its own: a stat's link need not be resolved
   * (a home's default owner is read from the path itself).
   */
  get onlyRoot(): boolean {
    return this.byPath.size === 0;
  }

  of(path: string): Owner {
    const p = normalize(path);
    return this.byPath.get(p) ?? this.defaultOf(p);
  }

  set(path: string, owner: Owner): void {
    const p = normalize(path);
    const d = this.defaultOf(p);
    if (owner.uid === d.uid && owner.gid === d.gid) this.byPath.delete(p);
    else this.byPath.set(p, { uid: owner.uid, gid: owner.gid });
  }

  /** A name the running user just made: theirs. */
  created(path: string): void {
    this.set(path, this.creds.current);
  }

  /** A name and everything under it gone. */
  removed(path: string): void {
    const p = normalize(path);
    if (!this.byPath.size) return;
    for (const k of [...this.byPath.keys()]) if (isUnder(k, p)) this.byPath.delete(k);
  }

  /** A rename keeps every owner, at the new names. */
  moved(from: string, to: string): void {
    const a = normalize(from);
    const b = normalize(to);
    const top = this.of(a);
    const moving = [...this.byPath].filter(([k]) => isUnder(k, a));
    this.removed(b);
    this.set(b, top);
    for (const [k] of moving) this.byPath.delete(k);
    // Through set(): a disk that keeps owners hears of each (home-disk.ts).
    for (const [k, o] of moving) this.set(b + k.slice(a.length), o);
  }

  /** The owner as stat(2) gives it, added to a stat record. */
  annotate<T extends FsStat>(path: string, st: T): T & Owner {
    return Object.assign(st, this.of(path));
  }

  /** Whether the running user has this permission ('r', 'w' or 'x') on a file of this mode. */
  may(path: string, mode: number, what: 'r' | 'w' | 'x'): boolean {
    if (this.creds.privileged) return true;
    const bit = what === 'r' ? 4 : what === 'w' ? 2 : 1;
    const o = this.of(path);
    const { uid, gid } = this.creds.current;
    const shift = o.uid === uid ? 6 : o.gid === gid ? 3 : 0;
    return ((mode >> shift) & bit) !== 0;
  }
}

type StatFn = (path: string) => Promise<FsStat>;

/** The checks the mount table runs before a write; each throws what the kernel would return. */
export class AccessCheck {
  constructor(
    private readonly owners: FileOwners,
    private readonly stat: StatFn,
  ) {}

  private get privileged(): boolean {
    return this.owners.creds.privileged;
  }

  private async modeOf(path: string): Promise<number | undefined> {
    try {
      return (await this.stat(path)).mode;
    } catch {
      return undefined;
    }
  }

  /** A new name in its directory (open O_CREAT, mkdir, symlink, link, the target of mv/cp). */
  async mayCreate(path: string, syscall: string): Promise<void> {
    if (this.privileged) return;
    const dir = parentOf(normalize(path));
    const mode = await this.modeOf(dir);
    if (mode === undefined) return; // the filesystem says ENOENT itself
    if (!this.owners.may(dir, mode, 'w') || !this.owners.may(dir, mode, 'x'))
      throw new FsError('EACCES', syscall, path);
  }

  /** Removing or renaming a name: the directory's permission, then the sticky bit's rule. */
  async mayDelete(path: string, syscall: string): Promise<void> {
    if (this.privileged) return;
    const p = normalize(path);
    const dir = parentOf(p);
    const mode = await this.modeOf(dir);
    if (mode === undefined) return;
    if (!this.owners.may(dir, mode, 'w') || !this.owners.may(dir, mode, 'x'))
      throw new FsError('EACCES', syscall, path);
    const uid = this.owners.creds.uid;
    if (mode & STICKY && this.owners.of(p).uid !== uid && this.owners.of(dir).uid !== uid)
      throw new FsError('EPERM', syscall, path);
  }

  /** rm -r: every directory it empties must let the user remove names from it. */
  async mayDeleteTree(path: string, list: (dir: string) => Promise<string[]>): Promise<void> {
    if (this.privileged) return;
    await this.mayDelete(path, 'unlinkat');
    const walk = [normalize(path)];
    while (walk.length) {
      const dir = walk.pop()!;
      const st = await this.stat(dir).catch(() => undefined);
      if (!st?.isDirectory) continue;
      for (const name of await list(dir)) {
        const child = `${dir === '/' ? '' : dir}/${name}`;
        await this.mayDelete(child, 'unlinkat');
        walk.push(child);
      }
    }
  }

  /** Writing into an existing file, or making it. */
  async mayWrite(path: string, syscall: string): Promise<boolean> {
    const mode = await this.modeOf(path);
    if (mode === undefined) {
      await this.mayCreate(path, syscall);
      return true;
    }
    if (!this.owners.may(path, mode, 'w')) throw new FsError('EACCES', syscall, path);
    return false;
  }

  /** chmod: the owner's (or root's) alone. */
  mayChangeMode(path: string): void {
    if (this.privileged) return;
    if (this.owners.of(path).uid !== this.owners.creds.uid)
      throw new FsError('EPERM', 'chmod', path);
  }

  /**
   * Setting times to now (touch): the owner, or anyone who may write the
   * file (fs/utimes.c, inode_owner_or_capable or write permission); EACCES else.
   */
  async mayTouch(path: string): Promise<void> {
    if (this.privileged || this.owners.of(path).uid === this.owners.creds.uid) return;
    const mode = await this.modeOf(path);
    if (mode !== undefined && !this.owners.may(path, mode, 'w'))
      throw new FsError('EACCES', 'utimes', path);
  }
}
