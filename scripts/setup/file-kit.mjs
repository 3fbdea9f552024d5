// What the setup recipes share to decide whether an output is current and
// to write one: a file's sha256, a JSON comparison, a JSON read that tolerates
// a missing or broken file, and a write that is never seen half done.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
export const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** The file's JSON, or null when it is missing or unreadable. */
export function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Writes through a temporary name so a half-written file is never taken as done. */
export function writeAtomic(file, data) {
  writeFileSync(`${file}.tmp`, data);
  renameSync(`${file}.tmp`, file);
}
