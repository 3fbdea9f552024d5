#!/usr/bin/env node
/**
 * The unit tier: tests of pure logic (no DOM, no worker, no wasm, no test
 * server), named `*.unit.test.ts`, run by Node's own test runner in seconds.
 * Node 20 cannot load TypeScript, so esbuild bundles each file first (our
 * sources only; packages stay imports), with source maps so a failure
 * points at the .ts line.
 *
 *   node test/support/unit-tier.mjs            every unit test
 *   node test/support/unit-tier.mjs <substr>   the files whose path contains it
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = path.join(root, '.cache/unit');
const only = process.argv[2];

/** Every `*.unit.test.ts` under test/, repo-relative. */
function unitFiles(dir = 'test') {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : unitFiles(rel);
    return e.name.endsWith('.unit.test.ts') ? [rel] : [];
  });
}

const files = unitFiles().filter((f) => !only || f.includes(only));
if (files.length === 0) {
  console.error(`unit tier: no *.unit.test.ts ${only ? `matching ${only}` : 'under test/'}`);
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: files.map((f) => path.join(root, f)),
  outdir: out,
  outbase: root,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'inline',
  tsconfig: path.join(root, 'tsconfig.base.json'),
  logLevel: 'error',
});
const bundles = files.map((f) => path.join(out, f.replace(/\.ts$/, '.mjs')));
const run = spawnSync(
  process.execPath,
  ['--enable-source-maps', '--test', '--test-reporter=spec', ...bundles],
  { stdio: 'inherit', cwd: root },
);
process.exit(run.status ?? 1);
