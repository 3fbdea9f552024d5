/**
 * What stat(2) would say of a path on a real 6.1 box, beyond just-bash's
 * FsStat: owner (root's unless another user made it: file-owners.ts; the
 * kernel owns /proc and /sys), blocks, link count, device
 * and a directory's size as each filesystem reports them:
 *   tmpfs (mm/shmem.c): a file takes whole 4 KiB pages; a directory no
 *     blocks, size 2 * BOGO_DIRENT_SIZE (20) plus 20 per entry;
 *   sysfs and proc (fs/kernfs, fs/proc): no blocks, directories of size 0;
 *   ext4: 4 KiB blocks, a directory one block of 4096.
 * Directory link counts are 2 plus the subdirectories, as on all of them.
 */
import type { FsStat, IFileSystem } from 'just-bash';

export interface MountPoint {
  source: string;
  path: string;
  type: string;
}

export interface InodeFacts {
  st: FsStat;
  size: number;
  /** 512-byte blocks allocated (st_blocks). */
  blocks: number;
  nlink: number;
  major: number;
  minor: number;
  ino: number;
  /** st_blksize: proc says 1024, the others a page. */
  ioBlock: number;
  mount: MountPoint;
  /** From the mount table's owners (file-owners.ts); root's where it keeps none. */
  uid: number;
  gid: number;
}

const PAGE = 4096;
const BOGO_DIRENT_SIZE = 20;

/** /proc/mounts, parsed: the source, mount point and type of each line. */
export async function readMounts(fs: IFileSystem): Promise<MountPoint[]> {
  const text = await fs.readFile('/proc/mounts').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [source = '', path = '/', type = ''] = l.split(' ');
      return { source, path, type };
    });
}

/** The mount holding an absolute path: the longest mount point that prefixes it. */
export function mountOf(mounts: MountPoint[], path: string): MountPoint {
  let best: MountPoint = mounts[0] ?? { source: '/dev/vda1', path: '/', type: 'ext4' };
  for (const m of mounts) {
    const under = m.path === '/' || path === m.path || path.startsWith(`${m.path}/`);
    if (under && m.path.length >= best.path.length) best = m;
  }
  return best;
}

/**
 * Device numbers as a 6.1 guest shows them: the virtio disk is 254:1,
 * every virtual filesystem an anonymous device 0:N numbered in mount order
 * (proc and sysfs come up first, then the tmpfs mounts).
 */
function deviceOf(mounts: MountPoint[], m: MountPoint): [number, number] {
  if (m.source.startsWith('/dev/vda')) return [254, Number(m.source.slice(8)) || 0];
  const i = mounts.filter((x) => !x.source.startsWith('/dev/')).indexOf(m);
  return [0, 21 + Math.max(0, i)];
}

/** A stable inode number for filesystems that give none: a hash of the path. */
function pathIno(path: string): number {
  let h = 2166136261;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 16777619);
  return ((h >>> 0) % 1_000_000) + 2;
}

export async function inodeFacts(
  fs: IFileSystem,
  path: string,
  follow: boolean,
  mounts?: MountPoint[],
): Promise<InodeFacts> {
  const st = follow ? await fs.stat(path) : await fs.lstat(path);
  const all = mounts ?? (await readMounts(fs));
  const mount = mountOf(all, path);
  const [major, minor] = deviceOf(all, mount);
  let size = st.size;
  let nlink = 1;
  if (st.isDirectory) {
    const list = fs.readdirWithFileTypes
      ? await fs.readdirWithFileTypes(path)
      : (await fs.readdir(path)).map((name) => ({ name, isDirectory: false }));
    nlink = 2 + list.filter((d) => d.isDirectory).length;
    if (mount.type === 'tmpfs') size = 2 * BOGO_DIRENT_SIZE + BOGO_DIRENT_SIZE * list.length;
    else if (mount.type === 'ext4') size = PAGE;
    else size = 0;
  }
  if (st.isSymbolicLink) size = (await fs.readlink(path)).length;
  const pages = Math.ceil(size / PAGE);
  let blocks = 0;
  if (mount.type === 'tmpfs') blocks = st.isFile ? pages * 8 : 0;
  else if (mount.type === 'ext4') blocks = st.isSymbolicLink && size < 60 ? 0 : pages * 8;
  const ino = typeof st.ino === 'number' ? st.ino : pathIno(path);
  const ioBlock = mount.type === 'proc' ? 1024 : PAGE;
  const { uid = 0, gid = 0 } = st as { uid?: number; gid?: number };
  return { st, size, blocks, nlink, major, minor, ino, ioBlock, mount, uid, gid };
}
