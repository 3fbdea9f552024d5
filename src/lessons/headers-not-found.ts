/**
 * The lesson "When the headers can't be found": the failures people report
 * in BCC's, bpftrace's, kubectl-trace's and WSL's trackers, each caused on
 * this machine by a step's link (which user, which packages, which
 * directories), with the message the tools print and what fixes it. The
 * issues and CVEs are in ../shared/kernel-facts.md ("What people hit in
 * the field"). Messages are checked against the real tools in
 * test/lessons/error-search.test.ts.
 */
import { bccFlags } from '../common/bcc-flags';
import { DEFAULT_CONFIG } from '../common/kernel-config';
import { ARCHIVE, BCC_FIND, type Lesson } from './lesson-types';

const THIS = '/tmp/kheaders-$(uname -r)';
/** Each step starts from a /tmp without BCC's tree, whatever step ran before (as root). */
const CLEAN = `rm -rf ${THIS}`;
const UNABLE = {
  message:
    'Unable to find kernel headers. Try rebuilding kernel with CONFIG_IKHEADERS=m (module) or installing the kernel development package for your running kernel version.',
  cause:
    "BCC's last words when modprobe kheaders failed: read the line above it, the kernel may be fine",
  generic: true,
};
const PROBE = "printf '#include <linux/sched.h>\\n' > /tmp/probe.c";
const bccCompile = (root: string) => `clang ${bccFlags(root).join(' ')} -fsyntax-only /tmp/probe.c`;
/** One line for the link: bash's $'…' puts the newline bpftrace needs after the #include. */
const BPF_PROGRAM =
  '$\'#include <linux/sched.h>\\nkprobe:do_nanosleep { printf("%d\\\\n", ((struct task_struct *)curtask)->pid); }\'';

export const HEADERS_NOT_FOUND: Lesson = {
  id: 'headers-not-found',
  title: "When the headers can't be found",
  steps: [
    {
      title: 'Not root: modprobe is refused',
      text: [
        'You are `student` here, not root. Loading a module needs the capability CAP_SYS_MODULE (the kernel checks it first, in `kernel/module/main.c`), so `modprobe` gets EPERM and kmod says "Operation not permitted". BCC\'s search then ends with "Unable to find kernel headers. Try rebuilding kernel with CONFIG_IKHEADERS=m": many students take that literally and rebuild a kernel that was fine.',
        "The fix needs root once: `exit` (back to root's shell), `modprobe kheaders`, then `su - student` again. Reading the archive needs no privilege: the sysfs file is mode 0444, so `ls -l " +
          ARCHIVE +
          '` and `tar -xf ' +
          ARCHIVE +
          " -C ~` work for the student. From BCC's and bpftrace's issue trackers, where it is the most asked question; no single issue number.",
      ],
      state: {
        config: DEFAULT_CONFIG,
        commands: [CLEAN, 'su - student', 'id', 'modprobe kheaders', BCC_FIND],
        user: 'student',
      },
      finds: [
        {
          message: "modprobe: ERROR: could not insert 'kheaders': Operation not permitted",
          cause:
            'loading a module needs root (CAP_SYS_MODULE); the file itself is readable by anyone',
        },
        {
          message:
            "rmmod: ERROR: ../libkmod/libkmod-module.c:856 kmod_module_remove_module() could not remove 'kheaders': Operation not permitted",
          cause: 'unloading a module needs root (CAP_SYS_MODULE)',
        },
        {
          message: 'rmmod: ERROR: could not remove module kheaders: Operation not permitted',
          cause: 'unloading a module needs root (CAP_SYS_MODULE)',
        },
        {
          message:
            'insmod: ERROR: could not insert module /lib/modules/{release}/kernel/kernel/kheaders.ko: Operation not permitted',
          cause: 'loading a module needs root (CAP_SYS_MODULE)',
        },
        {
          message: "ls: cannot access '/sys/kernel/kheaders.tar.xz': No such file or directory",
          cause:
            'kheaders is not loaded: root runs modprobe kheaders, then anyone can read the file',
        },
        {
          message: 'su: Authentication failure',
          cause: "the student cannot become root: root's password is not set; use exit",
        },
        UNABLE,
      ],
    },
    {
      title: 'A stale, empty directory (bcc #4213)',
      text: [
        'BCC keys its unpacked headers by the release string alone: if `/tmp/kheaders-<release>` exists and root owns it, BCC uses it as it is. An extraction that crashed halfway, or systemd-tmpfiles emptying /tmp after ten days, leaves it empty, and every later compile fails on the first file BCC forces in, `include/linux/kconfig.h` (bcc #4213, open since 2022; bcc PR #5395, 2025).',
        "Here root made the empty directory; the script reuses it, and the compile with BCC's flags fails the same way. The fix: `rm -r " +
          THIS +
          '` and run the script again, which unpacks a fresh copy.',
      ],
      state: {
        config: DEFAULT_CONFIG,
        commands: [CLEAN, `mkdir ${THIS}`, BCC_FIND, PROBE, bccCompile(THIS)],
      },
      finds: [
        {
          message:
            "<built-in>:1:10: fatal error: '/tmp/kheaders-{release}/include/linux/kconfig.h' file not found",
          cause:
            'an empty or half-unpacked /tmp/kheaders-<release> is reused; remove it and let BCC unpack again',
        },
      ],
    },
    {
      title: "Someone else's directory (CVE-2024-2314)",
      text: [
        "`/tmp` is world-writable (mode 1777). Before the fix, any user could create `/tmp/kheaders-<release>` first and fill it with headers of their own; root's next BCC run compiled against them (CVE-2024-2314 for BCC, fixed by bcc #4928 and #4985 in 2024; CVE-2024-2313 for bpftrace, which stopped unpacking).",
        "Here the student plants a `kconfig.h`; root's BCC now refuses a directory it does not own. The last command shows what the check prevents: root's compiler reads the student's file, so the student decides what root's BPF program is built from. The fix: as root, `rm -r " +
          THIS +
          '` and run the script again.',
      ],
      state: {
        config: DEFAULT_CONFIG,
        commands: [
          CLEAN,
          'su - student',
          `mkdir -p ${THIS}/include/linux`,
          `echo '#define KH_PLANTED_BY_STUDENT 1' > ${THIS}/include/linux/kconfig.h`,
          'exit',
          `ls -ld ${THIS} ${THIS}/include/linux/kconfig.h`,
          BCC_FIND,
          ': > /tmp/empty.c && clang -E -dM -include ' +
            THIS +
            '/include/linux/kconfig.h /tmp/empty.c | grep KH_',
        ],
      },
      finds: [
        {
          message: 'ERROR: header file ownership unexpected: /tmp/kheaders-{release}',
          cause:
            'someone other than root made /tmp/kheaders-<release>; BCC refuses it (CVE-2024-2314): remove it as root',
        },
      ],
    },
    {
      title: 'A container without kmod (bcc #3819, #4410)',
      text: [
        'A container shares the host\'s kernel but brings its own programs, and slim images leave out kmod. BCC calls `modprobe kheaders` and the shell cannot find it (bcc #3819, #4410): "modprobe: not found" from `sh`, "modprobe: command not found" from bash.',
        'Either load the module on the host before starting the container (the sysfs file is then there for every container that mounts /sys), or add kmod to the image. `kh-image` (ours) puts the packages back, then the script works.',
      ],
      state: {
        config: DEFAULT_CONFIG,
        absent: ['kmod'],
        commands: [CLEAN, BCC_FIND, 'modprobe kheaders'],
      },
      finds: [
        {
          message: 'sh: 1: modprobe: not found',
          cause: 'the image has no kmod: load kheaders on the host, or install kmod in the image',
        },
        {
          message: 'bash: modprobe: command not found',
          cause: 'the image has no kmod: load kheaders on the host, or install kmod in the image',
        },
        UNABLE,
      ],
    },
    {
      title: 'A container without xz (kubectl-trace #120)',
      text: [
        'The host has loaded the module, so the archive is there. But GNU tar does not decompress xz itself: it runs the `xz` program as a child, and an image without xz-utils has none (kubectl-trace #120). tar\'s child says "xz: Cannot exec", tar exits with status 2.',
        'Add xz-utils to the image (`kh-image` puts it back here). Images for tracing tools add both kmod and xz-utils since.',
      ],
      state: {
        config: DEFAULT_CONFIG,
        modules: ['kheaders'],
        absent: ['xz-utils'],
        commands: [
          CLEAN,
          BCC_FIND,
          `rm -rf /tmp/kh && mkdir /tmp/kh && tar -xf ${ARCHIVE} -C /tmp/kh`,
        ],
      },
      finds: [
        {
          message: 'tar (child): xz: Cannot exec: No such file or directory',
          cause: 'tar runs xz to decompress and the image has no xz-utils: install it',
        },
      ],
    },
    {
      title: 'A kernel built without it (WSL #5526)',
      text: [
        "With `CONFIG_IKHEADERS=n` there is no kheaders.ko to load: modprobe looks in `/lib/modules/<release>` and finds nothing. Docker Desktop's linuxkit kernel and WSL2's kernel shipped like this (WSL #5526); minikube, Flatcar and NixOS turned it on in 2020-2021, Talos declined in 2024 and points to BTF.",
        "This is the one case where the kernel is the problem: rebuild with `CONFIG_IKHEADERS=m`, install the distribution's headers package for the running kernel, or use a tool that reads BTF (`/sys/kernel/btf/vmlinux`) instead of headers.",
      ],
      state: {
        config: { ...DEFAULT_CONFIG, IKHEADERS: 'n' },
        commands: [CLEAN, 'modprobe kheaders', 'zcat /proc/config.gz | grep IKHEADERS', BCC_FIND],
      },
      finds: [
        {
          message: 'modprobe: FATAL: Module kheaders not found in directory /lib/modules/{release}',
          cause:
            'the running kernel was built without CONFIG_IKHEADERS (or its modules are not installed): rebuild, install headers, or use BTF',
        },
        UNABLE,
      ],
    },
    {
      title: 'Headers of another release (bcc #3686)',
      text: [
        "A build tree found first wins: `BCC_KERNEL_SOURCE`, or `/lib/modules/<release>/build` left from another kernel. Nothing fails. The program compiles, loads and reads the wrong bytes, because the offsets come from the other kernel's config (bcc #3686).",
        "Here the other machine's headers stand in as the build tree. BCC takes them; `kh-layout` (ours) shows what a program built with them reads on this kernel. No message to search for: the symptom is nonsense values. The fix is to point BCC at the running kernel's own headers, which is what kheaders is for.",
      ],
      state: {
        config: DEFAULT_CONFIG,
        modules: ['kheaders'],
        commands: [
          BCC_FIND,
          'kh-other-machine && mkdir -p /tmp/build-other && tar -xf /tmp/other-machine/kheaders.tar.xz -C /tmp/build-other',
          `BCC_KERNEL_SOURCE=/tmp/build-other ${BCC_FIND}`,
          `kh-layout task_struct /tmp/build-other ${THIS} --read=pid`,
        ],
      },
    },
    {
      title: 'Can I build a module with it? (dkms #84)',
      text: [
        'The original patch showed `make -C <dir> M=$(pwd) modules` against the unpacked archive. Since 5.3 ("kheaders: include only headers into kheaders_data.tar.xz", Masahiro Yamada) the archive holds only `*.h` files: no Makefile, no `scripts/`, no `Module.symvers`, so Kbuild has nothing to run (dkms #84, xanmod-kernel-WSL2 #79).',
        "`find` counts what is there. Out-of-tree modules need the distribution's headers package (linux-headers-<release>) or the build tree itself; kheaders is for tools that only parse headers, like BCC.",
      ],
      state: {
        config: DEFAULT_CONFIG,
        modules: ['kheaders'],
        commands: [
          BCC_FIND,
          `find ${THIS} -name Makefile -o -name Kbuild -o -name Module.symvers | wc -l`,
          `find ${THIS} -type f ! -name '*.h' | wc -l`,
          `ls ${THIS}`,
        ],
      },
      finds: [
        {
          message: "make: *** No rule to make target 'modules'.  Stop.",
          cause:
            'kheaders holds only headers since 5.3: no Makefiles or Module.symvers; install linux-headers-<release>',
        },
      ],
    },
    {
      title: 'bpftrace: "Could not find kernel headers" (bpftrace #3255)',
      text: [
        'bpftrace unpacked kheaders itself until 2024, then stopped after CVE-2024-2313 (bpftrace PRs #3033 and #3037, extraction removed in #3156). A program that includes a kernel header now fails where BCC still works (bpftrace #3255).',
        'The fix is to unpack by hand and say where: `mkdir -p /tmp/kh && tar -C /tmp/kh -xf ' +
          ARCHIVE +
          '`, then run it with `BPFTRACE_KERNEL_SOURCE=/tmp/kh bpftrace -e …`.',
      ],
      state: {
        config: DEFAULT_CONFIG,
        modules: ['kheaders'],
        commands: [`bpftrace -e ${BPF_PROGRAM}`],
      },
      finds: [
        {
          message:
            'WARNING: Could not find kernel headers in  / . To specify a particular path to kernel headers, set the env variables BPFTRACE_KERNEL_SOURCE and, optionally, BPFTRACE_KERNEL_BUILD',
          cause: 'bpftrace no longer unpacks kheaders: extract it and set BPFTRACE_KERNEL_SOURCE',
        },
        {
          message: "definitions.h:1:10: fatal error: 'linux/sched.h' file not found",
          cause:
            'bpftrace found no kernel headers: extract kheaders and set BPFTRACE_KERNEL_SOURCE',
        },
      ],
    },
  ],
};
