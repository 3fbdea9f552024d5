/**
 * Bounds on what one archive may ask of the machine. Every error that trips
 * one names the limit and its value, so a person can tell a hostile archive
 * from a large honest one.
 */
export interface TarLimits {
  /** Most entries (files, directories, links) one archive may hold. */
  maxEntries: number;
  /** Longest member name or link target, in bytes. */
  maxPathBytes: number;
  /** Largest body of a GNU long-name/long-link entry or a pax extended header. */
  maxExtendedHeaderBytes: number;
  /** Largest single member, in bytes. */
  maxEntryBytes: number;
  /** Most symbolic links followed while resolving one path. */
  maxSymlinkHops: number;
}

export const TAR_LIMITS: Readonly<TarLimits> = Object.freeze({
  // kheaders for x86_64 6.1 holds about 6.4k files; leave room for bigger trees.
  maxEntries: 100_000,
  // Linux PATH_MAX (include/uapi/linux/limits.h).
  maxPathBytes: 4096,
  maxExtendedHeaderBytes: 1 << 20,
  // The whole kheaders tar is about 30 MB; no honest header is near this.
  maxEntryBytes: 1 << 30,
  // Linux MAXSYMLINKS (include/linux/namei.h).
  maxSymlinkHops: 40,
});

/** The default limits with some of them replaced. */
export function tarLimits(overrides: Partial<TarLimits> = {}): TarLimits {
  return { ...TAR_LIMITS, ...overrides };
}
