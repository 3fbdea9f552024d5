/**
 * Owns the worker that runs the simulated machine: starts it on first use
 * (never at page load), and hands out the typed remote. One per page. It is
 * itself a MachineApi, so views take "a machine" and tests can pass a fake.
 */
import { proxy, transfer, wrap, type Remote } from 'comlink';
import type {
  ArchiveSource,
  ArchiveSummary,
  CommandIo,
  DirEntry,
  KernelConfig,
  LoadProgress,
  MachineApi,
  MachineState,
} from '../shared/worker-api';

export class MachineClient implements MachineApi {
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
    onProgress?: (p: LoadProgress) => void,
  ): Promise<ArchiveSummary> {
    const message = source.kind === 'bytes' ? transfer(source, [source.bytes.buffer]) : source;
    return this.machine.loadArchive(message, onProgress && proxy(onProgress));
  }

  boot(kernelBaseUrl: string, onProgress?: (p: LoadProgress) => void): Promise<MachineState> {
    return this.machine.boot(kernelBaseUrl, onProgress && proxy(onProgress));
  }

  getState(): Promise<MachineState> {
    return this.machine.getState();
  }

  subscribe(onChange: (state: MachineState) => void): Promise<void> {
    return this.machine.subscribe(proxy(onChange));
  }

  setConfig(patch: Partial<KernelConfig>): Promise<MachineState> {
    return this.machine.setConfig(patch);
  }

  run(commandLine: string, io: CommandIo): Promise<number> {
    return this.machine.run(commandLine, proxy({ write: io.write.bind(io) }));
  }

  interrupt(): Promise<void> {
    return this.machine.interrupt();
  }

  complete(line: string, cursor: number): Promise<{ from: number; candidates: string[] }> {
    return this.machine.complete(line, cursor);
  }

  cwd(): Promise<string> {
    return this.machine.cwd();
  }

  readDir(path: string): Promise<DirEntry[]> {
    return this.machine.readDir(path);
  }

  readFile(path: string, maxBytes?: number): Promise<Uint8Array> {
    return this.machine.readFile(path, maxBytes);
  }

  terminate(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.remote = undefined;
  }
}
