/**
 * /proc as a view of the kernel: every file is computed when read.
 * config.gz follows kernel/configs.c (IKCONFIG_PROC, while configs is built
 * in or loaded; its size is the payload's, proc_set_size); kheaders.tar.xz
 * is here only in the 5.2-rc1..rc3 era (CONFIG_IKHEADERS_PROC).
 */
import type { Kernel } from '../kernel/kernel';
import { meminfoText } from '../kernel/memory';
import { HOSTNAME, cmdline, procVersion } from '../kernel/kernel-text';
import { kheadersNode, type ViewNode } from './view-fs';

const text = (read: () => string | Promise<string>): ViewNode => ({
  kind: 'file',
  mode: 0o444,
  size: 0,
  read,
});

/** `kheaders 4026368 0 - Live 0xffffffffc0400000`, as kernel/module/procfs.c prints it. */
export function procModules(kernel: Kernel): string {
  return kernel.modules
    .loadedNames()
    .map((name, i) => {
      const addr = (0xffffffffc0400000n + BigInt(i) * 0x600000n).toString(16);
      return `${name} ${kernel.modules.coreSize(name)} 0 - Live 0x${addr}\n`;
    })
    .join('');
}

/** arch/x86/kernel/cpu/proc.c show_cpuinfo, for the two vCPUs a KVM guest of this kind has. */
function cpuinfo(): string {
  const flags =
    'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx lm constant_tsc rep_good nopl xtopology cpuid tsc_known_freq pni pclmulqdq ssse3 cx16 sse4_1 sse4_2 x2apic popcnt aes xsave avx hypervisor lahf_lm';
  return [0, 1]
    .map((n) =>
      [
        ['processor', n],
        ['vendor_id', 'GenuineIntel'],
        ['cpu family', 6],
        ['model', 85],
        ['model name', 'Intel Xeon Processor (Cascadelake)'],
        ['stepping', 7],
        ['microcode', '0x1'],
        ['cpu MHz', '2793.438'],
        ['cache size', '16384 KB'],
        ['physical id', 0],
        ['siblings', 2],
        ['core id', n],
        ['cpu cores', 2],
        ['apicid', n],
        ['initial apicid', n],
        ['fpu', 'yes'],
        ['fpu_exception', 'yes'],
        ['cpuid level', 13],
        ['wp', 'yes'],
        ['flags', flags],
        ['bugs', 'spectre_v1 spectre_v2 spec_store_bypass swapgs'],
        ['bogomips', '5586.87'],
        ['clflush size', 64],
        ['cache_alignment', 64],
        ['address sizes', '46 bits physical, 48 bits virtual'],
      ]
        // seq_printf's "key\t: value": keys under 8 columns take two tabs.
        .map(([k, v]) => `${k}${String(k).length < 8 ? '\t\t' : '\t'}: ${v}`)
        .concat('power management:')
        .join('\n'),
    )
    .join('\n\n')
    .concat('\n\n');
}

export interface MountInfo {
  source: string;
  path: string;
  type: string;
  options: string;
}

export function procRoot(kernel: Kernel, mounts: () => MountInfo[]): ViewNode {
  const m = kernel.artifacts.manifest;
  return {
    kind: 'dir',
    children: () => {
      const c: Record<string, ViewNode> = {
        version: text(() => procVersion(m)),
        cmdline: text(() => cmdline(m)),
        meminfo: text(() => meminfoText(kernel.memory())),
        modules: text(() => procModules(kernel)),
        mounts: text(() =>
          mounts()
            .map((x) => `${x.source} ${x.path} ${x.type} ${x.options} 0 0\n`)
            .join(''),
        ),
        filesystems: text(() => 'nodev\tsysfs\nnodev\ttmpfs\nnodev\tproc\n\text4\n'),
        uptime: text(() => {
          const up = kernel.uptimeSeconds();
          return `${up.toFixed(2)} ${(up * 1.9).toFixed(2)}\n`;
        }),
        cpuinfo: text(() => cpuinfo()),
        sys: {
          kind: 'dir',
          children: () => ({
            kernel: {
              kind: 'dir',
              children: () => ({
                osrelease: text(() => `${m.release}\n`),
                ostype: text(() => 'Linux\n'),
                hostname: text(() => `${HOSTNAME}\n`),
              }),
            },
          }),
        },
      };
      if (kernel.hasProcConfig()) {
        c['config.gz'] = {
          kind: 'file',
          mode: 0o444,
          // The build's payload size; a rewritten config is a rebuilt kernel's.
          size: m.configGz.bytes,
          read: () => kernel.configGz(),
        };
      }
      return { ...c, ...kheadersNode(kernel, '/proc/kheaders.tar.xz') };
    },
  };
}
