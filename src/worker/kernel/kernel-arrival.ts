/**
 * The kernel's bytes on their way: the manifest comes first (a few hundred
 * bytes: release, config, sizes), so the machine boots and the shell answers
 * at once; kheaders.tar.xz and config.gz stream in behind it. The few readers
 * of those bytes (modprobe, the sysfs file, /proc/config.gz, the .ko files)
 * await them, saying so once on the running command's stderr; Ctrl-C ends
 * the wait.
 */
import type { LoadProgress } from '../../shared/worker-api';
import type { KernelManifest } from './kernel-manifest';

/** The two payloads exactly as the kernel build made them. */
export interface KernelBytes {
  /** kheaders_data.tar.xz. */
  headersXz: Uint8Array;
  /** config_data.gz: the gzipped .config that /proc/config.gz serves. */
  configGz: Uint8Array;
}

/** What a command waiting for the bytes is given: where to say so, and what ends the wait. */
export interface WaitHooks {
  say(line: string): void;
  signal: AbortSignal;
}

const MiB = (n: number) => (n / 2 ** 20).toFixed(1);

export class KernelArrival {
  private bytesNow: KernelBytes | undefined;
  private failure: Error | undefined;
  private bytesIn = 0;
  readonly totalIn: number;
  readonly arrived: Promise<KernelBytes>;

  /** `bytes` settles with both payloads; `onChunk` reports each chunk's length as it lands. */
  constructor(
    manifest: KernelManifest,
    fetchBytes: (onChunk: (n: number) => void) => Promise<KernelBytes>,
  ) {
    this.totalIn = manifest.kheaders.bytes + manifest.configGz.bytes;
    this.arrived = fetchBytes((n) => (this.bytesIn += n)).then(
      (b) => (this.bytesNow = b),
      (err: unknown) => {
        throw (this.failure = err instanceof Error ? err : new Error(String(err)));
      },
    );
    // A failure is reported to whoever reads; an unread one is not an unhandled rejection.
    this.arrived.catch(() => undefined);
  }

  static arrived(bytes: KernelBytes, manifest: KernelManifest): KernelArrival {
    const a = new KernelArrival(manifest, async () => bytes);
    a.bytesNow = bytes;
    return a;
  }

  /** The bytes if they are here, else undefined. */
  get bytes(): KernelBytes | undefined {
    return this.bytesNow;
  }

  progress(): LoadProgress {
    const done = this.bytesNow !== undefined;
    return {
      phase: done ? 'done' : 'download',
      bytesIn: done ? this.totalIn : this.bytesIn,
      totalIn: this.totalIn,
      bytesOut: 0,
    };
  }

  /**
   * The bytes, waiting for them if need be: the wait is said once through
   * hooks (the running command's stderr) and ends with an error on its signal.
   */
  async wait(hooks?: WaitHooks & { said?: boolean }): Promise<KernelBytes> {
    if (this.bytesNow) return this.bytesNow;
    if (this.failure) throw this.failure;
    if (!hooks) return this.arrived;
    if (!hooks.said) {
      hooks.said = true;
      hooks.say(
        `waiting for the kernel archive (${MiB(this.bytesIn)} of ${MiB(this.totalIn)} MiB)…\n`,
      );
    }
    const { signal } = hooks;
    if (signal.aborted) throw new Error('interrupted while waiting for the kernel archive');
    return new Promise<KernelBytes>((resolve, reject) => {
      const stop = () => reject(new Error('interrupted while waiting for the kernel archive'));
      signal.addEventListener('abort', stop, { once: true });
      this.arrived.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
    });
  }
}
