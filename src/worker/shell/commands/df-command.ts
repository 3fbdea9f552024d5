/**
 * df: each filesystem's size and use, laid out as GNU df (coreutils) lays
 * them out: a column per field, at least its header wide and at least
 * GNU's minimum width (14 for the source, 5 for sizes, 4 for Use%), names
 * left-aligned and numbers right-aligned, one space between; sizes in
 * 1 KiB blocks, or with -h in powers of 1024 rounded up ("96M", "1.5K").
 * As GNU df without -a, /proc and /sys (no size) are left out.
 */
import type { Command } from 'just-bash';
import { fail, resolve, type CommandCtx, command } from '../command-kit';

/** One mounted filesystem, as the machine counts it. */
export interface DiskUsage {
  source: string;
  type: string;
  path: string;
  /** Capacity in bytes (a tmpfs mount's limit, an archive's decoded size). */
  size: number;
  used: number;
}

interface DfOptions {
  human: boolean;
  types: boolean;
  operands: string[];
}

const USAGE = "Try 'df --help' for more information.\n";

function parse(args: string[]): DfOptions | string {
  const o: DfOptions = { human: false, types: false, operands: [] };
  for (const a of args) {
    if (a === '--human-readable') o.human = true;
    else if (a === '--print-type') o.types = true;
    else if (a === '--help') return 'help';
    else if (a.startsWith('--')) return `df: unrecognized option '${a}'\n${USAGE}`;
    else if (a.startsWith('-') && a !== '-') {
      for (const c of a.slice(1)) {
        if (c === 'h') o.human = true;
        else if (c === 'k') o.human = false;
        else if (c === 'T') o.types = true;
        else return `df: invalid option -- '${c}'\n${USAGE}`;
      }
    } else o.operands.push(a);
  }
  return o;
}

const UNITS = 'KMGTPEZY';

/** GNU's -h: powers of 1024, rounded up, one decimal below 10 ("7.8G", "96M", "512"). */
export function humanSize(bytes: number): string {
  let exp = 0;
  let scale = 1;
  while (bytes >= scale * 1024 && exp < UNITS.length) {
    scale *= 1024;
    exp++;
  }
  if (exp === 0) return String(bytes);
  const tenths = Math.ceil((bytes * 10) / scale);
  if (tenths < 100) return `${Math.floor(tenths / 10)}.${tenths % 10}${UNITS[exp - 1]}`;
  const whole = Math.ceil(bytes / scale);
  if (whole >= 1024 && exp < UNITS.length) return `1.0${UNITS[exp]}`;
  return `${whole}${UNITS[exp - 1]}`;
}

/** Use% as GNU rounds it: up, from used and available. */
function percent(used: number, avail: number): string {
  const total = used + avail;
  return total === 0 ? '-' : `${Math.ceil((used * 100) / total)}%`;
}

function row(d: DiskUsage, o: DfOptions): string[] {
  const kib = (n: number) => Math.ceil(n / 1024);
  const used = o.human ? d.used : kib(d.used);
  const size = o.human ? d.size : kib(d.size);
  const avail = Math.max(0, size - used);
  const show = (n: number) => (o.human ? humanSize(n) : String(n));
  const cells = [d.source, show(size), show(used), show(avail), percent(used, avail), d.path];
  if (o.types) cells.splice(1, 0, d.type);
  return cells;
}

/** GNU's columns: minimum widths, alignment, one space between, the last one unpadded. */
function table(rows: string[][], o: DfOptions): string {
  const min = o.types ? [14, 4, 5, 5, 5, 4, 0] : [14, 5, 5, 5, 4, 0];
  const left = o.types
    ? [true, true, false, false, false, false, true]
    : [true, false, false, false, false, true];
  const width = min.map((m, c) => Math.max(m, ...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => {
          if (c === r.length - 1) return cell;
          return left[c] ? cell.padEnd(width[c]!) : cell.padStart(width[c]!);
        })
        .join(' '),
    )
    .join('\n')
    .concat('\n');
}

/** The mount holding a path: the longest mount point that prefixes it. */
function holding(disks: DiskUsage[], path: string): DiskUsage | undefined {
  let best: DiskUsage | undefined;
  for (const d of disks) {
    const under = d.path === '/' || path === d.path || path.startsWith(`${d.path}/`);
    if (under && (!best || d.path.length > best.path.length)) best = d;
  }
  return best;
}

async function df(ctx: CommandCtx, o: DfOptions, disks: DiskUsage[]): Promise<[string, string]> {
  let shown = disks;
  let stderr = '';
  if (o.operands.length) {
    shown = [];
    for (const op of o.operands) {
      const path = resolve(ctx, op);
      if (!(await ctx.fs.exists(path))) {
        stderr += `df: ${op}: No such file or directory\n`;
        continue;
      }
      const d = holding(disks, path);
      if (d) shown.push(d);
    }
  }
  const header = [
    'Filesystem',
    ...(o.types ? ['Type'] : []),
    o.human ? 'Size' : '1K-blocks',
    'Used',
    o.human ? 'Avail' : 'Available',
    'Use%',
    'Mounted on',
  ];
  const out =
    shown.length || !o.operands.length ? table([header, ...shown.map((d) => row(d, o))], o) : '';
  return [out, stderr];
}

export function dfCommand(usage: () => DiskUsage[]): Command {
  return command('df', async (args, ctx) => {
    const o = parse(args);
    if (o === 'help') {
      return {
        stdout:
          'Usage: df [OPTION]... [FILE]...\nShow information about the file system on which each FILE resides,\nor all file systems by default.\n\n  -h, --human-readable  print sizes in powers of 1024 (e.g., 1023M)\n  -k                    like --block-size=1K\n  -T, --print-type      print file system type\n',
        stderr: '',
        exitCode: 0,
      };
    }
    if (typeof o === 'string') return fail(o, 1);
    const [stdout, stderr] = await df(ctx, o, usage());
    return { stdout, stderr, exitCode: stderr ? 1 : 0 };
  });
}
