/**
 * The clang row of `npm run bench`: the probe of test/clang/probe.c compiled
 * BCC-style in the machine's shell against the extracted demo tree, from a
 * machine that has never run clang (download + instantiation + first
 * compile), then again warm.
 */
import { bccFlags } from '../src/common/bcc-flags';
import { clangStats } from '../src/worker/clang/clang-service';
import { benchMachine, median } from './bench-machine';

async function clangBench(kernelPath: string, runs: number) {
  const { manifest, run } = await benchMachine(kernelPath);
  const tree = `/tmp/kheaders-${manifest.release}`;
  const probe = await (await fetch('/test/clang/probe.c')).text();
  await run(
    `modprobe kheaders && mkdir -p ${tree} && tar -xf /sys/kernel/kheaders.tar.xz -C ${tree}`,
  );
  await run(`cat > /root/probe.c <<'PROBE'\n${probe}PROBE`);
  const compile = `clang ${bccFlags(tree).join(' ')} -emit-llvm -S /root/probe.c -o /root/probe.ll`;
  const first = await run(compile);
  const load = clangStats.load!;
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) warm.push(await run(compile));
  return {
    download_bytes: load.downloadBytes,
    download_ms: load.downloadMs,
    instantiate_ms: load.instantiateMs,
    // From the command's start, without the download (a network figure, shown apart).
    first_compile_ms: first - load.downloadMs,
    warm_compile_ms: median(warm),
    peak_bytes: clangStats.peakBytes,
  };
}

/**
 * A second visit (the modules kept by the first, wasm-keep.ts): the machine
 * warms clang in the background as boot() does, then the same compile runs
 * once, against a tree extracted where the warm-up laid its files out.
 */
async function clangSecondVisit(kernelPath: string) {
  const { machine, manifest, run } = await benchMachine(kernelPath);
  const t0 = performance.now();
  const warmed = await machine.warmClang();
  const warmUp = performance.now() - t0;
  const tree = `/tmp/kheaders-${manifest.release}`;
  const probe = await (await fetch('/test/clang/probe.c')).text();
  await run(
    `modprobe kheaders && mkdir -p ${tree} && tar -xf /sys/kernel/kheaders.tar.xz -C ${tree}`,
  );
  await run(`cat > /root/probe.c <<'PROBE'\n${probe}PROBE`);
  const first = await run(
    `clang ${bccFlags(tree).join(' ')} -emit-llvm -S /root/probe.c -o /root/probe.ll`,
  );
  const load = clangStats.load!;
  return {
    warmed,
    warm_up_ms: warmUp,
    download_bytes: load.downloadBytes,
    instantiate_ms: load.instantiateMs,
    first_compile_ms: first,
  };
}

declare global {
  interface Window {
    khClangBench: { run: typeof clangBench; secondVisit: typeof clangSecondVisit };
  }
}
window.khClangBench = { run: clangBench, secondVisit: clangSecondVisit };
