// The real kernel's userland and firmware: Debian's busybox-static for i386
// and seabios (bios.bin, vgabios-stdvga.bin), fetched with apt-get through a
// private apt state dir (APT::Architecture=i386) so this machine's dpkg
// architecture list is never changed, and the initramfs the kernel boots:
// busybox, the two modules with a modules.dep made here, and an /init.
// The cpio is written by the kernel's own usr/gen_init_cpio from a list.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { requireTools, SetupError } from './tools.mjs';

/** The kernel's command line: the serial console, and no boot chatter on it. */
export const CMDLINE = 'console=ttyS0 quiet';
/** What /init prints once proc, sys, dev and /tmp are mounted, before the first prompt. */
export const READY_MARKER = 'kheaders-real-kernel: ready';
/** The shell's prompt as it first shows (PS1 below, in /root). */
export const PROMPT = 'root@kheaders:~# ';
const HOSTNAME = 'kheaders';

const DEBS = {
  busybox: { pkg: 'busybox-static', arch: 'i386' },
  seabios: { pkg: 'seabios', arch: 'all' },
};

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

function aptOptions(state) {
  return [
    '-q',
    '-o',
    `Dir::State::Lists=${state}/lists`,
    '-o',
    `Dir::State::status=${state}/status`,
    '-o',
    `Dir::Cache=${state}/cache`,
    '-o',
    'APT::Architecture=i386',
    '-o',
    'APT::Architectures::=i386',
    '-o',
    'APT::Sandbox::User=root',
  ];
}

function findDeb(dir, { pkg, arch }) {
  if (!existsSync(dir)) return null;
  const name = readdirSync(dir).find((f) => f.startsWith(`${pkg}_`) && f.endsWith(`_${arch}.deb`));
  return name ? path.join(dir, name) : null;
}

/**
 * The two .debs, downloaded once into <cacheDir>/debs-i386 (REAL_DEBS points
 * at a folder holding them instead). Returns { busybox, seabios }: path, sha256, version.
 */
export function fetchI386Debs(cacheDir) {
  const dir = process.env.REAL_DEBS ?? path.join(cacheDir, 'debs-i386');
  const missing = Object.values(DEBS).filter((d) => !findDeb(dir, d));
  if (missing.length > 0) {
    if (process.env.REAL_DEBS || !existsSync('/usr/bin/apt-get')) {
      throw new SetupError(
        `the real kernel needs Debian's ${missing.map((d) => `${d.pkg}_*_${d.arch}.deb`).join(' and ')}: without apt-get, put them in a folder and set REAL_DEBS to it`,
      );
    }
    const state = path.join(cacheDir, 'apt-i386');
    mkdirSync(path.join(state, 'lists/partial'), { recursive: true });
    mkdirSync(path.join(state, 'cache/archives/partial'), { recursive: true });
    if (!existsSync(path.join(state, 'status'))) writeFileSync(path.join(state, 'status'), '');
    mkdirSync(dir, { recursive: true });
    console.log(`setup: apt-get (i386, private state in ${state}) download busybox-static seabios`);
    const apt = (args) =>
      execFileSync('apt-get', [...aptOptions(state), ...args], { cwd: dir, stdio: 'inherit' });
    apt(['update']);
    apt(['download', ...missing.map((d) => `${d.pkg}:${d.arch}`)]);
  }
  const dpkgDeb = requireTools(['dpkg-deb'])['dpkg-deb'];
  return Object.fromEntries(
    Object.entries(DEBS).map(([key, d]) => {
      const file = findDeb(dir, d);
      if (!file)
        throw new SetupError(`no ${d.pkg}_*_${d.arch}.deb in ${dir} after apt-get download`);
      const version = execFileSync(dpkgDeb, ['-f', file, 'Version'], { encoding: 'utf8' }).trim();
      return [key, { file, sha256: sha256(readFileSync(file)), version, pkg: d.pkg }];
    }),
  );
}

/** /init: what a small 6.1 box mounts, then a root shell on the console, again after `exit`. */
function initScript() {
  return `#!/bin/sh
# The real kernel's /init (made by scripts/setup/real-userland.mjs).
/bin/busybox mount -t proc proc /proc
/bin/busybox --install -s
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs -o mode=1777 tmpfs /tmp
hostname ${HOSTNAME}
export HOME=/root PATH=/sbin:/usr/sbin:/bin:/usr/bin TERM=xterm
export PS1='root@\\h:\\w# '
cd /root
echo '${READY_MARKER}'
# cttyhack opens the console's real tty (ttyS0) so the shell has job control.
while :; do setsid cttyhack sh; done
`;
}

/**
 * modules.dep as depmod writes it (`kernel/<path>.ko: <deps>`), from each
 * module's own .modinfo "depends=" string: busybox depmod is i386 and cannot
 * run here.
 */
function modulesDep(modules) {
  return modules
    .map(({ inTree, file }) => {
      const bytes = readFileSync(file).toString('latin1');
      const deps = bytes.match(/\0depends=([^\0]*)\0/)?.[1];
      if (deps === undefined) throw new SetupError(`${file} has no depends= in its .modinfo`);
      const paths = deps
        .split(',')
        .filter(Boolean)
        .map((name) => {
          const dep = modules.find((m) => path.basename(m.file, '.ko') === name);
          if (!dep) throw new SetupError(`${file} depends on ${name}, which is not built`);
          return dep.inTree;
        });
      return `${inTree}:${paths.map((p) => ` ${p}`).join('')}\n`;
    })
    .join('');
}

/**
 * Writes <work>/initrd (newc cpio, uncompressed: the kernel unpacks it
 * fastest) and unpacks the firmware. Returns { initrd, userland, bios }.
 */
/** mtime: the entries' time (seconds), fixed so the same inputs give the same bytes. */
export function buildInitramfs({ work, debs, release, genInitCpio, modules, mtime }) {
  const dpkgDeb = requireTools(['dpkg-deb'])['dpkg-deb'];
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const unpack = (deb, name) => {
    const to = path.join(work, name);
    execFileSync(dpkgDeb, ['-x', deb.file, to]);
    return to;
  };
  const busybox = path.join(unpack(debs.busybox, 'busybox'), 'bin/busybox');
  const seabios = path.join(unpack(debs.seabios, 'seabios'), 'usr/share/seabios');
  const bios = {
    bios: path.join(seabios, 'bios.bin'),
    vgabios: path.join(seabios, 'vgabios-stdvga.bin'),
  };
  for (const f of [busybox, ...Object.values(bios)]) {
    if (!existsSync(f)) throw new SetupError(`${f} is not in its Debian package any more`);
  }

  const write = (name, text) => {
    const file = path.join(work, name);
    writeFileSync(file, text);
    // gen_init_cpio gives files their own mtime (-t is for the rest).
    utimesSync(file, mtime, mtime);
    return file;
  };
  const modDir = `/lib/modules/${release}`;
  const mods = modules.map((file) => ({ file, inTree: `kernel/kernel/${path.basename(file)}` }));
  const list = [
    ...[
      '/dev',
      '/bin',
      '/sbin',
      '/usr',
      '/usr/bin',
      '/usr/sbin',
      '/proc',
      '/sys',
      '/etc',
      '/lib',
    ].map((d) => `dir ${d} 0755 0 0`),
    'nod /dev/console 0600 0 0 c 5 1',
    'dir /tmp 1777 0 0',
    'dir /root 0700 0 0',
    `file /bin/busybox ${busybox} 0755 0 0`,
    'slink /bin/sh busybox 0777 0 0',
    `file /init ${write('init', initScript())} 0755 0 0`,
    `file /etc/passwd ${write('passwd', 'root:x:0:0:root:/root:/bin/sh\n')} 0644 0 0`,
    `file /etc/group ${write('group', 'root:x:0:\n')} 0644 0 0`,
    `file /etc/hostname ${write('hostname', `${HOSTNAME}\n`)} 0644 0 0`,
    'dir /lib/modules 0755 0 0',
    `dir ${modDir} 0755 0 0`,
    `dir ${modDir}/kernel 0755 0 0`,
    `dir ${modDir}/kernel/kernel 0755 0 0`,
    ...mods.map((m) => `file ${modDir}/${m.inTree} ${m.file} 0644 0 0`),
    `file ${modDir}/modules.dep ${write('modules.dep', modulesDep(mods))} 0644 0 0`,
  ];
  const listFile = write('initramfs.list', list.join('\n') + '\n');
  const cpio = execFileSync(genInitCpio, ['-t', String(mtime), listFile], { maxBuffer: 1 << 28 });
  const initrd = write('initrd', cpio);
  const userland = {
    busybox: {
      package: debs.busybox.pkg,
      version: debs.busybox.version,
      bytes: readFileSync(busybox).length,
    },
    // Busybox's tar does not spot xz on its own: `tar -xJf`, where GNU tar takes `tar -xf`.
    tar: 'busybox',
    xz: 'busybox',
    modprobe: 'busybox',
    seabios: { package: debs.seabios.pkg, version: debs.seabios.version },
  };
  return { initrd, userland, bios };
}
