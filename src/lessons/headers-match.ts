/**
 * The lesson "why the headers must match", done for real: two machines built
 * from the same 6.1 source with different configs (scripts/setup/other-kernel.mjs),
 * one probe compiled against each with BCC's flags by clang in the tab. No
 * number is written here: clang computes every offset when the step runs.
 */
import { DEFAULT_CONFIG } from '../common/kernel-config';
import { bccFlags } from '../common/bcc-flags';
import { BCC_FIND, type Lesson } from './lesson-types';

const THIS = '/tmp/kheaders-$(uname -r)';
const OTHER = '/tmp/kheaders-other';
const EXTRACT_BOTH = [
  BCC_FIND,
  `kh-other-machine && mkdir -p ${OTHER} && tar -xf /tmp/other-machine/kheaders.tar.xz -C ${OTHER}`,
];
const PROBE =
  "printf '#include <linux/sched.h>\\nint pid_offset = __builtin_offsetof(struct task_struct, pid);\\n' > /tmp/probe.c";
const compile = (tree: string, out: string) =>
  `clang ${bccFlags(tree).join(' ')} -emit-llvm -S /tmp/probe.c -o ${out}`;

export const HEADERS_MATCH: Lesson = {
  id: 'headers-match',
  title: 'Why the headers must match, compiled',
  steps: [
    {
      title: 'Two machines, one kernel source',
      text: [
        'This machine and "the other machine" run the same Linux {release} source. Only the config differs: the other one was built with core scheduling, NUMA balancing, the memory cgroup controller and spinlock debugging on, and delay accounting off.',
        'Each kernel carries its own headers. Extract both, side by side, and compare the generated `autoconf.h`, the file where the config becomes `#define` lines.',
      ],
      state: {
        config: DEFAULT_CONFIG,
        modules: ['kheaders'],
        commands: [
          ...EXTRACT_BOTH,
          `diff ${THIS}/include/generated/autoconf.h ${OTHER}/include/generated/autoconf.h | grep '^[<>]' | head -20`,
        ],
      },
    },
    {
      title: 'One probe, two answers',
      text: [
        'A BPF tracing program reads `current->pid` as "the 4 bytes at some offset into `struct task_struct`". The offset is fixed when the program is compiled, from the headers it was compiled against.',
        'Compile the same one-line probe the way BCC does (host triple, `-nostdinc`, the kernel tree on the include path, `kconfig.h` forced in), once per tree. clang runs in this tab; the first compile downloads it once.',
      ],
      state: {
        config: DEFAULT_CONFIG,
        modules: ['kheaders'],
        commands: [
          ...EXTRACT_BOTH,
          PROBE,
          compile(THIS, '/tmp/this.ll'),
          compile(OTHER, '/tmp/other.ll'),
          'grep "^@pid_offset" /tmp/this.ll /tmp/other.ll',
        ],
      },
    },
    {
      title: 'What the wrong build reads',
      text: [
        "Nothing failed to compile, and nothing will fail to load: the verifier checks memory safety, not meaning. A program built with this machine's headers and run on the other one reads whatever field sits at the old offset.",
        "`kh-layout` (ours, from clang's record layout; not pahole) shows both layouts side by side and, with `--read`, names what the misbuilt program actually reads. This is why BCC wants the running kernel's own headers, and why kheaders puts them in the kernel.",
      ],
      state: {
        config: DEFAULT_CONFIG,
        modules: ['kheaders'],
        commands: [
          ...EXTRACT_BOTH,
          `kh-layout task_struct ${THIS} ${OTHER} --read=pid`,
          `kh-layout task_struct ${OTHER} ${THIS} --read=pid`,
          `kh-layout file ${THIS} ${OTHER}`,
        ],
      },
    },
  ],
};
