/**
 * The contract between the page and the real-kernel worker (src/worker/real/):
 * a v86 PC booting setup's i386 Linux, its serial console as raw bytes both
 * ways. Types only: both realms import this file, neither ships code from it.
 *
 * Ordering, as for the machine (worker-api.ts): a call settles only after
 * every callback it made has been delivered; console output arrives in the
 * order the guest wrote it.
 */

/** One file of setup's real-kernel folder, as the manifest names it. */
export interface RealFileFacts {
  bytes: number;
  sha256: string;
}

/** public/real-kernel/manifest.json, written by setup (the parts the tab reads). */
export interface RealKernelManifest {
  release: string;
  arch: 'i386';
  cmdline: string;
  memoryBytes: number;
  /** The guest shell's prompt, exactly as it prints it. */
  prompt: string;
  userland: { tar: 'busybox' | 'gnu' };
  files: { bzImage: RealFileFacts; initrd: RealFileFacts } & Record<string, RealFileFacts>;
  kheaders: RealFileFacts & { files?: number };
}

export type RealBootPhase = 'download' | 'restoring' | 'booting' | 'saving' | 'prompt';

export interface RealBootProgress {
  phase: RealBootPhase;
  /** Bytes fetched so far (download), of `total` when known. */
  loaded?: number;
  total?: number;
  /** Milliseconds since boot was asked for. */
  ms: number;
}

export interface RealBootOptions {
  /** The real-kernel folder (ends in `/`): manifest.json, bzImage, initrd, bios.bin, vgabios.bin. */
  baseUrl: string;
  /** Start from a saved machine state when one of this kernel is kept (default true). */
  restore?: boolean;
}

export interface RealBootResult {
  manifest: RealKernelManifest;
  /** True when the machine came from a saved state rather than a boot. */
  restored: boolean;
  /** Milliseconds from the call to the shell's prompt. */
  promptMs: number;
  /** Bytes fetched over the network (or from the HTTP/service worker cache) for this boot. */
  fetchedBytes: number;
}

/** What is kept of a booted machine (compressed, in Cache Storage). */
export interface RealStateFacts {
  rawBytes: number;
  storedBytes: number;
  ms: number;
}

export interface RealKernelApi {
  /**
   * Boots the machine (or restores its saved state) up to the shell's
   * prompt. Console bytes go to `onOutput` from the first one; after a cold
   * boot the state is saved for later visits before this settles.
   */
  boot(
    options: RealBootOptions,
    onProgress: (p: RealBootProgress) => void,
    onOutput: (bytes: Uint8Array) => void,
  ): Promise<RealBootResult>;
  /** Bytes typed at the console (Ctrl-C is 0x03), as a serial line carries them. */
  send(bytes: Uint8Array): void;
  /** Keeps the machine's state now, for the next visit. */
  saveState(): Promise<RealStateFacts>;
  /** Forgets every kept state. */
  forgetStates(): Promise<void>;
  /** Stops the emulator and frees its memory. */
  shutdown(): Promise<void>;
}
