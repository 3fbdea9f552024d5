/**
 * The clang row of `npm run bench`: the probe of test/clang/probe.c compiled
 * BCC-style in the machine's shell against the extracted demo tree, from a
 * machine that has never run clang (download + instantiation + first
 * compile), then again warm.
 */
import { bccFlags } from '../src/worker/clang/bcc-flags';
import { clangStats } from '../src/worker/clang/clang-service';
import type { KernelArtifacts, KernelManifest } from '../src/worker/kernel/kernel-manifest';
import { Machine } from '../src/worker/machine';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function bytes(url: URL): Promise<Uint8Array> {
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

async function clangBench(kernelPath: string, runs: number) {
  const base = new URL(kernelPath, location.href);
  const manifest = (await (await fetch(new URL('manifest.json', base))).json()) as KernelManifest;
  const artifacts: KernelArtifacts = {
    manifest,
    headersXz: await bytes(new URL('kheaders.tar.xz', base)),
    configGz: await bytes(new URL('config.gz', base)),
    // Vite's dev server serves public/ at the root, and will not import JS from /public/.
    baseUrl: new URL('/kernel/', location.href).href,
  };
  const machine = new Machine();
  machine.bootWith(artifacts);
  const run = async (line: string) => {
    let err = '';
    const start = performance.now();
    const code = await machine.run(line, { write: (c, s) => void (s === 'stderr' && (err += c)) });
    if (code !== 0) throw new Error(`${line}: exit ${code}: ${err}`);
    return performance.now() - start;
  };
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
