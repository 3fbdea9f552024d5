/**
 * Memory accounting for /proc/meminfo and free: a fixed 2 GiB guest whose
 * free and available memory drop by what the modules' data and the tmpfs
 * files hold. Module memory is vmalloc'ed (kernel/module/main.c), so it
 * leaves MemFree and MemAvailable and shows in VmallocUsed; tmpfs pages are
 * page cache that cannot be reclaimed, so they count in Cached and Shmem and
 * leave MemAvailable too.
 */
import type { MemoryState } from '../../shared/worker-api';

/** A 2 GiB VM after the firmware and the kernel image took their share. */
export const MEM_TOTAL_KB = 2_035_480;
/** The idle machine just after boot, before any module or /tmp file. */
const BOOT = {
  freeKb: 1_702_316,
  buffersKb: 21_456,
  cachedKb: 186_872,
  shmemKb: 1_020,
  sReclaimableKb: 23_508,
  sUnreclaimKb: 17_340,
  vmallocUsedKb: 12_904,
};

export interface MemorySnapshot extends MemoryState {
  buffersKb: number;
  cachedKb: number;
  shmemKb: number;
  sReclaimableKb: number;
  sUnreclaimKb: number;
  vmallocUsedKb: number;
}

export function memorySnapshot(moduleBytes: number, tmpfsBytes: number): MemorySnapshot {
  const modulesKb = Math.ceil(moduleBytes / 1024);
  const tmpfsKb = Math.ceil(tmpfsBytes / 1024);
  const freeKb = Math.max(0, BOOT.freeKb - modulesKb - tmpfsKb);
  const cachedKb = BOOT.cachedKb + tmpfsKb;
  const shmemKb = BOOT.shmemKb + tmpfsKb;
  // The kernel's estimate (mm/page_alloc.c si_mem_available): free memory
  // plus the page cache and reclaimable slab it could drop, minus what cannot go.
  const availableKb = Math.max(
    0,
    freeKb + BOOT.buffersKb + cachedKb - shmemKb + BOOT.sReclaimableKb - 8_192,
  );
  return {
    totalKb: MEM_TOTAL_KB,
    freeKb,
    availableKb,
    modulesKb,
    buffersKb: BOOT.buffersKb,
    cachedKb,
    shmemKb,
    sReclaimableKb: BOOT.sReclaimableKb,
    sUnreclaimKb: BOOT.sUnreclaimKb,
    vmallocUsedKb: BOOT.vmallocUsedKb + modulesKb,
  };
}

const field = (name: string, kb: number): string =>
  `${`${name}:`.padEnd(16)}${String(kb).padStart(8)} kB`;

/** /proc/meminfo as fs/proc/meminfo.c prints it (the fields a 6.1 x86_64 guest has). */
export function meminfoText(m: MemorySnapshot): string {
  const lines = [
    field('MemTotal', m.totalKb),
    field('MemFree', m.freeKb),
    field('MemAvailable', m.availableKb),
    field('Buffers', m.buffersKb),
    field('Cached', m.cachedKb),
    field('SwapCached', 0),
    field('Active', 98_412),
    field('Inactive', 114_236 + m.shmemKb),
    field('Unevictable', 0),
    field('Mlocked', 0),
    field('SwapTotal', 0),
    field('SwapFree', 0),
    field('Dirty', 12),
    field('Writeback', 0),
    field('AnonPages', 26_904),
    field('Mapped', 38_772),
    field('Shmem', m.shmemKb),
    field('KReclaimable', m.sReclaimableKb),
    field('Slab', m.sReclaimableKb + m.sUnreclaimKb),
    field('SReclaimable', m.sReclaimableKb),
    field('SUnreclaim', m.sUnreclaimKb),
    field('KernelStack', 2_384),
    field('PageTables', 1_068),
    field('CommitLimit', Math.floor(m.totalKb / 2)),
    field('Committed_AS', 118_520 + m.shmemKb),
    field('VmallocTotal', 34_359_738_367),
    field('VmallocUsed', m.vmallocUsedKb),
    field('VmallocChunk', 0),
    field('Percpu', 1_024),
    field('HugePages_Total', 0).replace(' kB', ''),
    field('HugePages_Free', 0).replace(' kB', ''),
    field('Hugepagesize', 2048),
    field('DirectMap4k', 92_020),
    field('DirectMap2M', 2_004_992),
  ];
  return `${lines.join('\n')}\n`;
}
