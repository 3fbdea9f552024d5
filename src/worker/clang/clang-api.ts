/**
 * The contract between the machine's worker and the clang worker it starts
 * on first use (clang-worker.ts exposes a ClangWorkerApi with Comlink).
 * Types only.
 */
import type { CompiledClang } from './compiled-modules';
import type { FileDelta } from './file-cache';

/** A file tree flattened to absolute paths, as the machine's filesystem holds it. */
export type FlatFiles = Record<string, Uint8Array>;

export interface DownloadProgress {
  /** Bytes that crossed the network so far (compressed). */
  doneBytes: number;
  totalBytes: number;
  /** Milliseconds since the download began. */
  elapsedMs: number;
}

export interface ClangLoadReport {
  /** Compressed bytes fetched (0 when every asset came from the cache). */
  downloadBytes: number;
  downloadMs: number;
  /** WebAssembly.compile of the modules, after their bytes arrived. */
  instantiateMs: number;
  /** Modules an earlier clang worker of this machine had compiled (compiled-modules.ts). */
  reused: number;
}

/** A load's report, and the compiled modules for the machine to give the next worker. */
export interface ClangLoaded {
  report: ClangLoadReport;
  compiled: CompiledClang;
}

export interface ClangResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Files the compile wrote or changed, by absolute path. */
  outputs: FlatFiles;
  /** The largest wasm memory the compiler reached, in bytes. */
  peakWasmBytes: number;
}

export interface ClangWorkerApi {
  /**
   * Fetches and compiles clang's wasm from assetBase (the site's clang/
   * folder); modules given `compiled` (of the same version) are used as they are.
   */
  load(
    assetBase: string,
    onProgress: (p: DownloadProgress) => void,
    compiled: CompiledClang | undefined,
  ): Promise<ClangLoaded>;
  /** load(), where every module of this version is kept; else null, and nothing fetched. */
  loadIfKept(assetBase: string): Promise<ClangLoaded | null>;
  /**
   * Runs clang with args (without argv[0]) over the files; cwd for relative
   * paths. Files the worker holds from earlier compiles come by path only.
   */
  run(args: string[], files: FileDelta, cwd: string): Promise<ClangResult>;
}
