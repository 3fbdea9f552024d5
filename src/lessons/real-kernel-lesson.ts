/**
 * The same sequence on a real kernel: setup's i386 build of the very
 * linux-source-6.1 the simulation models, booted in the tab by v86, with
 * Debian's busybox as its userland. Every step's commands run at its shell
 * (the link's `r=1`), so what the reader sees is the kernel's own answer.
 */
import { ARCHIVE, type Lesson } from './lesson-types';

const TREE = '/tmp/k';

export const REAL_KERNEL: Lesson = {
  id: 'real-kernel',
  title: 'The same on a real kernel (Linux in v86)',
  steps: [
    {
      title: 'A real kernel beside the simulation',
      text: [
        'The terminal now talks to a real Linux kernel: the same `linux-source-6.1`, built by setup for 32-bit x86 with `CONFIG_IKHEADERS=m`, booted in this tab by the v86 emulator. The badge above the terminal says which machine you are typing to; the switch takes you back to the simulation, which stays as you left it.',
        'Its userland is Debian’s `busybox`, not a distribution’s tools: `modprobe`, `tar` and `ls` are busybox’s, so their messages and options differ from kmod’s and GNU’s. The kernel’s side (what appears in `/sys`, its size, its mode, the errors) is the kernel’s own.',
      ],
      state: { real: true, commands: ['uname -a', `ls ${ARCHIVE}`] },
    },
    {
      title: 'modprobe: the file appears',
      text: [
        'Loading `kheaders.ko` registers `/sys/kernel/kheaders.tar.xz`: mode 0444, owned by root, exactly the size of the archive the build embedded. Its sha256 is the one setup recorded for this build, the same file the simulation mounts when it boots as this kernel (`real-kernel/kheaders.tar.xz` on this site).',
      ],
      state: {
        real: true,
        commands: [
          'modprobe kheaders',
          `ls -l ${ARCHIVE}`,
          `sha256sum ${ARCHIVE}`,
          'cat /sys/module/kheaders/coresize',
        ],
      },
    },
    {
      title: 'Unpack it as BCC does (busybox tar needs -J)',
      text: [
        'BCC runs GNU `tar -xf`, which notices the xz compression by itself. busybox `tar` does not: `-xf` stops with “invalid tar magic”, and `-xJf` says it is xz. The archive is the same either way; only the tool differs.',
        'What it unpacks is what BCC would point clang at: `include/` and `arch/`.',
      ],
      state: {
        real: true,
        commands: [
          `mkdir -p ${TREE}`,
          `tar -xf ${ARCHIVE} -C ${TREE}`,
          `tar -xJf ${ARCHIVE} -C ${TREE} && ls ${TREE}`,
        ],
      },
    },
    {
      title: 'rmmod: the file is gone',
      text: [
        'Unloading the module removes the sysfs file and gives its memory back: the path answers ENOENT (“No such file or directory”), as it did before `modprobe`. The unpacked copy in `/tmp` stays: it is BCC’s, not the kernel’s.',
      ],
      state: { real: true, commands: ['rmmod kheaders', `ls ${ARCHIVE}`, `ls ${TREE}`] },
    },
  ],
};
