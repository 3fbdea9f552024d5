// The oracle's real side: boots public/real-kernel once in v86 (Node),
// runs test/real-kernel/oracle-table.json's command lines in order on its
// shell, and writes what it printed and each exit status to
// test/fixtures/generated/real-kernel/answers.json, which
// test/real-kernel/oracle.test.ts holds the simulation to. `npm test` runs
// it before the browser tests, so the answers are today's kernel's.
//   node test/real-kernel/run-real.mjs
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootRealKernel } from './v86-harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const table = JSON.parse(
  readFileSync(path.join(root, 'test/real-kernel/oracle-table.json'), 'utf8'),
);
const outFile = path.join(root, 'test/fixtures/generated/real-kernel/answers.json');

const started = performance.now();
const machine = await bootRealKernel({ dir: path.join(root, 'public/real-kernel') });
console.log(
  `real kernel ${machine.manifest.release}: shell after ${(machine.bootMs / 1000).toFixed(1)} s`,
);
const answers = {};
try {
  for (const row of table.rows) {
    answers[row.id] = await machine.run(row.cmd);
  }
} finally {
  await machine.close();
}
mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(
  `${outFile}.tmp`,
  JSON.stringify(
    {
      release: machine.manifest.release,
      sha256: machine.manifest.files.bzImage.sha256,
      bootMs: Math.round(machine.bootMs),
      rows: answers,
    },
    null,
    2,
  ) + '\n',
);
renameSync(`${outFile}.tmp`, outFile);
console.log(
  `real kernel: ${table.rows.length} rows in ${((performance.now() - started) / 1000).toFixed(1)} s -> ${path.relative(root, outFile)}`,
);
// v86 keeps timers alive after destroy on some versions; the answers are written.
process.exit(0);
