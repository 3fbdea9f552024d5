#!/usr/bin/env node
/**
 * `npm run check`: types (both realms), format, lint and docs/figures.md,
 * side by side (they share nothing; one after another took twice as long),
 * each one's output printed whole when it ends. Fails if any fails.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => `${root}node_modules/.bin/${name}`;
const CHECKS = [
  ['types (page)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']],
  ['types (worker)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.worker.json']],
  ['format', bin('prettier'), ['--check', '.']],
  ['lint', bin('eslint'), ['.']],
  ['figures', process.execPath, ['scripts/figures.mjs', '--check']],
];

function run([name, cmd, args]) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      const failed = code !== 0;
      console.log(`${failed ? 'FAIL' : 'ok  '} ${name} (${secs} s)`);
      if (failed) console.log(out.trimEnd());
      resolve(!failed);
    });
  });
}

const results = await Promise.all(CHECKS.map(run));
process.exit(results.every(Boolean) ? 0 : 1);
