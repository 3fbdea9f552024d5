/**
 * /sys as a view of the kernel. kernel/kheaders.c registers a binary
 * attribute `kheaders.tar.xz` on kernel_kobj, mode 0444, size = the archive's
 * size, whose read copies from the embedded data; it exists from module init
 * to exit (or always, built in). /sys/module/<name> exists while a module is
 * loaded; a built-in module without parameters has none.
 */
import type { ModuleName } from '../../shared/worker-api';
import type { Kernel } from '../kernel/kernel';
import { kheadersNode, type ViewNode } from './view-fs';

const SYSFS_ATTR_SIZE = 4096; // what stat says of any sysfs text attribute

const attr = (mode: number, read: () => string): ViewNode => ({
  kind: 'file',
  mode,
  size: SYSFS_ATTR_SIZE,
  read,
});

const emptyDir = (): ViewNode => ({ kind: 'dir', mode: 0o755, children: () => ({}) });

function moduleDir(kernel: Kernel, name: ModuleName): ViewNode {
  return {
    kind: 'dir',
    mode: 0o755,
    children: () => ({
      coresize: attr(0o444, () => `${kernel.modules.coreSize(name)}\n`),
      initsize: attr(0o444, () => '0\n'),
      initstate: attr(0o444, () => 'live\n'),
      refcnt: attr(0o444, () => '0\n'),
      taint: attr(0o444, () => '\n'),
      uevent: attr(0o200, () => ''),
      holders: emptyDir(),
      notes: emptyDir(),
      sections: emptyDir(),
    }),
  };
}

export function sysRoot(kernel: Kernel): ViewNode {
  const dir = (children: () => Record<string, ViewNode>): ViewNode => ({
    kind: 'dir',
    mode: 0o755,
    children,
  });
  return dir(() => ({
    block: emptyDir(),
    bus: emptyDir(),
    class: emptyDir(),
    dev: emptyDir(),
    devices: emptyDir(),
    firmware: emptyDir(),
    fs: emptyDir(),
    kernel: dir(() => {
      // kernel/ksysfs.c's attributes for x86_64 defconfig (PROFILING, KEXEC_CORE,
      // CRASH_CORE on; UEVENT_HELPER off), and the directories others hang here.
      const c: Record<string, ViewNode> = {
        boot_params: emptyDir(),
        cgroup: emptyDir(),
        debug: emptyDir(),
        fscaps: attr(0o444, () => '0\n'),
        iommu_groups: emptyDir(),
        irq: emptyDir(),
        kexec_crash_loaded: attr(0o444, () => '0\n'),
        kexec_crash_size: attr(0o644, () => '0\n'),
        kexec_loaded: attr(0o444, () => '0\n'),
        mm: emptyDir(),
        // A binary attribute the size of vmlinux's .notes (here: the GNU build-id note alone).
        notes: { kind: 'file', mode: 0o444, size: 36, read: () => new Uint8Array(36) },
        profiling: attr(0o644, () => '0\n'),
        rcu_expedited: attr(0o644, () => '0\n'),
        rcu_normal: attr(0o644, () => '0\n'),
        reboot: emptyDir(),
        security: emptyDir(),
        slab: emptyDir(),
        software_nodes: emptyDir(),
        tracing: emptyDir(),
        uevent_seqnum: attr(0o444, () => '1817\n'),
        vmcoreinfo: attr(0o444, () => '1fd9a000 1024\n'),
      };
      return { ...c, ...kheadersNode(kernel, '/sys/kernel/kheaders.tar.xz') };
    }),
    module: dir(() =>
      Object.fromEntries(kernel.modules.loadedNames().map((n) => [n, moduleDir(kernel, n)])),
    ),
    power: emptyDir(),
  }));
}
