/**
 * The guided lessons. Each step is a share link's state (what the machine,
 * the terminal and the viewer should show) plus a few sentences. Text may
 * name sizes as {archive}, {object}, {configgz}, {tar}, {files}, {release}:
 * they are filled from the demo's manifest when shown, never written here.
 *
 * Facts follow kernel/kheaders.c, kernel/configs.c, kernel/gen_kheaders.sh
 * (Linux 6.1), the 5.2-rc4 move ("kheaders: Move from proc to sysfs") and
 * the January 2019 LKML thread on the first RFC.
 */
import { DEFAULT_CONFIG } from '../common/kernel-config';
import type { ShareState } from '../share/share-state';
import { HEADERS_MATCH } from './headers-match';

/** What a step sets up: everything a link carries except version, archive and lesson. */
export type StepState = Omit<ShareState, 'v' | 'archive' | 'lesson'>;

export interface LessonStep {
  title: string;
  /** Paragraphs; `code` in backticks. */
  text: string[];
  state: StepState;
  /** Show the three-designs memory timeline beside the text. */
  timeline?: boolean;
}

export interface Lesson {
  id: string;
  title: string;
  steps: LessonStep[];
}

const ARCHIVE = '/sys/kernel/kheaders.tar.xz';
const EXTRACT =
  'mkdir -p /tmp/kheaders-$(uname -r) && tar -xf /sys/kernel/kheaders.tar.xz -C /tmp/kheaders-$(uname -r)';

export const LESSONS: Lesson[] = [
  {
    id: 'config-gz',
    title: '/proc/config.gz, the pattern kheaders copies',
    steps: [
      {
        title: 'A kernel that remembers how it was built',
        text: [
          'With `CONFIG_IKCONFIG` and `CONFIG_IKCONFIG_PROC`, the build squeezes its own `.config` with gzip and links the result into the kernel between two marker strings. The kernel then offers it, read-only, as `/proc/config.gz`.',
          'Here it is {configgz} on this machine. Nothing decompresses it inside the kernel: `zcat` in user space does.',
        ],
        state: {
          config: DEFAULT_CONFIG,
          commands: ['ls -l /proc/config.gz', 'zcat /proc/config.gz | head -5'],
        },
      },
      {
        title: 'The same trick, for headers',
        text: [
          'kheaders does exactly this with a much larger payload: the build packs the kernel headers into an xz tarball, embeds it, and a read-only file hands the bytes to whoever asks.',
          'Both are tristate options. With `=m` the data lives in a module (`configs.ko`, `kheaders.ko`) and costs memory only while that module is loaded; that precedent is what settled the 2019 argument.',
        ],
        state: {
          config: DEFAULT_CONFIG,
          commands: ['zcat /proc/config.gz | grep -E "CONFIG_IK(CONFIG|HEADERS)"'],
        },
      },
    ],
  },
  {
    id: 'load',
    title: 'Load kheaders.ko and unpack it as BCC does',
    steps: [
      {
        title: 'Before: no headers anywhere',
        text: [
          'The kernel is built with `CONFIG_IKHEADERS=m`, but the module is not loaded, so `/sys/kernel/kheaders.tar.xz` does not exist yet. Note the memory numbers.',
        ],
        state: { config: DEFAULT_CONFIG, commands: [`ls -l ${ARCHIVE}`, 'free -k'] },
      },
      {
        title: 'modprobe: the file appears, memory moves',
        text: [
          'Loading the module brings its embedded archive into kernel memory ({object} of module for a {archive} archive) and registers a sysfs file of exactly the archive’s size. Loading prints nothing to the kernel log.',
          'The file tree now shows the archive; the memory gauge counts the module.',
        ],
        state: {
          config: DEFAULT_CONFIG,
          modules: ['kheaders'],
          commands: ['lsmod', `ls -l ${ARCHIVE}`, 'free -k'],
          file: ARCHIVE,
        },
      },
      {
        title: 'Extract as BCC does',
        text: [
          'BCC looks for headers of the running kernel. Finding no build tree, it unpacks this archive under `/tmp/kheaders-<release>` (loading the module first, and unloading it afterwards if it was the one that loaded it).',
          'The script here takes BCC’s steps in BCC’s order: the build tree’s `kconfig.h`, then `${TMPDIR:-/tmp}/kheaders-<release>` (which must belong to root), `modprobe` only when the file is absent, `mktemp -d` + `tar -xf` + a rename into place, and `rmmod` only if it loaded the module. Run it twice: the second time it reuses the tree it finds.',
          'The {files} headers come out as about {tar} of text, stamped with the build’s time.',
        ],
        state: {
          config: DEFAULT_CONFIG,
          commands: [
            'cat /usr/share/bcc/find-kheaders.sh',
            'bash /usr/share/bcc/find-kheaders.sh',
            'lsmod; ls -l /tmp/kheaders-$(uname -r)',
          ],
          file: '/tmp/kheaders-{release}/include/linux/kernel.h',
        },
      },
      {
        title: 'Why the headers must match',
        text: [
          'An eBPF program compiled by BCC reads kernel structures by offset. Those offsets come from these headers, and they change with the version and the config: a field added under an `#ifdef` moves everything after it.',
          'Headers from another build compile without complaint and then read the wrong bytes. Shipping the headers inside the kernel they describe removes that mismatch. Here is `struct task_struct`, whose layout depends on dozens of options.',
          'The lesson "Why the headers must match, compiled" shows it happen: the same probe compiled against two kernels\' headers, in this tab.',
        ],
        state: {
          config: DEFAULT_CONFIG,
          modules: ['kheaders'],
          commands: [
            EXTRACT,
            'grep -n "^struct task_struct {" /tmp/kheaders-$(uname -r)/include/linux/sched.h',
          ],
          file: '/tmp/kheaders-{release}/include/linux/sched.h',
          from: 494,
          to: 520,
        },
      },
    ],
  },
  {
    id: 'unload',
    title: 'Unload: the file goes, the memory comes back',
    steps: [
      {
        title: 'rmmod',
        text: [
          'Unloading removes the sysfs file and frees the module with its embedded archive: the memory gauge drops back. Again, nothing reaches the kernel log.',
          'The extracted copy in `/tmp` stays: it is ordinary files now, which is why BCC can unload right after extracting.',
        ],
        // Self-contained: load, extract as the step before did, then unload.
        state: {
          config: DEFAULT_CONFIG,
          modules: ['kheaders'],
          commands: [EXTRACT, 'rmmod kheaders', `ls -l ${ARCHIVE}`, 'free -k', 'ls /tmp'],
        },
      },
    ],
  },
  {
    id: 'debate',
    title: 'The 2019 debate: where should the headers live?',
    steps: [
      {
        title: 'Three designs, one timeline',
        text: [
          'The objection to the first patches: a few megabytes of kernel memory spent on files that most machines never read. The timeline shows what each design holds across a machine’s life: booting, the moment a tool needs headers, and the long idle after.',
          'Built in (`=y`) pays all the time. The module (`=m`) pays only while loaded. The author’s first design kept the archive in init memory, freed at the end of boot unless a boot argument asked to keep it: cheap, but the choice had to be made before booting, and it needed linker-script changes.',
        ],
        timeline: true,
        state: { config: DEFAULT_CONFIG, commands: ['free -k'] },
      },
      {
        title: 'Built in: always resident',
        text: [
          'Rebuild with `CONFIG_IKHEADERS=y`: the archive is part of the kernel image, the file exists from boot, and its memory never comes back. Android’s GKI kernels choose this.',
        ],
        timeline: true,
        state: {
          config: { ...DEFAULT_CONFIG, IKHEADERS: 'y' },
          commands: [`ls -l ${ARCHIVE}`, 'lsmod', 'free -k'],
        },
      },
      {
        title: 'As a module: resident only while loaded',
        text: [
          'Back to `=m`. “Only if you load the module, like /proc/config.gz” was the answer that won: a distribution can ship the module, and memory is spent only between `modprobe` and `rmmod`.',
        ],
        timeline: true,
        state: {
          config: DEFAULT_CONFIG,
          modules: ['kheaders'],
          commands: ['lsmod', 'free -k', 'rmmod kheaders', 'free -k'],
        },
      },
      {
        title: '5.2-rc1: it started in /proc',
        text: [
          'The version merged for 5.2-rc1 was `CONFIG_IKHEADERS_PROC` and made `/proc/kheaders.tar.xz`. Switch the era and the file appears there instead.',
        ],
        state: {
          config: { ...DEFAULT_CONFIG, era: 'proc-5.2-rc1' },
          modules: ['kheaders'],
          commands: ['ls -l /proc/kheaders.tar.xz /sys/kernel/kheaders.tar.xz'],
        },
      },
      {
        title: '5.2-rc4: moved to /sys/kernel',
        text: [
          'Before 5.2 was released the file moved to `/sys/kernel/kheaders.tar.xz` and the option became `CONFIG_IKHEADERS`: a file in /proc, once released, would have had to stay there for good.',
        ],
        state: {
          config: DEFAULT_CONFIG,
          modules: ['kheaders'],
          commands: ['ls -l /proc/kheaders.tar.xz /sys/kernel/kheaders.tar.xz'],
        },
      },
    ],
  },
  HEADERS_MATCH,
];

export function findLesson(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

/** Sizes and names a lesson's text and paths may mention, from the manifest. */
export type LessonFacts = Record<
  'archive' | 'object' | 'configgz' | 'tar' | 'files' | 'release',
  string
>;

export function fillFacts(text: string, facts: LessonFacts): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) =>
    k in facts ? facts[k as keyof LessonFacts] : m,
  );
}

/** A step's state with the manifest's facts put into its paths and commands. */
export function stepState(step: LessonStep, facts: LessonFacts): StepState {
  const out: StepState = { ...step.state };
  if (out.file) out.file = fillFacts(out.file, facts);
  if (out.commands) out.commands = out.commands.map((c) => fillFacts(c, facts));
  return out;
}

/**
 * A lesson link that names only the step (`#v=1&a=…&l=load.2`): short enough
 * to read off a projector. It opens with the step's state from this file.
 */
export function isBareLessonLink(s: ShareState): boolean {
  return !!s.lesson && !s.config && !s.modules && !s.commands && !s.file;
}
