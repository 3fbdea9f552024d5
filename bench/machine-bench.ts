/**
 * The in-page half of the mount and shell rows of `npm run bench`: the real
 * demo archive from bytes to a complete mounted listing, and the commands
 * people copy, timed through the machine's shell.
 */
import { native, type NativeTimed } from './decode-bench';
import type { KernelArtifacts, KernelManifest } from '../src/worker/kernel/kernel-manifest';
import { Machine } from '../src/worker/machine';
import { ArchiveFs } from '../src/worker/tar/archive-fs';
import { GrowingListing } from '../src/worker/tar/growing-listing';
import { indexTar } from '../src/worker/tar/tar-index';
import { decodeXz } from '../src/worker/xz/xz-decoder';
import { median } from './bench-machine';

async function settle(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((r) => setTimeout(r, 50));
}

/** Chromium's heap figure (precise with --enable-precise-memory-info). */
const heapUsed = () =>
  (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;

/** CPU time of the whole browser (all threads), sampled by run.mjs. */
const cpuMs = async (): Promise<number> =>
  (await (window as { khCpuMs?: () => Promise<number> }).khCpuMs?.()) ?? NaN;

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Walks the whole mount as a file browser or `find` would. */
async function listAll(fs: ArchiveFs, dir = '/'): Promise<number> {
  let n = 0;
  for (const entry of await fs.readdirWithFileTypes(dir)) {
    n++;
    if (entry.isDirectory) n += await listAll(fs, `${dir === '/' ? '' : dir}/${entry.name}`);
  }
  return n;
}

async function mountBench(url: string, runs: number) {
  const input = await fetchBytes(url);
  const once = async () => {
    await settle();
    const heapBefore = heapUsed();
    const cpu0 = await cpuMs();
    const start = performance.now();
    // As the loader does it: members indexed between decode steps, as they become final.
    const listing = new GrowingListing();
    const decoded = await decodeXz(input, { onDecoded: (d) => listing.feed(d) });
    const fs = new ArchiveFs(listing.complete(decoded.bytes) ?? indexTar(decoded.bytes));
    const entries = await listAll(fs);
    const ms = performance.now() - start;
    const cpu = (await cpuMs()) - cpu0;
    // Everything held: the compressed input, the decoder's wasm memory (which
    // is the tar itself: files are views into it) and the index on the JS heap.
    const peak = input.length + decoded.peakWasmBytes + Math.max(0, heapUsed() - heapBefore);
    return { ms, cpu, entries, peak, tar: decoded.bytes.length };
  };
  await once();
  const all = [];
  const tar: NativeTimed[] = [];
  for (let i = 0; i < runs; i++) {
    all.push(await once());
    await settle();
    tar.push(await native('tar')); // interleaved, so both see the same load
  }
  return {
    entries: all[0]!.entries,
    ours_ms: median(all.map((r) => r.ms)),
    ours_cpu_ms: median(all.map((r) => r.cpu)),
    native_tar_ms: median(tar.map((r) => r.wall)),
    native_tar_cpu_ms: median(tar.map((r) => r.cpu)),
    peak_bytes: Math.max(...all.map((r) => r.peak)),
    tar_bytes: all[0]!.tar,
  };
}

async function shellBench(kernelPath: string, runs: number) {
  const kernelBase = new URL(kernelPath, location.href).href;
  const manifest = (await (
    await fetch(new URL('manifest.json', kernelBase))
  ).json()) as KernelManifest;
  const artifacts: KernelArtifacts = {
    manifest,
    headersXz: await fetchBytes(new URL('kheaders.tar.xz', kernelBase).href),
    configGz: await fetchBytes(new URL('config.gz', kernelBase).href),
  };
  const run = async (machine: Machine, line: string): Promise<{ ms: number; out: string }> => {
    let out = '';
    let err = '';
    const start = performance.now();
    const code = await machine.run(line, {
      write: (chunk, stream) => (stream === 'stdout' ? (out += chunk) : (err += chunk)),
    });
    const ms = performance.now() - start;
    if (code !== 0) throw new Error(`${line}: exit ${code}: ${err}`);
    return { ms, out };
  };
  const extract: number[] = [];
  const grep: number[] = [];
  const find: number[] = [];
  let found = '';
  for (let i = 0; i <= runs; i++) {
    await settle();
    // A fresh machine each time: the extraction includes decoding the archive.
    const machine = new Machine();
    machine.bootWith(artifacts);
    await run(machine, 'modprobe kheaders && mkdir -p /tmp/x');
    const x = await run(machine, 'tar -xf /sys/kernel/kheaders.tar.xz -C /tmp/x');
    const g = await run(machine, "grep -r 'struct task_struct {' /tmp/x | wc -l");
    const f = await run(machine, "find /tmp/x -name '*.h' | wc -l");
    found = f.out.trim();
    if (i === 0) continue; // warm-up
    extract.push(x.ms);
    grep.push(g.ms);
    find.push(f.ms);
  }
  return {
    files_found: Number(found),
    extract_ms: median(extract),
    grep_ms: median(grep),
    find_ms: median(find),
  };
}

declare global {
  interface Window {
    khMachineBench: { mount: typeof mountBench; shell: typeof shellBench };
  }
}
window.khMachineBench = { mount: mountBench, shell: shellBench };
