/**
 * The lessons of history: the 2019 debate and the 5.2 releases, then what
 * came after (bpftrace and CVE-2024-2313, BTF and CO-RE, the 2020 proposal
 * to remove it). Facts follow the LKML threads of the RFC and its v2–v5,
 * the 5.2-rc4 move ("kheaders: Move from proc to sysfs"), bpftrace's
 * changelog; see ../shared/kernel-facts.md. Written in our own words.
 */
import { ARCHIVE, SYSFS, type Lesson } from './lesson-types';

export const DEBATE: Lesson = {
  id: 'debate',
  title: 'The 2019 debate: where should the headers live?',
  steps: [
    {
      title: 'Three designs, one timeline',
      text: [
        'The objection to the first patch: megabytes of kernel memory spent on files most machines never read. The timeline shows what each design holds across a machine’s life: booting, the moment a tool needs headers, and the long idle after.',
        'Joel Fernandes’ first design, as he described it, put the archive in an init section. With a boot argument the kernel copied it to ordinary memory, to be read through /proc; without one it was thrown away with the rest of init memory after boot. He gave it up: it needed linker-script changes, and it made having headers a decision taken at boot rather than when a tool needs them.',
      ],
      timeline: true,
      state: { config: SYSFS, commands: ['free -k'] },
    },
    {
      title: 'Built in: always resident',
      text: [
        'Rebuild with `CONFIG_IKHEADERS=y`: the archive is part of the kernel image, the file exists from boot, and its memory never comes back. Android’s GKI kernels choose this.',
      ],
      timeline: true,
      state: {
        config: { ...SYSFS, IKHEADERS: 'y' },
        commands: [`ls -l ${ARCHIVE}`, 'lsmod', 'free -k'],
      },
    },
    {
      title: 'As a module: resident only while loaded',
      text: [
        'Christoph Hellwig called it a waste of kernel memory and suggested an archive in the initramfs instead. Greg Kroah-Hartman’s answer: it costs memory only while the module is loaded, just like `/proc/config.gz`. A distribution can ship the module and spend the {core} only between `modprobe` and `rmmod`.',
      ],
      timeline: true,
      state: {
        config: SYSFS,
        modules: ['kheaders'],
        commands: ['lsmod', 'free -k', 'rmmod kheaders', 'free -k'],
      },
    },
    {
      title: 'One reply did not end it',
      text: [
        'H. Peter Anvin wanted a filesystem you could mount rather than a tarball; Geert Uytterhoeven suggested a `kheaders` filesystem type. Asked why Android did not simply ship a headers package, Joel answered that Android’s system image cannot carry GPL source, while kernel modules ship on the vendor partition.',
        'The series went through five versions, the last in March 2019, before it was merged for 5.2-rc1. The module kept the description it still has:',
      ],
      state: { config: SYSFS, commands: ['modinfo -F description kheaders'] },
    },
    {
      title: '5.2-rc1: it started in /proc',
      text: [
        'The version merged for 5.2-rc1 was `CONFIG_IKHEADERS_PROC` and made `/proc/kheaders.tar.xz`. Switch the era and the file appears there instead.',
      ],
      state: {
        config: { ...SYSFS, era: 'proc-5.2-rc1' },
        modules: ['kheaders'],
        commands: ['ls -l /proc/kheaders.tar.xz /sys/kernel/kheaders.tar.xz'],
      },
    },
    {
      title: '5.2-rc4: moved to /sys/kernel',
      text: [
        'Before 5.2 was released the file moved to `/sys/kernel/kheaders.tar.xz` and the option became `CONFIG_IKHEADERS`: a file in /proc, once in a release, would have had to stay there for good.',
      ],
      state: {
        config: SYSFS,
        modules: ['kheaders'],
        commands: ['ls -l /proc/kheaders.tar.xz /sys/kernel/kheaders.tar.xz'],
      },
    },
  ],
};

/** A bpftrace script that needs a kernel header (one command: a link's commands are one line each). */
const PROBE = `printf '#include <linux/sched.h>\\nkprobe:do_nanosleep { printf("%%d\\\\n", pid); }\\n' > /tmp/nanosleep.bt`;

export const AFTER: Lesson = {
  id: 'after',
  title: 'After 5.2: bpftrace, BTF, and the proposal to remove it',
  steps: [
    {
      title: 'bpftrace stopped unpacking it',
      text: [
        'bpftrace, like BCC, unpacked `/sys/kernel/kheaders.tar.xz` into `/tmp` by itself, and did so through 0.20 (without unloading the module). The predictable path in a world-writable directory was CVE-2024-2313, the same flaw as BCC’s. From 0.21 bpftrace no longer unpacks anything: it looks for a build tree and, failing that, tells you how to do it by hand.',
      ],
      state: {
        config: SYSFS,
        commands: ['bpftrace --version', PROBE, 'bpftrace /tmp/nanosleep.bt'],
      },
    },
    {
      title: 'Doing it by hand',
      text: [
        'Follow the hint: load the module, unpack into a directory you chose and own, and point bpftrace at it. The playground runs no BPF, but bpftrace now finds its headers.',
      ],
      state: {
        config: SYSFS,
        commands: [
          `modprobe kheaders && mkdir -p /tmp/kh && tar -C /tmp/kh -xf ${ARCHIVE}`,
          PROBE,
          'BPFTRACE_KERNEL_SOURCE=/tmp/kh bpftrace /tmp/nanosleep.bt',
        ],
      },
    },
    {
      title: 'BTF and CO-RE',
      text: [
        'BTF is a compact description of the kernel’s own types, built from its debug info and exposed as `/sys/kernel/btf/vmlinux` (`CONFIG_DEBUG_INFO_BTF`). A CO-RE program ("compile once, run everywhere") is compiled once with relocations for every field it reads; libbpf fixes the offsets at load time from the running kernel’s BTF. No headers needed on the target machine.',
        'This demo kernel is plain x86_64 defconfig, built without debug info, so it has no BTF: only the headers can tell a tool its layout.',
      ],
      state: {
        config: SYSFS,
        commands: ['zcat /proc/config.gz | grep DEBUG_INFO', 'ls /sys/kernel/btf/vmlinux'],
      },
    },
    {
      title: '2020: a proposal to remove it',
      text: [
        'In February 2020 a revert was proposed: with BTF, the argument went, kernels no longer needed to carry their headers. It was stopped because BCC and bpftrace relied on kheaders. Android GKI kernels build it in to this day.',
      ],
      state: {
        config: SYSFS,
        commands: ['zcat /proc/config.gz | grep IKHEADERS', 'modinfo kheaders'],
      },
    },
  ],
};
