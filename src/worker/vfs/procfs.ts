/**
 * /proc as a view of the kernel: every file is computed when read.
 * config.gz follows kernel/configs.c (IKCONFIG_PROC, while configs is built
 * in or loaded; its size is the payload's, proc_set_size); kheaders.tar.xz
 * is here only in the 5.2-rc1..rc3 era (CONFIG_IKHEADERS_PROC).
 */
import type { Kernel } from '../kernel/kernel';
import { meminfoText } from '../kernel/memory';
import { HOSTNAME, cmdline, procVersion } from '../kernel/kernel-text';
import type { ViewNode } from './view-fs';

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
        uptime: text(() => `${(performance.now() / 1000 + 2).toFixed(2)} 3.41\n`),
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
          size: kernel.artifacts.configGz.length,
          read: () => kernel.configGz(),
        };
      }
      const headers = kernel.headersPath();
      if (headers === '/proc/kheaders.tar.xz') {
        c['kheaders.tar.xz'] = {
          kind: 'file',
          mode: 0o444,
          size: kernel.artifacts.headersXz.length,
          read: () => kernel.artifacts.headersXz,
        };
      }
      return c;
    },
  };
}
