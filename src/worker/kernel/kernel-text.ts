/**
 * The fixed texts a booted kernel shows: /proc/version, uname's fields,
 * /proc/cmdline and the boot log dmesg prints. Built from the manifest so
 * they name the release that built the demo archive.
 */
import type { KernelManifest } from './kernel-manifest';

/** The running machine's name: the prompt's, `uname -n`, /etc/hostname. */
export const HOSTNAME = 'kheaders';
/**
 * Who built the demo kernel, as include/generated/compile.h in its archive
 * says (LINUX_COMPILE_BY, LINUX_COMPILE_HOST): setup builds it with
 * KBUILD_BUILD_USER and KBUILD_BUILD_HOST set to these (scripts/setup/kernel-artifacts.mjs).
 */
export const BUILT_BY = 'kheaders@playground';
const COMPILER = 'gcc (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40';

/**
 * The build's UTS_VERSION, as init/Makefile (6.1) makes it: `#<build number>`,
 * SMP, the preemption model (PREEMPT_DYNAMIC wins over PREEMPT_BUILD on
 * x86_64 defconfig), then KBUILD_BUILD_TIMESTAMP verbatim (setup sets it,
 * and the manifest records the very string), cut to 64 bytes.
 */
export function utsVersion(manifest: KernelManifest): string {
  // A kernel setup built whole (public/real-kernel) says its own: no SMP, no preemption there.
  if (manifest.build?.utsVersion) return manifest.build.utsVersion;
  const stamp = manifest.build?.timestamp ?? 'Thu Jan  1 00:00:00 UTC 1970';
  return `#1 SMP PREEMPT_DYNAMIC ${stamp}`.slice(0, 64);
}

export function procVersion(m: KernelManifest): string {
  return `Linux version ${m.release} (${BUILT_BY}) (${COMPILER}) ${utsVersion(m)}\n`;
}

export function cmdline(m: KernelManifest): string {
  return `BOOT_IMAGE=/boot/vmlinuz-${m.release} root=/dev/vda1 ro console=ttyS0 quiet\n`;
}

/** A plausible boot log. Module loads add nothing: kernel/kheaders.c has no printk. */
export function bootLog(m: KernelManifest, totalKb: number): string {
  const lines: [number, string][] = [
    [0, `Linux version ${m.release} (${BUILT_BY}) (${COMPILER}) ${utsVersion(m)}`],
    [0, `Command line: ${cmdline(m).trim()}`],
    [0, 'BIOS-provided physical RAM map:'],
    [0, 'BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable'],
    [0, 'BIOS-e820: [mem 0x0000000000100000-0x000000007ffdffff] usable'],
    [0, 'DMI: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014'],
    [0, 'Hypervisor detected: KVM'],
    [0.024118, `Memory: ${totalKb - 62_000}K/${totalKb + 61_960}K available`],
    [0.046512, 'smp: Brought up 1 node, 2 CPUs'],
    [0.201733, 'NET: Registered PF_INET protocol family'],
    [0.612402, 'Freeing unused kernel image (initmem) memory: 2712K'],
    [0.613118, 'Run /init as init process'],
    [1.208741, 'EXT4-fs (vda1): mounted filesystem with ordered data mode. Quota mode: none.'],
    [1.511093, `systemd[1]: Hostname set to <${HOSTNAME}>.`],
  ];
  return lines.map(([t, s]) => `[${t.toFixed(6).padStart(12)}] ${s}\n`).join('');
}

/** MODULE_* lines of kernel/kheaders.c and kernel/configs.c (Linux 6.1). */
export const MODULE_INFO = {
  kheaders: {
    license: 'GPL v2',
    author: 'Joel Fernandes',
    description: 'Echo the kernel header artifacts used to build the kernel',
  },
  configs: {
    license: 'GPL',
    author: 'Randy Dunlap',
    description: 'Echo the kernel .config file used to build the kernel',
  },
} as const;

/**
 * What the terminal says when a config change rebuilds and reboots the
 * machine: the new kernel's banner line, what became of loaded modules,
 * and of /tmp (a real reboot empties a tmpfs; the playground keeps it so
 * nothing the user made is lost, and says so).
 */
export function rebootNotice(
  m: KernelManifest,
  boot: { changed: string[]; unloaded: string[] },
): string {
  const lines = [
    `Rebuilt the kernel (${boot.changed.join(', ') || 'same config'}) and rebooted.`,
    `[    0.000000] Linux version ${m.release} (${BUILT_BY}) (${COMPILER}) ${utsVersion(m)}`,
    boot.unloaded.length
      ? `Modules loaded before the reboot are gone: ${boot.unloaded.join(', ')} (load them again with modprobe).`
      : 'No modules were loaded; none are now.',
    'On a real machine /tmp is a tmpfs and a reboot empties it; a config change here keeps it. Your files in ~ (/root, /home) are on the disk, which a reload keeps too.',
  ];
  return `${lines.join('\n')}\n`;
}
