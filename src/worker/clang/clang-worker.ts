/**
 * The clang worker: @yowasp/clang (clang built to WebAssembly) behind a
 * Comlink ClangWorkerApi. Started by the machine's worker on the first
 * `clang`; terminated (and so stopped mid-compile) on Ctrl-C.
 */
import { expose } from 'comlink';
import type * as Yowasp from '@yowasp/clang';
import type { ClangWorkerApi } from './clang-api';
import { fetchAssetList, fetchModules } from './clang-assets';
import { runDriver, type DriverPlans, type RunLlvm } from './clang-driver';
import { HeldFiles } from './file-cache';
import { watchWasmMemory } from './wasm-memory';

let llvm: RunLlvm | undefined;
const memory = watchWasmMemory();
const held = new HeldFiles();
const plans: DriverPlans = new Map();

const api: ClangWorkerApi = {
  async load(assetBase, onProgress) {
    const base = new URL(assetBase);
    const list = await fetchAssetList(base);
    const t0 = performance.now();
    const modules = await fetchModules(base, list, onProgress);
    const downloadMs = performance.now() - t0;
    const downloadBytes = list.modules.reduce((n, m) => n + m.xzBytes, 0);
    // The bundle fetches its modules by URL; answer from what came in above. Its
    // resources tar (libc and clang's own headers) is left out: kernel code is
    // compiled -nostdinc against the kernel's headers, and 30 MB is not worth it.
    const real = globalThis.fetch.bind(globalThis);
    globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const name = new URL(input instanceof Request ? input.url : String(input)).pathname
        .split('/')
        .pop()!;
      const bytes = modules.get(name);
      if (bytes) return new Response(bytes, { headers: { 'content-type': 'application/wasm' } });
      if (name === 'llvm-resources.tar') return new Response(new Uint8Array(1024));
      return real(input, init);
    };
    const t1 = performance.now();
    const bundle = (await import(
      /* @vite-ignore */ new URL('bundle.js', base).href
    )) as typeof Yowasp;
    // run(null) only fetches and compiles the modules (@yowasp/runtime's Application.run).
    await (bundle.runLLVM as unknown as (args: null, files: object, o: object) => unknown)(
      null,
      {},
      {
        fetchProgress: () => {},
      },
    );
    modules.clear();
    llvm = bundle.runLLVM as RunLlvm;
    return { downloadBytes, downloadMs, instantiateMs: performance.now() - t1 };
  },

  async run(args, files, cwd) {
    if (!llvm) throw new Error('clang: load() first');
    memory.reset();
    const r = await runDriver(
      llvm,
      [`-working-directory=${cwd}`, ...args],
      held.take(files),
      cwd,
      plans,
    );
    return { ...r, peakWasmBytes: memory.peak() };
  },
};

expose(api);
