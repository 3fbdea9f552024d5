/**
 * The browse row of `npm run bench`: on the extracted demo tree, the
 * identifier index's first build (the first lookup, which builds it),
 * a warm definition lookup, the memory the index keeps (JS heap retained,
 * after a collection), the longest task while it builds (it runs here on
 * the page's thread, in slices: in the worker it can only block less), and
 * the tree diff of the demo against the second kernel.
 */
import { benchMachine, median } from './bench-machine';
const heap = () =>
  (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
/** Collections a few tasks apart: array buffers' memory is given back after the collection, not in it. */
async function gc(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    (globalThis as unknown as { gc?: () => void }).gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** CPU time of the whole browser (every thread), from the bench runner; NaN without it. */
const cpuMs = async (): Promise<number> =>
  (await (window as { khCpuMs?: () => Promise<number> }).khCpuMs?.()) ?? NaN;

async function browseBench(kernelPath: string, runs: number) {
  const { machine, manifest, run } = await benchMachine(kernelPath);
  const tree = `/tmp/kheaders-${manifest.release}`;
  const other = '/tmp/kheaders-other';
  await run(
    `modprobe kheaders && mkdir -p ${tree} ${other} && tar -xf /sys/kernel/kheaders.tar.xz -C ${tree}`,
  );
  await run(`kh-other-machine && tar -xf /tmp/other-machine/kheaders.tar.xz -C ${other}`);

  let longest = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longest = Math.max(longest, e.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  await gc();
  const before = heap();
  const cpu0 = await cpuMs();
  const start = performance.now();
  const first = await machine.findDefinitions(`${tree}/include`, 'task_struct');
  const indexMs = performance.now() - start;
  const indexCpuMs = (await cpuMs()) - cpu0;
  observer.disconnect();
  if (!first.results.some((d) => d.kind === 'struct'))
    throw new Error('no struct task_struct in the index');
  await gc();
  const indexBytes = heap() - before;

  const names = [
    'task_struct',
    'sk_buff',
    'CONFIG_SMP',
    'list_head',
    'current',
    'pid_t',
    'GFP_KERNEL',
  ];
  const lookups: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const n of names) {
      const t = performance.now();
      await machine.findDefinitions(`${tree}/include`, n);
      lookups.push(performance.now() - t);
    }
  }
  const diffs: number[] = [];
  const diffCpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = await cpuMs();
    const t = performance.now();
    await machine.diffTrees(tree, other);
    diffs.push(performance.now() - t);
    diffCpu.push((await cpuMs()) - c);
  }
  return {
    index_ms: indexMs,
    // CPU time says what the wall time cannot on a loaded machine: the work itself.
    index_cpu_ms: indexCpuMs,
    lookup_ms: median(lookups),
    index_bytes: indexBytes,
    diff_ms: median(diffs),
    diff_cpu_ms: median(diffCpu),
    longest_task_while_indexing_ms: longest,
  };
}

declare global {
  interface Window {
    khBrowseBench: { run: typeof browseBench };
  }
}
window.khBrowseBench = { run: browseBench };
