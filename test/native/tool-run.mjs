/**
 * How the test server runs Debian's tools (test/native/native-tools.mjs,
 * as-user.mjs): a tool's output, status and errors, and one scratch
 * directory per test run.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const manifest = () => JSON.parse(readFileSync('public/kernel/manifest.json', 'utf8'));

/** Runs a tool: {out, err, code}, whatever its exit status. stdin gets `input`, then its end. */
export function run(file, args, { input = '', ...options } = {}) {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { encoding: 'utf8', maxBuffer: 256 << 20, ...options },
      (error, out, err) =>
        resolve({ out, err, code: error ? (typeof error.code === 'number' ? error.code : 1) : 0 }),
    );
    // A tool that exits without reading its input closes the pipe: not an error of ours.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/** Its output, or an error naming the command when it fails. */
export async function output(file, args, options) {
  const r = await run(file, args, options);
  if (r.code !== 0) throw new Error(`${file} ${args.join(' ')}: exit ${r.code}: ${r.err}`);
  return r.out;
}

let scratchDir;
/** One directory per test run for the trees and probe files; gone when the server exits. */
export function scratch() {
  if (scratchDir) return scratchDir;
  scratchDir = mkdtempSync(path.join(os.tmpdir(), 'kh-native-'));
  process.once('exit', () => rmSync(scratchDir, { recursive: true, force: true }));
  return scratchDir;
}
