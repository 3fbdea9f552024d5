/**
 * /lib/modules/<release>/ as the kernel's package would install it: the
 * .ko files of the options built as modules (=m), modules.builtin naming
 * the built-in ones (=y). Follows the config, so it is a view too.
 */
import type { ModuleName } from '../../shared/worker-api';
import type { Kernel } from '../kernel/kernel';
import { MODULE_NAMES } from '../kernel/module-registry';
import { moduleObject, moduleObjectSize } from '../kernel/module-object';
import type { ViewNode } from './view-fs';

/** Where kbuild installs both (their sources are kernel/kheaders.c and kernel/configs.c). */
export const modulePath = (name: ModuleName): string => `kernel/kernel/${name}.ko`;

const file = (read: () => string | Uint8Array | Promise<Uint8Array>, size: number): ViewNode => ({
  kind: 'file',
  mode: 0o644,
  size,
  read,
});

const textFile = (body: string): ViewNode =>
  file(() => body, new TextEncoder().encode(body).length);

export function libModulesRoot(kernel: Kernel): ViewNode {
  const dir = (children: () => Record<string, ViewNode>): ViewNode => ({
    kind: 'dir',
    mode: 0o755,
    children,
  });
  const tri = (n: ModuleName): string => kernel.modules.tristate(n);
  const release = dir(() => {
    const loadable = MODULE_NAMES.filter((n) => tri(n) === 'm');
    const builtin = MODULE_NAMES.filter((n) => tri(n) === 'y');
    const kos: Record<string, ViewNode> = {};
    for (const n of loadable) {
      kos[`${n}.ko`] = file(() => moduleObject(kernel, n), moduleObjectSize(kernel, n));
    }
    return {
      kernel: dir(() => ({ kernel: dir(() => kos) })),
      'modules.dep': textFile(loadable.map((n) => `${modulePath(n)}:\n`).join('')),
      'modules.order': textFile(loadable.map((n) => `${modulePath(n)}\n`).join('')),
      'modules.builtin': textFile(builtin.map((n) => `${modulePath(n)}\n`).join('')),
    };
  });
  return dir(() => ({ [kernel.release]: release }));
}
