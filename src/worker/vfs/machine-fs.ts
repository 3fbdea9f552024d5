/**
 * The machine's one filesystem tree, as just-bash sees it: a MountableFs
 * with the kernel's views (/proc, /sys, /lib/modules) and bounded in-memory
 * tmpfs mounts (/tmp, /home) over a small root. just-bash is passed in, so
 * this module costs nothing until the shell is first used.
 */
import type { IFileSystem, InMemoryFs } from 'just-bash';
import type { Kernel } from '../kernel/kernel';
import type { ArchiveMount } from './archive-mounts';
import type { DiskUsage } from '../shell/commands/df-command';
import { HOSTNAME } from '../kernel/kernel-text';
import { BCC_LOADER_PATH, BCC_LOADER_SCRIPT } from './bcc-loader-script';
import { libModulesRoot } from './lib-modules';
import { mountTableClass, type OwnedMountTable } from './mount-table';
import { procRoot, type MountInfo } from './procfs';
import { sysRoot } from './sysfs';
import { tmpfsClass } from './tmpfs';
import { retainedBytes } from './just-bash-internals';
import type { HomeDisk } from './home-disk';
import type { Credentials } from '../kernel/users';
import { FileOwners } from './file-owners';
import { ViewFs } from './view-fs';

/**
 * Size of each tmpfs mount (/tmp, /home) and of the root's own files. The
 * demo tar is about 30 MB, so one extraction fits in /tmp with room for a
 * second (BCC's temp dir beside a manual copy); a third ends with ENOSPC
 * instead of a tab that runs out of memory.
 */
export const TMPFS_BYTES = 96 * 1024 * 1024;

type JustBash = typeof import('just-bash/browser');

export interface MachineFs {
  fs: OwnedMountTable;
  tmpfs: { path: string; fs: InMemoryFs }[];
  /** Everything a user can write: the root's own files, then each tmpfs. */
  writable: { path: string; fs: InMemoryFs }[];
  mounts(): MountInfo[];
  /** Mounts an archive at its path, replacing whatever was mounted there. */
  mountArchive(mount: ArchiveMount): void;
  /** Bytes the tmpfs mounts hold. */
  tmpfsBytes(): number;
  /** Size and use of each filesystem that has a size (what `df` shows). */
  usage(): DiskUsage[];
  /** The disk behind /root and /home, when the machine has one (home-disk.ts). */
  disk?: HomeDisk;
}

/** The home disk as /proc/mounts and df name it: a second virtio disk. */
const DISK_SOURCE = '/dev/vdb';

/** InMemoryFs's own byte count, for meminfo's Shmem and df. */
const retained = retainedBytes;

export function buildMachineFs(
  jb: JustBash,
  kernel: Kernel,
  options: {
    tmpfsBytes?: number;
    bootTime?: Date;
    commands?: string[];
    disk?: HomeDisk;
    /** Who runs commands: files get owners and writes the kernel's checks (file-owners.ts). */
    creds?: Credentials;
  } = {},
): MachineFs {
  const limit = options.tmpfsBytes ?? TMPFS_BYTES;
  const boot = options.bootTime ?? new Date();
  const TmpFs = tmpfsClass(jb);
  const root = new TmpFs({ maxTotalBytes: limit });
  for (const d of [
    '/root',
    '/etc',
    '/usr/bin',
    '/usr/share/bcc',
    '/usr/src',
    '/var/log',
    '/dev',
    '/mnt',
  ]) {
    root.mkdirSync(d, { recursive: true });
  }
  // just-bash looks a command up in PATH once a PATH directory exists: give
  // every command its file, as on a real system (`ls /usr/bin`, `which`).
  for (const name of options.commands ?? []) {
    root.writeFileSync(`/usr/bin/${name}`, '', undefined, { mode: 0o755 });
  }
  root.writeFileSync('/etc/hostname', `${HOSTNAME}\n`);
  root.writeFileSync(BCC_LOADER_PATH, BCC_LOADER_SCRIPT, undefined, { mode: 0o755 });
  root.writeFileSync(
    '/etc/os-release',
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n',
  );
  const disk = options.disk;
  // With a disk, /root and /home are on it and only /tmp is a tmpfs (emptied by a reboot).
  const tmpfs = (disk ? ['/tmp'] : ['/tmp', '/home']).map((path) => ({
    path,
    fs: new TmpFs({ maxTotalBytes: limit }),
  }));
  const views: [string, ViewFs, string][] = [
    ['/proc', new ViewFs(() => procRoot(kernel, mounts), boot, 4), 'proc'],
    ['/sys', new ViewFs(() => sysRoot(kernel), boot, 5), 'sysfs'],
    ['/lib/modules', new ViewFs(() => libModulesRoot(kernel), boot, 6), 'ext4'],
  ];
  const limitKb = Math.round(limit / 1024);
  const archives = new Map<string, ArchiveMount>();
  const mounts = (): MountInfo[] => [
    { source: '/dev/vda1', path: '/', type: 'ext4', options: 'rw,relatime' },
    { source: 'proc', path: '/proc', type: 'proc', options: 'rw,nosuid,nodev,noexec,relatime' },
    { source: 'sysfs', path: '/sys', type: 'sysfs', options: 'rw,nosuid,nodev,noexec,relatime' },
    ...tmpfs.map(({ path }) => ({
      source: 'tmpfs',
      path,
      type: 'tmpfs',
      options: `rw,nosuid,nodev,size=${limitKb}k`,
    })),
    ...(disk?.mounts ?? []).map(({ mountPoint }) => ({
      source: DISK_SOURCE,
      path: mountPoint,
      type: 'ext4',
      options: 'rw,relatime',
    })),
    // As archivemount (FUSE) would show a read-only archive mount.
    ...[...archives.keys()].map((path) => ({
      source: 'archivemount',
      path,
      type: 'fuse.archivemount',
      options: 'ro,nosuid,nodev,relatime,user_id=0,group_id=0',
    })),
  ];
  const fs = new (mountTableClass(jb))({
    base: root,
    mounts: [
      ...views.map(([mountPoint, filesystem]) => ({
        mountPoint,
        filesystem: filesystem as IFileSystem,
      })),
      ...tmpfs.map(({ path, fs: filesystem }) => ({ mountPoint: path, filesystem })),
      ...(disk?.mounts ?? []).map((m) => ({ mountPoint: m.mountPoint, filesystem: m })),
    ],
  });
  if (options.creds) fs.owners = new FileOwners(options.creds);
  const mountArchive = (mount: ArchiveMount): void => {
    if (fs.isMountPoint(mount.path)) fs.unmount(mount.path);
    archives.delete(mount.path);
    fs.mount(mount.path, mount.fs);
    archives.set(mount.path, mount);
  };
  return {
    fs,
    tmpfs,
    // A disk that keeps its files is not in the snapshot: after a crash the disk is newer.
    writable: [
      { path: '/', fs: root },
      ...tmpfs,
      ...(disk && !disk.kept ? disk.mounts.map((m) => ({ path: m.mountPoint, fs: m.mem })) : []),
    ],
    disk,
    mounts,
    mountArchive,
    tmpfsBytes: () => tmpfs.reduce((n, t) => n + retained(t.fs), 0),
    usage: () => [
      { source: '/dev/vda1', type: 'ext4', path: '/', size: limit, used: retained(root) },
      ...tmpfs.map(({ path, fs: t }) => ({
        source: 'tmpfs',
        type: 'tmpfs',
        path,
        size: limit,
        used: retained(t),
      })),
      ...(disk?.mounts ?? []).map((m) => ({
        source: DISK_SOURCE,
        type: 'ext4',
        path: m.mountPoint,
        size: disk!.sizeBytes,
        used: disk!.usedBytes(),
      })),
      // A read-only archive is full by its own size, as archivemount reports it.
      ...[...archives.values()].map((a) => ({
        source: 'archivemount',
        type: 'fuse.archivemount',
        path: a.path,
        size: a.bytes,
        used: a.bytes,
      })),
    ],
  };
}
