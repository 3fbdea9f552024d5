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

declare global {
  interface Window {
    khClangBench: { run: typeof clangBench };
  }
}
window.khClangBench = { run: clangBench };
