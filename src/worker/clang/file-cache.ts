/**
 * What the clang worker already holds, so a warm compile sends only the
 * files that changed. A compile against the extracted headers reads some
 * 6,400 files (30 MB); copying them all to clang's worker on every compile
 * cost more than the compile itself. The machine side stamps each file's
 * bytes by identity: the machine's filesystem stores a new array on every
 * write and never changes one in place, so the same array (or the same view
 * of an archive's bytes) means the same content. Stamps hold no reference
 * to the bytes, so nothing here keeps a deleted file alive.
 */
import type { FlatFiles } from './clang-api';

/** A compile's inputs: every path it sees, with bytes only for those the worker lacks. */
export interface FileDelta {
  paths: string[];
  changed: FlatFiles;
}

export class SentFiles {
  private ids = new WeakMap<ArrayBufferLike, number>();
  private next = 1;
  private stamps = new Map<string, string>();

  private stamp(bytes: Uint8Array): string {
    let id = this.ids.get(bytes.buffer);
    if (id === undefined) this.ids.set(bytes.buffer, (id = this.next++));
    return `${id}:${bytes.byteOffset}:${bytes.byteLength}`;
  }

  /** The delta for these files, taking them as sent from now on. */
  delta(files: FlatFiles): FileDelta {
    const changed: FlatFiles = {};
    for (const [path, bytes] of Object.entries(files)) {
      const s = this.stamp(bytes);
      if (this.stamps.get(path) !== s) changed[path] = bytes;
      this.stamps.set(path, s);
    }
    return { paths: Object.keys(files), changed };
  }

  /** The worker forgot what it held (it was restarted, or a run failed midway). */
  clear(): void {
    this.stamps.clear();
  }
}

/** The worker's side: the files of recent compiles, by path. */
export class HeldFiles {
  private held = new Map<string, { bytes: Uint8Array; lastUse: number }>();
  private run = 0;

  /** The files of this compile; files unused for KEEP_RUNS compiles are let go. */
  take({ paths, changed }: FileDelta): FlatFiles {
    const run = ++this.run;
    const files: FlatFiles = {};
    for (const path of paths) {
      const bytes = changed[path] ?? this.held.get(path)?.bytes;
      if (!bytes)
        throw new Error(`clang: the compiler's worker lost ${path}; run the compile again`);
      this.held.set(path, { bytes, lastUse: run });
      files[path] = bytes;
    }
    // Two trees in turn (this kernel's, the other's) stay; older ones go.
    for (const [path, h] of this.held) if (run - h.lastUse >= KEEP_RUNS) this.held.delete(path);
    return files;
  }
}

const KEEP_RUNS = 4;
