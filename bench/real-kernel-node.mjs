// `npm run bench:real-node`: the real kernel (setup's i386 Linux) in v86
// under Node, headless, as the oracle test boots it: boot to a shell (cold,
// a new emulator each run), `modprobe kheaders` until the sysfs file is
// there, and `tar -xJf` of the archive inside the guest (busybox tar needs
// -J) beside the simulation's `tar -xf` from bench/results.json when
// `npm run bench` has written it. Wall and this process's CPU time, medians.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootRealKernel } from '../test/real-kernel/v86-harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const dir = path.join(root, 'public/real-kernel');
if (!existsSync(path.join(dir, 'manifest.json'))) {
  console.error(`bench: ${dir}/manifest.json is missing; run node scripts/setup.mjs bench first`);
  process.exit(1);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Wall and CPU ms of an async step. */
async function timed(step) {
  const [w0, c0] = [performance.now(), cpuMs()];
  const value = await step();
  return { wall: performance.now() - w0, cpu: cpuMs() - c0, value };
}

async function mustRun(machine, line, timeoutMs) {
  const r = await machine.run(line, { timeoutMs });
  if (r.code !== 0) throw new Error(`real kernel: \`${line}\` exited ${r.code}: ${r.out}`);
  return r;
}

const rows = { boot: [], roundTrip: [], modprobe: [], tar: [] };
for (let i = 0; i < RUNS; i++) {
  const boot = await timed(() => bootRealKernel({ dir }));
  const machine = boot.value;
  try {
    rows.boot.push(boot);
    // A command's round trip over the serial console, to read the others against.
    rows.roundTrip.push(await timed(() => mustRun(machine, 'true')));
    rows.modprobe.push(
      await timed(() =>
        mustRun(machine, 'modprobe kheaders && test -e /sys/kernel/kheaders.tar.xz'),
      ),
    );
    rows.tar.push(
      await timed(() =>
        mustRun(machine, 'mkdir /tmp/k && tar -xJf /sys/kernel/kheaders.tar.xz -C /tmp/k', 300_000),
      ),
    );
  } finally {
    await machine.close();
  }
}

const fmt = (xs) => {
  const wall = median(xs.map((x) => x.wall));
  const cpu = median(xs.map((x) => x.cpu));
  return `${(wall / 1000).toFixed(2).padStart(7)} s wall ${(cpu / 1000).toFixed(2).padStart(7)} s CPU`;
};
const m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
console.log(
  `\nreal kernel ${m.release} (${m.arch}, v86 under Node ${process.version}), medians of ${RUNS}:`,
);
console.log(`  boot to a shell (cold)            ${fmt(rows.boot)}`);
console.log(`  a command's round trip (true)     ${fmt(rows.roundTrip)}`);
console.log(`  modprobe kheaders → file visible  ${fmt(rows.modprobe)}`);
console.log(`  tar -xJf of the archive in guest  ${fmt(rows.tar)}`);
const results = path.join(root, 'bench/results.json');
if (existsSync(results)) {
  // The simulation's own tar -xf of the demo archive, as `npm run bench` measured it in Chromium.
  const ms = JSON.parse(readFileSync(results, 'utf8'))?.shell?.extract_ms;
  if (ms)
    console.log(
      `  the simulation's tar -xf (npm run bench, Chromium) ${(ms / 1000).toFixed(2).padStart(7)} s wall`,
    );
}
process.exit(0);
