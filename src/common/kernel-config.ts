/**
 * The kernel the demo is built as (scripts/setup builds it so: kheaders as a
 * module, config.gz in /proc) and the era it plays at first. The machine
 * boots into it, lessons start from it, and a link leaves it out.
 */
import type { KernelConfig } from '../shared/worker-api';

export const DEFAULT_CONFIG: Readonly<KernelConfig> = {
  era: 'sysfs-5.2-rc4',
  IKHEADERS: 'm',
  IKCONFIG: 'y',
  IKCONFIG_PROC: true,
};

export const sameConfig = (a: KernelConfig, b: KernelConfig): boolean =>
  a.era === b.era &&
  a.IKHEADERS === b.IKHEADERS &&
  a.IKCONFIG === b.IKCONFIG &&
  a.IKCONFIG_PROC === b.IKCONFIG_PROC;
