/**
 * /dev/zero, /dev/urandom and /dev/random never end on Linux. just-bash
 * makes them empty files, so `head -c 3000000 /dev/urandom > f` wrote an
 * empty file and exited 0. Here `head` reads them as the kernel serves
 * them (zeros; bytes from the browser's CSPRNG, which is what getrandom()
 * is to the tab), bounded by the shell's output limit, which it names when
 * asked for more. Every other `head` is just-bash's.
 */
import type { Command } from 'just-bash';
import { bytesOut, fail, resolve, command } from '../command-kit';

const ENDLESS = new Set(['/dev/zero', '/dev/urandom', '/dev/random']);

/** head's byte and line counts with GNU's suffixes: K/M/G are powers of 1024, KB/MB/GB of 1000. */
export function parseCount(text: string): number | undefined {
  const m = /^(\d+)(b|K|KB|M|MB|G|GB)?$/.exec(text);
  if (!m) return undefined;
  const mult: Record<string, number> = {
    b: 512,
    K: 1024,
    KB: 1000,
    M: 1024 ** 2,
    MB: 1000 ** 2,
    G: 1024 ** 3,
    GB: 1000 ** 3,
  };
  return Number(m[1]) * (m[2] ? mult[m[2]]! : 1);
}

interface HeadLine {
  bytes?: string;
  lines?: string;
  operands: string[];
  other: boolean;
}

function parse(args: string[]): HeadLine {
  const h: HeadLine = { operands: [], other: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-c' || a === '--bytes') h.bytes = args[++i];
    else if (a === '-n' || a === '--lines') h.lines = args[++i];
    else if (a.startsWith('--bytes=')) h.bytes = a.slice(8);
    else if (a.startsWith('--lines=')) h.lines = a.slice(8);
    else if (/^-c./.test(a)) h.bytes = a.slice(2);
    else if (/^-n./.test(a)) h.lines = a.slice(2);
    else if (a.startsWith('-') && a !== '-') h.other = true;
    else h.operands.push(a);
  }
  return h;
}

/** `n` bytes as the device gives them; random bytes in the 64 KiB pieces getRandomValues allows. */
function deviceBytes(device: string, n: number): Uint8Array {
  const out = new Uint8Array(n);
  if (device === '/dev/zero') return out;
  for (let at = 0; at < n; at += 65_536) crypto.getRandomValues(out.subarray(at, at + 65_536));
  return out;
}

export function endlessHead(): Command {
  return command('head', async (args, ctx) => {
    const h = parse(args);
    const device = h.operands.length === 1 ? resolve(ctx, h.operands[0]!) : undefined;
    if (!device || !ENDLESS.has(device) || h.other) {
      return ctx.origCommand ? ctx.origCommand(args) : fail('head: unavailable\n');
    }
    const name = h.operands[0]!;
    const max = ctx.limits.maxOutputSize;
    const limitWords = `the shell's output limit of ${max.toLocaleString('en')} bytes (just-bash's maxOutputSize)`;
    if (h.bytes !== undefined) {
      const n = parseCount(h.bytes);
      if (n === undefined) return fail(`head: invalid number of bytes: '${h.bytes}'\n`);
      if (n > max) {
        return fail(
          `head: ${name}: ${n.toLocaleString('en')} bytes is past ${limitWords}; ask for at most that many\n`,
        );
      }
      return bytesOut(deviceBytes(device, n));
    }
    const lines = parseCount(h.lines ?? '10');
    if (lines === undefined) return fail(`head: invalid number of lines: '${h.lines}'\n`);
    if (device === '/dev/zero') {
      return fail(`head: ${name}: has no newlines, so no line ever ends: use head -c N\n`);
    }
    // Random bytes until enough newlines, as the kernel would keep serving them.
    const pieces: Uint8Array[] = [];
    let seen = 0;
    let size = 0;
    while (seen < lines) {
      const piece = deviceBytes(device, 4096);
      let end = piece.length;
      for (let i = 0; i < piece.length; i++) {
        if (piece[i] === 10 && ++seen === lines) {
          end = i + 1;
          break;
        }
      }
      pieces.push(piece.subarray(0, end));
      size += end;
      if (size > max) return fail(`head: ${name}: ${lines} lines run past ${limitWords}\n`);
    }
    const out = new Uint8Array(size);
    pieces.reduce((at, p) => (out.set(p, at), at + p.length), 0);
    return bytesOut(out);
  });
}
