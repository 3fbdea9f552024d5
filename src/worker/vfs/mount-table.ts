/**
 * just-bash's MountableFs, plus the one call it does not forward:
 * readdirWithFileTypes. Without it `find` and `grep -r` fall back to
 * readdir and one lstat per entry, each routed through the mount table
 * again; with it they walk a tree on listings alone, as on Linux (getdents
 * gives d_type).
 */
import type {
  CpOptions,
  CreateExclusiveOptions,
  FileContent,
  FsStat,
  IFileSystem,
  MkdirOptions,
  MountableFs,
  RmOptions,
} from 'just-bash';
import { normalize } from './tmpfs';
import { childMountPoints, routePath } from './just-bash-internals';
import { AccessCheck, FileOwners } from './file-owners';
import { FsError, isErrno } from './errno';

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

/** just-bash tells a filesystem without synchronous writes by the words "ENOSYS" start with. */
const noSyncWrite = (syscall: string, path: string): FsError =>
  new FsError('ENOSYS', syscall, path);

/** The mount table with owners: who made each file, and the kernel's checks on writes (file-owners.ts). */
export type OwnedMountTable = MountableFs & { owners: FileOwners | undefined };

const classes = new WeakMap<
  JustBash,
  new (...a: ConstructorParameters<typeof MountableFs>) => OwnedMountTable
>();

/** The MountTable class over this copy of just-bash (made on first use). */
export function mountTableClass(
  jb: JustBash,
): new (...a: ConstructorParameters<typeof MountableFs>) => OwnedMountTable {
  let cls = classes.get(jb);
  if (cls) return cls;
  cls = class MountTable extends jb.MountableFs {
    /** Set by the machine once it has users; without it everything is root's and nothing is checked. */
    owners: FileOwners | undefined;
    private checker: AccessCheck | undefined;

    private get access(): AccessCheck | undefined {
      if (!this.owners) return undefined;
      return (this.checker ??= new AccessCheck(this.owners, (p) => super.stat(p)));
    }

    /** As readdir lists it (mount points included, same order), with each entry's type. */
    async readdirWithFileTypes(path: string): Promise<Dirent[]> {
      const at = normalize(path);
      const { fs, relativePath } = routePath(this, path);
      const byName = new Map<string, Dirent>();
      let missing: unknown = null;
      try {
        for (const d of await listWithTypes(fs, relativePath)) byName.set(d.name, d);
      } catch (err) {
        // Every mount's listing is ours (TmpFs, ViewFs, ArchiveFs, DiskFs over a TmpFs): FsErrors.
        if (!isErrno(err, 'ENOENT')) throw err;
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
      const st = asRecord(await super.stat(path));
      const owners = this.owners;
      if (!owners) return st;
      // Owners are kept by name: a followed link's is its target's.
      const real = owners.onlyRoot ? path : await super.realpath(path).catch(() => path);
      return owners.annotate(real, st);
    }

    override async lstat(path: string): Promise<FsStat> {
      const st = asRecord(await super.lstat(path));
      return this.owners ? this.owners.annotate(path, st) : st;
    }

    /** Checks a write; true when it makes a new name the running user will own. */
    private async writing(path: string, syscall: string): Promise<boolean> {
      if (!this.owners?.tracks(path)) return false;
      return this.access!.mayWrite(path, syscall);
    }

    override async writeFile(path: string, content: FileContent, options?: never): Promise<void> {
      const made = await this.writing(path, 'open');
      await super.writeFile(path, content, options);
      if (made) this.owners!.created(path);
    }

    override async appendFile(path: string, content: FileContent, options?: never): Promise<void> {
      const made = await this.writing(path, 'open');
      await super.appendFile(path, content, options);
      if (made) this.owners!.created(path);
    }

    override async mkdir(path: string, options?: MkdirOptions): Promise<void> {
      const owners = this.owners;
      if (!owners?.tracks(path)) return super.mkdir(path, options);
      // Each directory mkdir -p makes is the user's; the first one missing decides the check.
      const made: string[] = [];
      for (
        let p = normalize(path);
        p !== '/' && !(await this.exists(p));
        p = p.slice(0, p.lastIndexOf('/')) || '/'
      )
        made.unshift(p);
      if (made.length) await this.access!.mayCreate(made[0]!, 'mkdir');
      await super.mkdir(path, options);
      for (const p of made) owners.created(p);
    }

    override async rm(path: string, options?: RmOptions): Promise<void> {
      const access = this.access;
      if (access && (await this.exists(path))) {
        if (options?.recursive) await access.mayDeleteTree(path, (d) => super.readdir(d));
        else await access.mayDelete(path, 'unlink');
      }
      await super.rm(path, options);
      this.owners?.removed(path);
    }

    override async mv(src: string, dest: string): Promise<void> {
      const access = this.access;
      if (access) {
        await access.mayDelete(src, 'rename');
        if (await this.exists(dest)) await access.mayDelete(dest, 'rename');
        else await access.mayCreate(dest, 'rename');
      }
      await super.mv(src, dest);
      this.owners?.moved(src, dest);
    }

    override async cp(src: string, dest: string, options?: CpOptions): Promise<void> {
      const made = await this.writing(dest, 'open');
      await super.cp(src, dest, options);
      if (made) await this.ownTree(dest);
    }

    override async symlink(target: string, linkPath: string): Promise<void> {
      await this.access?.mayCreate(linkPath, 'symlink');
      await super.symlink(target, linkPath);
      if (this.owners?.tracks(linkPath)) this.owners.created(linkPath);
    }

    override async link(existing: string, newPath: string): Promise<void> {
      await this.access?.mayCreate(newPath, 'link');
      await super.link(existing, newPath);
      // A hard link is the same inode: the same owner.
      this.owners?.set(newPath, this.owners.of(existing));
    }

    override async chmod(path: string, mode: number): Promise<void> {
      this.access?.mayChangeMode(path);
      return super.chmod(path, mode);
    }

    override async utimes(path: string, atime: Date, mtime: Date): Promise<void> {
      await this.access?.mayTouch(path);
      return super.utimes(path, atime, mtime);
    }

    /**
     * mktemp's create (IFileSystem.createExclusive, new in just-bash 3.6):
     * MountableFs would hand it to the mount unchecked and unowned, and
     * not every mount has one. Here the name must be free (a symlink there
     * counts) and is then made as any new name is, checked and owned, with
     * the mode asked; one command runs at a time, so nothing takes it between.
     */
    override async createExclusive(path: string, options: CreateExclusiveOptions): Promise<void> {
      const syscall = options.directory ? 'mkdir' : 'open';
      if (await this.lstat(path).catch(() => undefined)) throw new FsError('EEXIST', syscall, path);
      const dir = await this.stat(normalize(`${path}/..`)).catch(() => undefined);
      if (!dir?.isDirectory) throw new FsError(dir ? 'ENOTDIR' : 'ENOENT', syscall, path);
      await (options.directory ? this.mkdir(path) : this.writeFile(path, new Uint8Array(0)));
      await this.chmod(path, options.mode);
    }

    /*
     * No synchronous writes: every write above is checked and owned.
     * MountableFs has them since just-bash 3.6, and Bash then lays its own
     * /bin, /usr/bin and /dev stubs over the machine's files; ENOSYS is how
     * a filesystem says it has none, and just-bash leaves those paths out.
     */
    override mkdirSync(path: string): never {
      throw noSyncWrite('mkdir', path);
    }

    override writeFileSync(path: string): never {
      throw noSyncWrite('write', path);
    }

    /** A copy the user made, all of it theirs. */
    private async ownTree(path: string): Promise<void> {
      const walk = [normalize(path)];
      while (walk.length) {
        const p = walk.pop()!;
        this.owners!.created(p);
        const st = await super.lstat(p).catch(() => undefined);
        if (st?.isDirectory)
          for (const n of await super.readdir(p)) walk.push(`${p === '/' ? '' : p}/${n}`);
      }
    }
  };
  classes.set(jb, cls);
  return cls;
}
