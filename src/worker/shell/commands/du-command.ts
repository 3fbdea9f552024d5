/**
 * GNU du (coreutils 9.1): block use as the filesystem reports it (a tmpfs
 * file takes whole 4 KiB pages, see vfs/inode-facts.ts), or --apparent-size,
 * with -s, -a, -c, -h, -k, -m, -b, -d/--max-depth, and GNU's rounding for
 * -h (up, one decimal below 10: human.c with human_ceiling).
 */
import type { Command } from 'just-bash';
import { inodeFacts, readMounts, type MountPoint } from '../../vfs/inode-facts';
import { fail, resolve, type CommandCtx, command } from '../command-kit';
import { errnoText } from '../../vfs/errno';

/** human.c's autoscale in powers of 1024, rounding up as du does. */
export function humanSize(bytes: number): string {
  const units = ['', 'K', 'M', 'G', 'T', 'P', 'E'];
  let e = 0;
  let v = bytes;
  while (v >= 1024 && e < units.length - 1) {
    v /= 1024;
    e++;
  }
  if (e === 0) return String(bytes);
  if (v < 10) {
    const tenths = Math.ceil(Math.round(v * 10 * 1e6) / 1e6);
    if (tenths < 100) return `${(tenths / 10).toFixed(1)}${units[e]}`;
    return `10${units[e]}`;
  }
  const whole = Math.ceil(Math.round(v * 1e6) / 1e6);
  if (whole >= 1024 && e < units.length - 1) return `1.0${units[e + 1]}`;
  return `${whole}${units[e]}`;
}

interface DuOptions {
  apparent: boolean;
  all: boolean;
  summarize: boolean;
  total: boolean;
  human: boolean;
  /** Bytes per output unit (1024 by default). */
  unit: number;
  maxDepth: number;
}

const usage = (a: string): string =>
  `du: ${a.startsWith('--') ? `unrecognized option '${a}'` : `invalid option -- '${a[1] ?? ''}'`}\nTry 'du --help' for more information.\n`;

function parse(args: string[]): { o: DuOptions; files: string[] } | string {
  const o: DuOptions = {
    apparent: false,
    all: false,
    summarize: false,
    total: false,
    human: false,
    unit: 1024,
    maxDepth: Infinity,
  };
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--apparent-size') o.apparent = true;
    else if (a === '--bytes') Object.assign(o, { apparent: true, unit: 1 });
    else if (a === '--summarize') o.summarize = true;
    else if (a === '--total') o.total = true;
    else if (a === '--human-readable') o.human = true;
    else if (a === '--all') o.all = true;
    else if (a.startsWith('--max-depth=')) o.maxDepth = Number(a.slice(12));
    else if (a.startsWith('--')) return usage(a);
    else if (a.startsWith('-') && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const f = a[k]!;
        if (f === 's') o.summarize = true;
        else if (f === 'a') o.all = true;
        else if (f === 'c') o.total = true;
        else if (f === 'h') o.human = true;
        else if (f === 'k') Object.assign(o, { unit: 1024, human: false });
        else if (f === 'm') Object.assign(o, { unit: 1024 * 1024, human: false });
        else if (f === 'b') Object.assign(o, { apparent: true, unit: 1 });
        else if (f === 'd') {
          o.maxDepth = Number(a.slice(k + 1) || args[++i]);
          break;
        } else if (f === 'x' || f === 'L' || f === 'P') continue;
        else return usage(`-${f}`);
      }
    } else files.push(a);
  }
  if (o.summarize) o.maxDepth = 0;
  return { o, files: files.length ? files : ['.'] };
}

export function duCommand(): Command {
  return command('du', async (args, ctx) => {
    const parsed = parse(args);
    if (typeof parsed === 'string') return fail(parsed);
    const { o, files } = parsed;
    const mounts = await readMounts(ctx.fs);
    const lines: string[] = [];
    let stderr = '';
    const show = (n: number): string => (o.human ? humanSize(n) : String(Math.ceil(n / o.unit)));
    let grand = 0;
    // du counts each directory once: an operand inside one already walked prints nothing.
    const seen = new Set<string>();
    for (const name of files) {
      const path = resolve(ctx, name);
      if ([...seen].some((s) => path === s || path.startsWith(`${s === '/' ? '' : s}/`))) continue;
      seen.add(path);
      try {
        grand += await walk(ctx, mounts, o, path, name, 0, lines, show);
      } catch (err) {
        stderr += `du: cannot access '${name}': ${errnoText(err)}\n`;
      }
    }
    if (o.total) lines.push(`${show(grand)}\ttotal\n`);
    return { stdout: lines.join(''), stderr, exitCode: stderr ? 1 : 0 };
  });
}

/** A tree's use in bytes (blocks x 512, or apparent sizes), printing as GNU du does, children first. */
async function walk(
  ctx: CommandCtx,
  mounts: MountPoint[],
  o: DuOptions,
  path: string,
  label: string,
  depth: number,
  lines: string[],
  show: (n: number) => string,
): Promise<number> {
  const f = await inodeFacts(ctx.fs, path, false, mounts);
  let n = o.apparent ? f.size : f.blocks * 512;
  if (f.st.isDirectory) {
    const base = path === '/' ? '' : path;
    const sep = label.endsWith('/') ? '' : '/';
    for (const d of await (ctx.fs.readdirWithFileTypes?.(path) ??
      ctx.fs.readdir(path).then((ns) => ns.map((name) => ({ name, isDirectory: true }))))) {
      const child = `${base}/${d.name}`;
      const childLabel = `${label}${sep}${d.name}`;
      if (d.isDirectory) {
        n += await walk(ctx, mounts, o, child, childLabel, depth + 1, lines, show);
      } else {
        const cf = await inodeFacts(ctx.fs, child, false, mounts);
        const cn = o.apparent ? cf.size : cf.blocks * 512;
        n += cn;
        if (o.all && depth + 1 <= o.maxDepth) lines.push(`${show(cn)}\t${childLabel}\n`);
      }
    }
  }
  if (depth <= o.maxDepth || !f.st.isDirectory) {
    if (depth === 0 || f.st.isDirectory) lines.push(`${show(n)}\t${label}\n`);
  }
  return n;
}
