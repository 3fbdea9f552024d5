/**
 * Owns the worker that runs the simulated machine: starts it on first use
 * (never at page load), and hands out the typed remote. One per page.
 */
import { proxy, transfer, wrap, type Remote } from 'comlink';
import type { ArchiveSource, ArchiveSummary, LoadProgress, MachineApi } from '../shared/worker-api';

export class MachineClient {
  private worker: Worker | undefined;
  private remote: Remote<MachineApi> | undefined;

  private get machine(): Remote<MachineApi> {
    if (!this.remote) {
      this.worker = new Worker(new URL('../worker/main.ts', import.meta.url), {
        type: 'module',
        name: 'machine',
      });
      this.remote = wrap<MachineApi>(this.worker);
    }
    return this.remote;
  }

  /** Loads an archive; a buffer is transferred to the worker, not copied. */
  loadArchive(
    source: ArchiveSource,
    onProgress: (p: LoadProgress) => void,
  ): Promise<ArchiveSummary> {
    const message = source.kind === 'bytes' ? transfer(source, [source.bytes.buffer]) : source;
    return this.machine.loadArchive(message, proxy(onProgress));
  }

  terminate(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.remote = undefined;
  }
}
