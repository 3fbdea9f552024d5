// The clang table of `npm run bench`: the first visit (download, instantiation,
// first compile), the second (the background warm-up, then the first compile)
// and a warm compile, with the memory the compiler took.
const fixed = (n, d = 1) => n.toFixed(d);

export function printClang(c) {
  console.log(`\nclang (@yowasp/clang in its own worker, BCC-style probe on the demo tree)\n`);
  console.log('| what | value | goal |');
  console.log('|---|---:|---|');
  console.log(
    `| download, xz (unpacked as it arrives) | ${fixed(c.download_bytes / 1e6, 1)} MB in ${fixed(c.download_ms)} ms | ≤ 20 MB |`,
  );
  console.log(`| instantiation | ${fixed(c.instantiate_ms)} ms | |`);
  const firstVisit = c.first_compile_ms + c.download_ms;
  console.log(
    `| first compile, first visit (download + instantiation + compile) | ${fixed(firstVisit)} ms | ≤ 4000 ms${firstVisit <= 4000 ? '' : ' (**no**)'} |`,
  );
  console.log(
    `| first compile, first visit, without the download | ${fixed(c.first_compile_ms)} ms | |`,
  );
  const v2 = c.second_visit;
  console.log(
    `| clang's background warm-up, second visit (${v2.warmed ? 'ran' : '**did not run**'}; ${fixed(v2.download_bytes / 1e6, 1)} MB downloaded; instantiation ${fixed(v2.instantiate_ms)} ms) | ${fixed(v2.warm_up_ms)} ms | |`,
  );
  console.log(
    `| first compile, second visit (new page, same profile; after the warm-up) | ${fixed(v2.first_compile_ms)} ms | ≤ 1500 ms${v2.first_compile_ms <= 1500 ? '' : ' (**no**)'} |`,
  );
  console.log(`| warm compile | ${fixed(c.warm_compile_ms)} ms | ≤ 2500 ms |`);
  console.log(`| peak memory (wasm + inputs) | ${fixed(c.peak_bytes / 2 ** 20)} MiB | ≤ 700 MB |`);
  console.log(
    `| peak memory (browser's resident bytes above the baseline) | ${fixed(c.rss_peak_bytes / 2 ** 20)} MiB | ≤ 700 MB |`,
  );
}
