/**
 * The lessons that work the machine: /proc/config.gz as the precedent,
 * loading kheaders.ko and unpacking it as BCC does, unloading it.
 *
 * Facts follow kernel/kheaders.c, kernel/configs.c, kernel/gen_kheaders.sh
 * (Linux 6.1) and BCC's loader (src/cc/frontends/clang/loader.cc,
 * kbuild_helper.cc, with bcc #4928 for CVE-2024-2314); see
 * ../shared/kernel-facts.md. Sizes come from the manifest at run time.
 */
import { ARCHIVE, BCC_FIND, SYSFS, type Lesson } from './lesson-types';

const TREE = '/tmp/kheaders-$(uname -r)';

export const CONFIG_GZ: Lesson = {
  id: 'config-gz',
  title: '/proc/config.gz, the pattern kheaders copies',
  steps: [
    {
      title: 'A kernel that remembers how it was built',
      text: [
        'With `CONFIG_IKCONFIG` the build gzips its own `.config` and links the result into the kernel, wrapped between the marker strings `IKCFG_ST` and `IKCFG_ED`. The markers are there so that `scripts/extract-ikconfig` can dig the config out of a kernel image file, even one that never boots.',
        '`CONFIG_IKCONFIG_PROC` adds the other half: a read-only procfs file, `/proc/config.gz`, {configgz} on this machine. The kernel never unzips it; `zcat` does, in user space.',
      ],
      state: {
        config: SYSFS,
        commands: ['ls -l /proc/config.gz', 'zcat /proc/config.gz | head -5'],
      },
    },
    {
      title: 'The same idea, another mechanism',
      text: [
        'kheaders borrows the idea, not the code. The build packs the headers into an xz tarball and `kernel/kheaders.c` embeds it with `.incbin` between two symbols, with no markers around it. Instead of a procfs file it registers a sysfs binary attribute, `/sys/kernel/kheaders.tar.xz`, mode 0444, whose size is the archive’s size and whose read copies bytes from the requested offset.',
        'Both are tristate options. Built as modules (`configs.ko`, `kheaders.ko`), each payload costs memory only while its module is loaded; that precedent is what the 2019 argument kept coming back to.',
      ],
      state: {
        config: SYSFS,
        modules: ['kheaders'],
        commands: [
          'zcat /proc/config.gz | grep -E "CONFIG_IK(CONFIG|HEADERS)"',
          `ls -l /proc/config.gz ${ARCHIVE}`,
        ],
      },
    },
  ],
};

export const LOAD: Lesson = {
  id: 'load',
  title: 'Load kheaders.ko and unpack it as BCC does',
  steps: [
    {
      title: 'Before: no headers anywhere',
      text: [
        'The kernel is built with `CONFIG_IKHEADERS=m`, but the module is not loaded, so `/sys/kernel/kheaders.tar.xz` does not exist yet. Note the memory numbers.',
      ],
      state: { config: SYSFS, commands: [`ls -l ${ARCHIVE}`, 'free -k'] },
    },
    {
      title: 'modprobe: the file appears, memory moves',
      text: [
        'Loading the module puts its embedded archive in kernel memory. What the module occupies is what `lsmod` prints, its core size ({core} here, also in `/sys/module/kheaders/coresize`): a page of code, the {archive} archive rounded up to whole pages, a page for its sysfs attribute (kept read-only after init) and a page of module data. The `kheaders.o` file it was linked from ({object}) is a different number.',
        'The sysfs file is exactly the archive’s size. Loading prints nothing to the kernel log; the file tree now shows the archive and the memory gauge counts the module.',
      ],
      state: {
        config: SYSFS,
        modules: ['kheaders'],
        commands: ['lsmod', 'cat /sys/module/kheaders/coresize', `ls -l ${ARCHIVE}`, 'free -k'],
        file: ARCHIVE,
      },
    },
    {
      title: 'Extract as BCC does',
      text: [
        'The script follows BCC’s order: a build tree under `/lib/modules/<release>/build` (none here), then `${TMPDIR:-/tmp}/kheaders-<release>`, only if root owns it. `/tmp` is writable by all: before the fix for CVE-2024-2314 another user could plant headers there for root’s next BCC run.',
        'Otherwise: `modprobe` if the file is absent, unpack into a fresh `mktemp -d` directory, rename it into place (nothing to prepare in advance, never half a tree), `rmmod` only if it loaded it. The second run reuses the tree, keyed by the release alone: that is how stale headers happen.',
        'The {files} headers came from a {tar} tar stream; `du` counts the tmpfs pages they take.',
      ],
      state: {
        config: SYSFS,
        commands: [
          `cat /usr/share/bcc/find-kheaders.sh`,
          BCC_FIND,
          BCC_FIND,
          `lsmod; ls -l ${TREE}`,
          `du -sh ${TREE}`,
        ],
        file: '/tmp/kheaders-{release}/include/linux/kernel.h',
      },
    },
    {
      title: 'Why the headers must match',
      text: [
        'An eBPF program compiled by BCC reads kernel structures by offset. Those offsets come from these headers, and they change with the version and the config: a field added under an `#ifdef` moves everything after it.',
        'Headers from another build compile without complaint and then read the wrong bytes. Shipping the headers inside the kernel they describe removes that mismatch. Here is `struct task_struct`, whose layout depends on dozens of options.',
        'The lesson "Why the headers must match, compiled" shows it happen: the same probe compiled against two kernels\' headers, by clang in this tab.',
      ],
      state: {
        config: SYSFS,
        modules: ['kheaders'],
        commands: [BCC_FIND, `grep -n "^struct task_struct {" ${TREE}/include/linux/sched.h`],
        file: '/tmp/kheaders-{release}/include/linux/sched.h',
        from: 494,
        to: 520,
      },
    },
  ],
};

export const UNLOAD: Lesson = {
  id: 'unload',
  title: 'Unload: the file goes, the memory comes back',
  steps: [
    {
      title: 'rmmod',
      text: [
        'Unloading removes the sysfs file and frees the module with its embedded archive: the memory gauge drops back by the {core} `lsmod` showed. Again, nothing reaches the kernel log.',
        'The extracted copy in `/tmp` stays: it is ordinary files now, which is why BCC can unload right after extracting.',
      ],
      // Self-contained: load, extract as BCC does (the module stays: it was loaded first), then unload.
      state: {
        config: SYSFS,
        modules: ['kheaders'],
        commands: [BCC_FIND, 'rmmod kheaders', `ls -l ${ARCHIVE}`, 'free -k', 'ls /tmp'],
      },
    },
  ],
};
