/** Limits that keep a hostile or huge archive from taking down the tab. */
export interface XzLimits {
  /** Largest LZMA2 dictionary accepted (xz -9 uses 64 MiB). */
  maxDictBytes: number;
  /** Largest total output; past it the archive is treated as an xz bomb. */
  maxOutputBytes: number;
}

export const XZ_LIMITS: Readonly<XzLimits> = {
  maxDictBytes: 64 * 1024 * 1024,
  maxOutputBytes: 1024 * 1024 * 1024,
};
