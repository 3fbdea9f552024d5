/**
 * The clang worker: @yowasp/clang (clang built to WebAssembly) behind a
 * Comlink ClangWorkerApi. Started by the machine's worker on the first
 * `clang`; terminated (and so stopped mid-compile) on Ctrl-C.
 */
import { expose } from 'comlink';
import type * as Yowasp from '@yowasp/clang';
import type { ClangLoaded, ClangWorkerApi, DownloadProgress } from './clang-api';
import { ModuleShare, type CompiledClang } from './compiled-modules';
import { fetchAssetList, fetchModules } from './clang-assets';
import { runDriver, type DriverPlans, type RunLlvm } from './clang-driver';
import { HeldFiles } from './file-cache';
import { watchWasmMemory } from './wasm-memory';
import { keepWhileCompiling, keptModules, modulesKept } from './wasm-keep';

/** Set by load(); a run sent while clang loads waits for it. */
let loading: Promise<{ run: RunLlvm; loaded: ClangLoaded }> | undefined;
const memory = watchWasmMemory();
const held = new HeldFiles();
const plans: DriverPlans = new Map();

const api: ClangWorkerApi = {
  load(assetBase, onProgress, compiled) {
    loading = loadClang(new URL(assetBase), onProgress, compiled);
    return loading.then((l) => l.loaded);
  },

  async loadIfKept(assetBase) {
    const base = new URL(assetBase);
    const list = await fetchAssetList(base).catch(() => undefined);
    if (!list || !(await modulesKept(base, list))) return null; // never a download unasked
    return api.load(assetBase, () => {}, undefined);
  },

  async run(args, files, cwd) {
    if (!loading) throw new Error('clang: load() first');
    // Taken before the wait: the files come during the download, not after it.
    const inputs = held.take(files);
    const { run } = await loading;
    memory.reset();
    const r = await runDriver(run, [`-working-directory=${cwd}`, ...args], inputs, cwd, plans);
    return { ...r, peakWasmBytes: memory.peak() };
  },
};

async function loadClang(
  base: URL,
  onProgress: (p: DownloadProgress) => void,
  given: CompiledClang | undefined,
): Promise<{ run: RunLlvm; loaded: ClangLoaded }> {
  const list = await fetchAssetList(base);
  const t0 = performance.now();
  // Modules an earlier clang worker of this machine compiled come as they are.
  const share = new ModuleShare(list.version, given);
  const names = list.modules.map((m) => m.name);
  // Else a second visit compiles from the kept modules, without the network.
  const kept = share.covers(names) ? undefined : await keptModules(base, list);
  const { bodies, done } =
    kept || share.covers(names)
      ? { bodies: new Map<string, ReadableStream<Uint8Array>>(), done: Promise.resolve() }
      : fetchModules(base, list, onProgress);
  const downloadBytes = bodies.size ? list.modules.reduce((n, m) => n + m.xzBytes, 0) : 0;
  // The bundle fetches its modules by URL; answer with the bodies as they
  // unpack, so it compiles while they download. Its resources tar (libc and
  // clang's own headers) is left out: kernel code is compiled -nostdinc
  // against the kernel's headers, and 30 MB is not worth it.
  const real = globalThis.fetch.bind(globalThis);
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const name = new URL(input instanceof Request ? input.url : String(input)).pathname
      .split('/')
      .pop()!;
    const compiled = share.answer(name);
    if (compiled) return compiled;
    const hit = kept?.get(name);
    kept?.delete(name); // each module is compiled once
    if (hit) return share.named(name, hit);
    const body = bodies.get(name);
    bodies.delete(name);
    if (body)
      return share.named(
        name,
        new Response(keepWhileCompiling(base, list, name, body), {
          headers: { 'content-type': 'application/wasm' },
        }),
      );
    if (name === 'llvm-resources.tar') return new Response(new Uint8Array(1024));
    return real(input, init);
  };
  const compiled = compileModules(base);
  compiled.catch(() => {}); // a failed download explains itself first, below
  await done;
  const downloadMs = performance.now() - t0;
  const t1 = performance.now();
  const run = await compiled;
  // What is left of the compile once the last byte has arrived.
  const report = {
    downloadBytes,
    downloadMs,
    instantiateMs: performance.now() - t1,
    reused: share.reused,
  };
  return { run, loaded: { report, compiled: share.compiled } };
}

/** Imports the bundle and has it compile its modules: run(null) only fetches and compiles (@yowasp/runtime's Application.run). */
async function compileModules(base: URL): Promise<RunLlvm> {
  const bundle = (await import(
    /* @vite-ignore */ new URL('bundle.js', base).href
  )) as typeof Yowasp;
  const run = bundle.runLLVM as unknown as (args: null, files: object, o: object) => unknown;
  await run(null, {}, { fetchProgress: () => {} });
  return bundle.runLLVM as RunLlvm;
}

expose(api);
