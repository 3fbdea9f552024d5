// The browse rows of `npm run bench` as a table (bench/run.mjs prints it
// after a full run and for BENCH_ONLY=browse).
import os from 'node:os';

const fixed = (n, d = 1) => n.toFixed(d);

/** The browse row's table (identifier index, #if marking, tree diff). */
export function printBrowse(br) {
  console.log(
    `\nbrowse (identifier index, #if marking, tree diff; extracted demo tree; load average ${fixed(os.loadavg()[0])})\n`,
  );
  console.log('| what | value | goal |');
  console.log('|---|---:|---|');
  console.log(
    `| index build in the worker (first lookup) | ${fixed(br.index_ms)} ms (CPU ${fixed(br.index_cpu_ms)} ms) | ≤ 1500 ms |`,
  );
  console.log(
    `| longest main-thread task while it builds | ${fixed(br.longest_task_while_indexing_ms)} ms | ≤ 50 ms |`,
  );
  console.log(
    `| worker's longest reply to a call while it builds | ${fixed(br.longest_worker_reply_while_indexing_ms)} ms | |`,
  );
  console.log(
    `| same build on the page's thread (longest task) | ${fixed(br.index_on_page_ms)} ms (${fixed(br.longest_task_while_indexing_on_page_ms)} ms) | |`,
  );
  console.log(`| definition lookup (warm) | ${fixed(br.lookup_ms, 2)} ms | ≤ 50 ms |`);
  console.log(
    `| index memory (JS heap kept) | ${fixed(br.index_bytes / 2 ** 20)} MiB | ≤ 64 MiB |`,
  );
  console.log(
    `| diff demo vs second kernel | ${fixed(br.diff_ms)} ms (CPU ${fixed(br.diff_cpu_ms)} ms) | ≤ 1000 ms |`,
  );
}
