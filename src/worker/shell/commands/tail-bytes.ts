/**
 * GNU tail's byte mode (`-c N`, `-c +N`, coreutils 9.1 src/tail.c).
 * just-bash's tail (3.6.0 still) reads `-c +N` as "the last N bytes"; GNU (and
 * busybox) read from byte N on, which is how people read a file at an
 * offset. The real kernel's oracle (test/real-kernel) caught it. Line mode
 * and everything else stay just-bash's.
 */
import type { Command } from 'just-bash';
import { errnoText } from '../../vfs/errno';
import { latin1 } from '../../tar/file-text';
import { command, fail, readBytes, stdinBytes } from '../command-kit';
import { parseCount } from './endless-devices';

interface ByteTail {
  /** From this 1-based byte on (`+N`), or the last `count` bytes. */
  from?: number;
  count?: number;
  files: string[];
  headers?: boolean;
}

/** The byte-mode invocation, or undefined when it is any other tail. */
function parse(args: string[]): ByteTail | string | undefined {
  const t: ByteTail = { files: [] };
  let spec: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-c' || a === '--bytes') spec = args[++i];
    else if (a.startsWith('--bytes=')) spec = a.slice(8);
    else if (/^-c./.test(a)) spec = a.slice(2);
    else if (a === '-q' || a === '--quiet' || a === '--silent') t.headers = false;
    else if (a === '-v' || a === '--verbose') t.headers = true;
    else if (/^-[qvc]+/.test(a)) {
      // A cluster of short options (-qc5, -vc 5): c takes the rest, or the next word.
      const c = a.indexOf('c');
      if (c < 0 || /[^qv]/.test(a.slice(1, c))) return undefined;
      for (const f of a.slice(1, c)) t.headers = f === 'v';
      spec = c === a.length - 1 ? args[++i] : a.slice(c + 1);
    } else if (a.startsWith('-') && a !== '-') return undefined;
    else t.files.push(a);
  }
  if (spec === undefined) return undefined;
  const m = /^([+-]?)(.*)$/.exec(spec)!;
  const n = parseCount(m[2]!);
  if (n === undefined) return `tail: invalid number of bytes: ‘${spec}’\n`;
  if (m[1] === '+') t.from = Math.max(n, 1);
  else t.count = n;
  return t;
}

function cut(bytes: Uint8Array, t: ByteTail): Uint8Array {
  if (t.from !== undefined) return bytes.subarray(Math.min(t.from - 1, bytes.length));
  return bytes.subarray(Math.max(bytes.length - t.count!, 0));
}

export function tailBytes(): Command {
  return command('tail', async (args, ctx) => {
    const t = parse(args);
    if (t === undefined)
      return ctx.origCommand ? ctx.origCommand(args) : fail('tail: unavailable\n');
    if (typeof t === 'string') return fail(t);
    const files = t.files.length ? t.files : ['-'];
    const headers = t.headers ?? files.length > 1;
    let stdout = '';
    let stderr = '';
    let exitCode = 0;
    let shown = 0;
    for (const name of files) {
      let bytes: Uint8Array;
      try {
        bytes = name === '-' ? stdinBytes(ctx) : await readBytes(ctx, name);
      } catch (err) {
        stderr += `tail: cannot open '${name}' for reading: ${errnoText(err)}\n`;
        exitCode = 1;
        continue;
      }
      const label = name === '-' ? 'standard input' : name;
      if (headers) stdout += `${shown++ ? '\n' : ''}==> ${label} <==\n`;
      stdout += latin1(cut(bytes, t));
    }
    return { stdout, stderr, exitCode, stdoutKind: 'bytes' };
  });
}
