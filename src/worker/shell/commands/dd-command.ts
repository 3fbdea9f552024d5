/**
 * GNU dd (coreutils 9.1, src/dd.c), for what people do with it on this
 * path: read a file at an offset (`dd if=/sys/kernel/kheaders.tar.xz bs=1
 * skip=N count=M`), copy into a file (`of=`, `seek=`, `conv=notrunc`). The
 * input is read whole, then cut into ibs-sized reads, so records in and out
 * count as GNU counts them on a regular file. The summary goes to stderr in
 * GNU's wording; the time and rate are this run's own. A bad value is
 * quoted ‘so’, as coreutils' quote() does in a UTF-8 locale.
 */
import type { Command } from 'just-bash';
import { errnoText } from '../../vfs/errno';
import { bytesOut, command, fail, readBytes, resolve, stdinBytes } from '../command-kit';

/** GNU dd's multipliers (dd.c, parse_integer): 2x512, 4K, 1MB, 3b, 2w. */
const SUFFIX: Record<string, number> = {
  '': 1,
  c: 1,
  w: 2,
  b: 512,
  kB: 1000,
  K: 1024,
  KiB: 1024,
  MB: 1000 ** 2,
  M: 1024 ** 2,
  MiB: 1024 ** 2,
  GB: 1000 ** 3,
  G: 1024 ** 3,
  GiB: 1024 ** 3,
};

export function parseDdNumber(text: string): number | undefined {
  let product = 1;
  for (const part of text.split('x')) {
    const m = /^(\d+)([a-zA-Z]*)$/.exec(part);
    const mult = m ? SUFFIX[m[2]!] : undefined;
    if (!m || mult === undefined) return undefined;
    product *= Number(m[1]) * mult;
  }
  return product;
}

interface DdOperands {
  in?: string;
  out?: string;
  ibs: number;
  obs: number;
  count?: number;
  skip: number;
  seek: number;
  status: 'default' | 'none' | 'noxfer' | 'progress';
  notrunc: boolean;
  skipBytes: boolean;
  countBytes: boolean;
}

const usage = (what: string): string => `dd: ${what}\nTry 'dd --help' for more information.\n`;

/** Operands that take a number: where it goes, and whether 0 is refused (a block size). */
const NUMERIC: Record<string, { set: (o: DdOperands, n: number) => void; positive?: true }> = {
  bs: { set: (o, n) => (o.ibs = o.obs = n), positive: true },
  ibs: { set: (o, n) => (o.ibs = n), positive: true },
  obs: { set: (o, n) => (o.obs = n), positive: true },
  count: { set: (o, n) => (o.count = n) },
  skip: { set: (o, n) => (o.skip = n) },
  iseek: { set: (o, n) => (o.skip = n) },
  seek: { set: (o, n) => (o.seek = n) },
  oseek: { set: (o, n) => (o.seek = n) },
};

/** One list's words, each allowed, or GNU's complaint naming the first that is not. */
function flags(value: string, allowed: string[], what: string): string[] | string {
  const bad = value.split(',').find((f) => !allowed.includes(f));
  return bad === undefined ? value.split(',') : usage(`invalid ${what}: ‘${bad}’`);
}

function parse(args: string[]): DdOperands | string {
  const o: DdOperands = {
    ibs: 512,
    obs: 512,
    skip: 0,
    seek: 0,
    status: 'default',
    notrunc: false,
    skipBytes: false,
    countBytes: false,
  };
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const [key, value] = eq < 0 ? [arg, ''] : [arg.slice(0, eq), arg.slice(eq + 1)];
    const numeric = NUMERIC[key];
    if (eq < 0) return usage(`unrecognized operand ‘${arg}’`);
    if (numeric) {
      const n = parseDdNumber(value);
      if (n === undefined || (numeric.positive && n === 0))
        return `dd: invalid number: ‘${value}’\n`;
      numeric.set(o, n);
    } else if (key === 'if') o.in = value;
    else if (key === 'of') o.out = value;
    else if (key === 'status') {
      const level = flags(value, ['none', 'noxfer', 'progress'], 'status level');
      if (typeof level === 'string' || level.length !== 1)
        return usage(`invalid status level: ‘${value}’`);
      o.status = level[0] as DdOperands['status'];
    } else if (key === 'conv') {
      const conv = flags(value, ['notrunc'], 'conversion');
      if (typeof conv === 'string') return conv;
      o.notrunc = true;
    } else if (key === 'iflag') {
      const f = flags(value, ['skip_bytes', 'count_bytes'], 'input flag');
      if (typeof f === 'string') return f;
      o.skipBytes ||= f.includes('skip_bytes');
      o.countBytes ||= f.includes('count_bytes');
    } else return usage(`unrecognized operand ‘${arg}’`);
  }
  return o;
}

/** A size as GNU's human_readable rounds it (one decimal under 10, else whole), with its prefix. */
function human(n: number, base: 1000 | 1024): string | undefined {
  const prefixes = base === 1000 ? ['kB', 'MB', 'GB', 'TB'] : ['KiB', 'MiB', 'GiB', 'TiB'];
  let amount = n;
  let i = -1;
  while (amount >= base && i < prefixes.length - 1) {
    amount /= base;
    i++;
  }
  if (i < 0) return undefined;
  const shown =
    amount < 10 ? (Math.round(amount * 10) / 10).toFixed(1) : String(Math.round(amount));
  if (Number(shown) >= base && i < prefixes.length - 1) return `1.0 ${prefixes[i + 1]}`;
  return `${shown === '10.0' ? '10' : shown} ${prefixes[i]}`;
}

/** The last line of the summary: bytes, their sizes when they have a prefix, time and rate. */
function transferLine(bytes: number, seconds: number): string {
  const si = human(bytes, 1000);
  const iec = human(bytes, 1024);
  const size = !si ? '' : iec ? ` (${si}, ${iec})` : ` (${si})`;
  const time = `${Number(seconds.toPrecision(6))} s`;
  const rate = `${human(Math.max(bytes / Math.max(seconds, 1e-9), 1000), 1000)}/s`;
  return `${bytes} byte${bytes === 1 ? '' : 's'}${size} copied, ${time}, ${rate}\n`;
}

const records = (total: number, block: number): string =>
  `${Math.floor(total / block)}+${total % block ? 1 : 0}`;

export function ddCommand(): Command {
  return command('dd', async (args, ctx) => {
    const started = performance.now();
    const o = parse(args);
    if (typeof o === 'string') return fail(o);
    let input: Uint8Array;
    try {
      input = o.in === undefined ? stdinBytes(ctx) : await readBytes(ctx, o.in);
    } catch (err) {
      return fail(`dd: failed to open '${o.in}': ${errnoText(err)}\n`);
    }
    let stderr = '';
    const skip = o.skipBytes ? o.skip : o.skip * o.ibs;
    if (skip > input.length && o.in !== undefined && o.status !== 'none')
      stderr += `dd: ${o.in}: cannot skip to specified offset\n`;
    let data = input.subarray(Math.min(skip, input.length));
    if (o.count !== undefined) data = data.subarray(0, o.countBytes ? o.count : o.count * o.ibs);
    // With bs= (ibs = obs) each read is written as it came; otherwise output is reblocked by obs.
    const outRecords = o.ibs === o.obs ? records(data.length, o.ibs) : records(data.length, o.obs);
    if (o.out !== undefined) {
      const path = resolve(ctx, o.out);
      const at = o.seek * o.obs;
      const old =
        o.notrunc || at > 0
          ? await ctx.fs.readFileBuffer(path).catch(() => new Uint8Array())
          : new Uint8Array();
      const end = o.notrunc ? Math.max(old.length, at + data.length) : at + data.length;
      const file = new Uint8Array(end);
      file.set(old.subarray(0, o.notrunc ? old.length : Math.min(old.length, at)));
      file.set(data, at);
      try {
        await ctx.fs.writeFile(path, file);
      } catch (err) {
        return fail(`${stderr}dd: failed to open '${o.out}': ${errnoText(err)}\n`);
      }
    }
    if (o.status !== 'none') {
      stderr += `${records(data.length, o.ibs)} records in\n${outRecords} records out\n`;
      if (o.status !== 'noxfer')
        stderr += transferLine(data.length, (performance.now() - started) / 1000);
    }
    return { ...bytesOut(o.out === undefined ? data : new Uint8Array()), stderr };
  });
}
