/**
 * The machine's side of clang: starts the clang worker on the first compile
 * (or, where a visit before kept its modules, warms it in the background),
 * hands it the files a command line reads, and stops it on
 * Ctrl-C by terminating it; the next compile starts a fresh one, given the
 * modules the last one compiled (compiled-modules.ts). A failure of clang's
 * worker ends that compile only; nothing of the machine is touched.
 */
import { wrap, proxy, type Remote } from 'comlink';
import type { IFileSystem } from 'just-bash';
import type {
  ClangLoadReport,
  ClangResult,
  ClangWorkerApi,
  DownloadProgress,
  FlatFiles,
} from './clang-api';
import { SentFiles } from './file-cache';
import { anyKept } from './wasm-keep';
import { compiledFor, keepCompiled } from './compiled-modules';
import { formatBytes } from '../../common/byte-size';

/** What the last load and compile cost, for `npm run bench` (bench/clang-bench.ts). */
export const clangStats: {
  load?: ClangLoadReport;
  peakBytes: number;
  compiling: number;
  /** Workers started: one per machine until Ctrl-C or a crash ends one. */
  starts: number;
} = {
  peakBytes: 0,
  compiling: 0,
  starts: 0,
};

/** "11.7 MiB of 21.7 MiB, 7.7 MiB/s" */
export function progressLine(p: DownloadProgress): string {
  const rate = p.elapsedMs > 0 ? p.doneBytes / (p.elapsedMs / 1000) : 0;
  return `clang: downloading the compiler: ${formatBytes(p.doneBytes)} of ${formatBytes(p.totalBytes)}, ${formatBytes(rate)}/s`;
}

/** The regular files directly in each directory (no subdirectories). */
export async function gatherShallow(
  fs: IFileSystem,
  dirs: string[],
  into: FlatFiles,
): Promise<FlatFiles> {
  for (const dir of dirs) {
    let names: string[] = [];
    try {
      names = await fs.readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
      if (path in into) continue;
      try {
        if ((await fs.stat(path)).isFile) into[path] = await fs.readFileBuffer(path);
      } catch {
        // dangling: clang says what it misses
      }
    }
  }
  return into;
}

/** Reads a file or a whole directory tree, following symlinks; dangling ones are skipped. */
export async function gatherFiles(
  fs: IFileSystem,
  paths: string[],
  into: FlatFiles = {},
): Promise<FlatFiles> {
  const visit = async (path: string): Promise<void> => {
    if (path in into) return;
    let st;
    try {
      st = await fs.stat(path);
    } catch {
      return; // clang itself says what is missing
    }
    if (st.isDirectory) {
      for (const name of await fs.readdir(path))
        await visit(path === '/' ? `/${name}` : `${path}/${name}`);
    } else if (st.isFile) {
      into[path] = await fs.readFileBuffer(path);
    }
  };
  // Parents first, so a directory inside another is walked once.
  for (const p of [...paths].sort((a, b) => a.length - b.length)) await visit(p);
  return into;
}

export class ClangService {
  private worker: Worker | undefined;
  private api: Remote<ClangWorkerApi> | undefined;
  private loading: Promise<ClangLoadReport> | undefined;
  /** Rejects when clang's worker dies (an out-of-memory abort, say) instead of answering. */
  private crashed: Promise<never> = new Promise(() => {});
  /** What the running worker holds of the machine's files. */
  private readonly sent = new SentFiles();
  /** What the first load measured, for the bench and the first compile's message. */
  lastLoad: ClangLoadReport | undefined;

  constructor(
    private readonly assetBase: () => string,
    /** The machine's filesystem itself, whose reads are not copies (see file-cache.ts). */
    private readonly files: () => IFileSystem | undefined = () => undefined,
  ) {}

  get machineFiles(): IFileSystem | undefined {
    return this.files();
  }

  /** A new clang worker; a crash of it rejects `crashed`. */
  private spawn(): Remote<ClangWorkerApi> {
    clangStats.starts++;
    this.worker = new Worker(new URL('./clang-worker.ts', import.meta.url), { type: 'module' });
    const api = (this.api = wrap<ClangWorkerApi>(this.worker));
    const worker = this.worker;
    this.crashed = new Promise<never>((_, reject) =>
      worker.addEventListener('error', (e) => {
        if (this.worker === worker) this.stop();
        reject(
          new Error(
            `clang: the compiler's worker stopped (${e.message || 'out of memory?'}); the rest of the machine is unaffected`,
          ),
        );
      }),
    );
    this.crashed.catch(() => {});
    return api;
  }

  private start(onProgress: (p: DownloadProgress) => void): Promise<ClangLoadReport> {
    if (this.loading) return this.loading;
    const base = this.assetBase();
    this.loading = this.spawn()
      .load(base, proxy(onProgress), compiledFor(base))
      .then(
        ({ report, compiled }) => {
          keepCompiled(base, compiled);
          return (this.lastLoad = clangStats.load = report);
        },
        (err: unknown) => {
          this.stop();
          throw err;
        },
      );
    return this.loading;
  }

  /** Set while warmUp() loads the kept modules; true once they are in. */
  private warming: Promise<boolean> | undefined;

  /**
   * On a later visit, where clang's modules are kept (wasm-keep.ts): loads
   * them and runs `compile` in the background, so the student's first
   * compile finds V8 done with the functions it needs, and its files
   * already held by clang's worker. Where nothing is kept (clang never used
   * here) it starts nothing; where an older version is, its worker stops at
   * once. Resolves true once the compile ran.
   */
  async warmUp(compile: () => Promise<{ args: string[]; files: FlatFiles; cwd: string }>) {
    if (this.warming || this.loading || !(await anyKept())) return false;
    if (this.warming || this.loading) return false; // a compile began meanwhile
    const base = this.assetBase();
    const warming = this.spawn()
      .loadIfKept(base)
      .then(
        (r) => {
          if (this.warming !== warming) return false; // stopped meanwhile (Ctrl-C)
          this.warming = undefined;
          if (!r) return (this.stop(), false);
          keepCompiled(base, r.compiled);
          this.lastLoad = clangStats.load = r.report;
          this.loading = Promise.resolve(r.report);
          return true;
        },
        () => {
          if (this.warming === warming) this.stop();
          return false;
        },
      );
    this.warming = warming;
    if (!(await warming)) return false;
    const { args, files, cwd } = await compile();
    // Its outcome is of no interest: a failure shows again, explained, on a real compile.
    return this.run(args, files, cwd, undefined).then(
      () => true,
      () => false,
    );
  }

  get started(): boolean {
    return this.loading !== undefined;
  }

  /**
   * Compiles; a set signal terminates the worker (Ctrl-C) and rejects with an
   * AbortError. The first compile starts clang's download before the files
   * are gathered and sends them while it downloads, so neither waits for the other.
   */
  async run(
    args: string[],
    files: FlatFiles | Promise<FlatFiles>,
    cwd: string,
    signal: AbortSignal | undefined,
    onProgress: (p: DownloadProgress) => void = () => {},
  ): Promise<ClangResult> {
    let stop = () => {};
    const aborted = new Promise<never>((_, reject) => {
      stop = () => {
        this.stop();
        reject(new DOMException('interrupted', 'AbortError'));
      };
      if (signal?.aborted) stop();
      signal?.addEventListener('abort', stop, { once: true });
    });
    aborted.catch(() => {});
    const race = <T>(p: Promise<T>) => Promise.race([p, aborted, this.crashed]);
    // The shell aborts a command's signal once the command has ended, too:
    // only an abort during the compile may end clang's worker.
    try {
      // A warm-up under way: its worker is busy until it ends, then serves this compile.
      if (this.warming) await race(this.warming);
      const loaded = this.start(onProgress);
      loaded.catch(() => {}); // raced below
      const all = await race(Promise.resolve(files));
      if (!this.api) await race(loaded); // the load failed while the files were gathered
      const answer = this.api!.run(args, this.sent.delta(all), cwd);
      answer.catch(() => {}); // raced below
      await race(loaded);
      clangStats.compiling++;
      const r = await race(answer).finally(() => clangStats.compiling--);
      // The worker holds its own copy of the inputs beside the wasm memory.
      const inputBytes = Object.values(all).reduce((n, b) => n + b.length, 0);
      clangStats.peakBytes = Math.max(clangStats.peakBytes, r.peakWasmBytes + inputBytes);
      return r;
    } catch (err) {
      this.sent.clear(); // the worker may not have taken them
      throw err;
    } finally {
      signal?.removeEventListener('abort', stop);
    }
  }

  stop(): void {
    this.warming = undefined;
    this.sent.clear();
    this.worker?.terminate();
    this.worker = undefined;
    this.api = undefined;
    this.loading = undefined;
  }
}
