/**
 * The browse row of `npm run bench`: on the extracted demo tree, the
 * identifier index's first build (the first lookup, which builds it) in
 * the machine's worker, as the app runs it, with the page's longest task
 * meanwhile (what a user would feel) and the worker's longest wait to
 * answer a call (its longest slice: what the shell would feel); then, on a
 * machine on the page's thread (the worker's heap is out of the page's
 * sight), the memory the index keeps (JS heap retained, after a
 * collection), a warm definition lookup, and the tree diff of the demo
 * against the second kernel.
 */
import { proxy, wrap } from 'comlink';
import type { KernelArtifacts } from '../src/worker/kernel/kernel-manifest';
import { Machine } from '../src/worker/machine';
import { kernelArtifacts, median } from './bench-machine';

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

/** The calls of Machine the bench makes, as promises: on the page's thread or through Comlink. */
type BenchMachine = {
  [K in 'bootWith' | 'run' | 'findDefinitions' | 'getState']: (
    ...a: Parameters<Machine[K]>
  ) => Promise<Awaited<ReturnType<Machine[K]>>>;
};

/** Boots a machine and extracts the demo tree and the second kernel's; returns their paths. */
async function extractTrees(machine: BenchMachine, artifacts: KernelArtifacts, onPage: boolean) {
  await machine.bootWith(artifacts);
  const run = async (line: string) => {
    let err = '';
    const write = (c: string, s: 'stdout' | 'stderr') => void (s === 'stderr' && (err += c));
    const io = onPage ? { write } : proxy({ write });
    const code = await machine.run(line, io);
    if (code !== 0) throw new Error(`${line}: exit ${code}: ${err}`);
  };
  const tree = `/tmp/kheaders-${artifacts.manifest.release}`;
  const other = '/tmp/kheaders-other';
  await run(
    `modprobe kheaders && mkdir -p ${tree} ${other} && tar -xf /sys/kernel/kheaders.tar.xz -C ${tree}`,
  );
  await run(`kh-other-machine && tar -xf /tmp/other-machine/kheaders.tar.xz -C ${other}`);
  return { tree, other };
}

const hasStruct = (answer: Awaited<ReturnType<Machine['findDefinitions']>>) => {
  if (!answer.results.some((d) => d.kind === 'struct'))
    throw new Error('no struct task_struct in the index');
};

/** Longest Long Tasks entry on the page's thread while fn runs. */
async function longestPageTask<T>(fn: () => Promise<T>): Promise<{ result: T; longest: number }> {
  let longest = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longest = Math.max(longest, e.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  try {
    const result = await fn();
    // Entries are delivered after their task: let the last one in.
    await new Promise((r) => setTimeout(r, 100));
    return { result, longest };
  } finally {
    observer.disconnect();
  }
}

/** Throws unless the Long Tasks observer sees a 60 ms task of the page's own (so its 0 can be trusted). */
async function proveLongTaskObserver(): Promise<void> {
  const { longest } = await longestPageTask(async () => {
    // A task of the page's event loop; the evaluate call that runs the bench is not one.
    await new Promise<void>((resolve) =>
      setTimeout(() => {
        const t = performance.now();
        while (performance.now() - t < 60);
        resolve();
      }),
    );
  });
  if (longest < 60) throw new Error('the Long Tasks observer missed a 60 ms task');
}

/** The first build in the machine's worker: wall, CPU, the page's longest task, the worker's longest silence. */
async function workerBuild(artifacts: KernelArtifacts) {
  const worker = new Worker(new URL('../src/worker/main.ts', import.meta.url), {
    type: 'module',
    name: 'machine',
  });
  try {
    // Remote<> types the io callback as a proxy; run() gets one (proxy() in extractTrees).
    const machine = wrap<Machine>(worker) as unknown as BenchMachine;
    const { tree } = await extractTrees(machine, artifacts, false);
    await gc();
    let building = true;
    let longestReply = 0;
    // One call at a time while it builds: each waits for the slice that runs when it arrives.
    const pings = (async () => {
      while (building) {
        const t = performance.now();
        await machine.getState();
        longestReply = Math.max(longestReply, performance.now() - t);
      }
    })();
    const cpu0 = await cpuMs();
    const start = performance.now();
    const { result, longest } = await longestPageTask(async () => {
      const answer = await machine.findDefinitions(`${tree}/include`, 'task_struct');
      return { answer, ms: performance.now() - start, cpu: (await cpuMs()) - cpu0 };
    });
    building = false;
    await pings;
    hasStruct(result.answer);
    return { ms: result.ms, cpu: result.cpu, longestPageTask: longest, longestReply };
  } finally {
    worker.terminate();
  }
}

async function browseBench(kernelPath: string, runs: number) {
  const artifacts = await kernelArtifacts(kernelPath);
  await proveLongTaskObserver();
  const inWorker = await workerBuild(artifacts);

  const machine = new Machine();
  const onPage: BenchMachine = {
    bootWith: async (a) => machine.bootWith(a),
    run: (line, io) => machine.run(line, io),
    findDefinitions: (path, name) => machine.findDefinitions(path, name),
    getState: () => machine.getState(),
  };
  const { tree, other } = await extractTrees(onPage, artifacts, true);
  await gc();
  const before = heap();
  const pageBuild = await longestPageTask(async () => {
    const start = performance.now();
    hasStruct(await machine.findDefinitions(`${tree}/include`, 'task_struct'));
    return performance.now() - start;
  });
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
    index_ms: inWorker.ms,
    // CPU time says what the wall time cannot on a loaded machine: the work itself.
    index_cpu_ms: inWorker.cpu,
    // The page's own thread: what the goal's "no main-thread task over 50 ms" is about.
    longest_task_while_indexing_ms: inWorker.longestPageTask,
    // The worker's longest slice, as a call waiting on it sees it.
    longest_worker_reply_while_indexing_ms: inWorker.longestReply,
    // The same build on the page's thread (the machine the memory is measured on).
    index_on_page_ms: pageBuild.result,
    longest_task_while_indexing_on_page_ms: pageBuild.longest,
    lookup_ms: median(lookups),
    index_bytes: indexBytes,
    diff_ms: median(diffs),
    diff_cpu_ms: median(diffCpu),
  };
}

declare global {
  interface Window {
    khBrowseBench: { run: typeof browseBench };
  }
}
window.khBrowseBench = { run: browseBench };
