/**
 * The simulated machine: the worker-side object behind MachineApi. It owns
 * everything the page sees through the API; the page holds no state of it.
 */
import type { ArchiveSource, ArchiveSummary, LoadProgress, MachineApi } from '../shared/worker-api';
import { loadArchive, type LoadedArchive } from './archive-loader';
import { XzError } from './xz/xz-error';

export class Machine implements MachineApi {
  private archive: LoadedArchive | undefined;

  async loadArchive(
    source: ArchiveSource,
    onProgress?: (p: LoadProgress) => void,
  ): Promise<ArchiveSummary> {
    try {
      // What the user had stays until the new archive is fully verified.
      const loaded = await loadArchive(source, onProgress);
      this.archive = loaded;
      return loaded.summary;
    } catch (err) {
      throw asPlainError(err);
    }
  }

  /** The current archive's decoded bytes (for the worker's own parts). */
  get archiveBytes(): Uint8Array | undefined {
    return this.archive?.bytes;
  }
}

/** Comlink passes Error's message; keep the kind and offset in it too. */
function asPlainError(err: unknown): Error {
  if (err instanceof XzError) {
    const e = new Error(err.message);
    e.name = `XzError:${err.kind}`;
    return e;
  }
  return err instanceof Error ? err : new Error(String(err));
}
