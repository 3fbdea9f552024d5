// The decoder's and the mount's guards in `npm run bench`. The decoder is
// at its ceiling (the kernel's xz-embedded, unmodified: 0.75-0.92× native
// `xz -dc` across runs and hosts), so these are not goals to chase but lines
// a change must not cross; README.md ("Benchmarks") says what each protects.

const fixed = (n, d = 2) => n.toFixed(d);

/** [guard, measured, limit, pass] for each guard, from one run's results. */
export function guardRows({ decode: d, mount: m }) {
  const rows = [];
  if (d.raw_guided)
    rows.push([
      'profile-guided decode not slower than unguided',
      `${fixed(d.raw_guided.ms / d.raw_unguided.ms, 3)}× the unguided time`,
      '≤ 1.00×',
      d.raw_guided.ms <= d.raw_unguided.ms,
    ]);
  const speed = d.native_xz_ms / d.ours.ms;
  rows.push([
    'whole-buffer decode vs native xz -dc',
    `${fixed(speed)}× native speed`,
    '≥ 0.70×',
    speed >= 0.7,
  ]);
  const stream = d.ours_stream.ms / d.ours.ms;
  rows.push([
    'streaming (64 KiB chunks) vs whole-buffer',
    `${fixed(stream, 3)}× the whole-buffer time`,
    '≤ 1.10×',
    stream <= 1.1,
  ]);
  const mount = m.ours_ms / m.native_tar_ms;
  rows.push([
    'mount (bytes → listing) vs native tar -xJf into tmpfs',
    `${fixed(mount)}× native time`,
    '≤ 1.50×',
    mount <= 1.5,
  ]);
  const over = (m.peak_bytes - m.tar_bytes) / 2 ** 20;
  rows.push([
    'peak memory of a mount vs the tar it holds',
    `tar + ${fixed(over, 1)} MiB`,
    '≤ tar + 16 MiB',
    over <= 16,
  ]);
  return rows;
}

export function printGuards(results) {
  const rows = guardRows(results);
  console.log(`\nguards (a change must not cross these; medians of this run)\n`);
  console.log('| guard | measured | limit | pass |');
  console.log('|---|---:|---|---|');
  for (const [what, value, limit, pass] of rows)
    console.log(`| ${what} | ${value} | ${limit} | ${pass ? 'pass' : '**FAIL**'} |`);
  return rows.every((r) => r[3]);
}
