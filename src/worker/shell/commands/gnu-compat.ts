/**
 * Where just-bash's ls differs from GNU's in what people see:
 * `ls -l` prints owners and modes as the files have them (root's or the
 * student's, 0444 for the kheaders attribute, 1777 for /tmp) and a missing operand reads
 * "ls: cannot access 'x': No such file or directory". Anything else goes
 * to just-bash (grep has its own file, grep-command.ts).
 */
import type { Command, ExecResult } from 'just-bash';
import { inodeFacts, readMounts } from '../../vfs/inode-facts';
import { fail, resolve, type CommandCtx, command } from '../command-kit';
import { stdoutIsTerminal } from '../live-session';
import { paintListing, paintName } from '../ls-colors';
import { fileModeString } from './stat-command';
import { groupName, userName } from '../../kernel/users';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function lsTime(d: Date): string {
  const recent = Math.abs(Date.now() - d.getTime()) < 182 * 24 * 3600 * 1000;
  const day = String(d.getUTCDate()).padStart(2);
  const tail = recent
    ? `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
    : ` ${d.getUTCFullYear()}`;
  return `${MONTHS[d.getUTCMonth()]} ${day} ${tail}`;
}

async function lsLong(
  ctx: CommandCtx,
  operands: string[],
  o: { dirAsFile: boolean; all: boolean; almostAll: boolean; numeric: boolean; tty: boolean },
): Promise<ExecResult> {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const rows: string[][] = [];
  const dirs: string[] = [];
  const mounts = await readMounts(ctx.fs);
  /** One line's fields and the 1 KiB blocks it counts in `total`. */
  const row = async (path: string, label: string): Promise<[string[], number]> => {
    const f = await inodeFacts(ctx.fs, path, false, mounts);
    const link = f.st.isSymbolicLink ? ` -> ${await ctx.fs.readlink(path)}` : '';
    const name = o.tty ? paintName(label, f.st) : label;
    return [
      [
        fileModeString(f),
        String(f.nlink),
        o.numeric ? String(f.uid) : userName(f.uid),
        o.numeric ? String(f.gid) : groupName(f.gid),
        String(f.size),
        lsTime(f.st.mtime),
        name + link,
      ],
      f.blocks / 2,
    ];
  };
  // GNU lists file operands first, then directories, each sorted by name.
  for (const op of [...operands].sort(lsOrder)) {
    const path = resolve(ctx, op);
    try {
      const st = await ctx.fs.stat(path);
      if (st.isDirectory && !o.dirAsFile) dirs.push(op);
      else rows.push((await row(path, op))[0]);
    } catch {
      stderr += `ls: cannot access '${op}': No such file or directory\n`;
      code = 2;
    }
  }
  const table = (rs: string[][]): string => {
    const w = [1, 2, 3, 4].map((c) => Math.max(...rs.map((r) => r[c]!.length)));
    return rs
      .map(
        (r) =>
          `${r[0]} ${r[1]!.padStart(w[0]!)} ${r[2]!.padEnd(w[1]!)} ${r[3]!.padEnd(w[2]!)} ${r[4]!.padStart(w[3]!)} ${r[5]} ${r[6]}\n`,
      )
      .join('');
  };
  if (rows.length) stdout += table(rows);
  for (const [i, d] of dirs.entries()) {
    const path = resolve(ctx, d);
    const names = (await ctx.fs.readdir(path))
      .filter((n) => o.all || o.almostAll || !n.startsWith('.'))
      .sort(lsOrder);
    const base = path === '/' ? '' : path;
    const listed = await Promise.all(names.map((n) => row(`${base}/${n}`, n)));
    if (o.all) {
      const parent = path === '/' ? '/' : path.slice(0, path.lastIndexOf('/')) || '/';
      listed.unshift(await row(path, '.'), await row(parent, '..'));
    }
    if (operands.length > 1) stdout += `${rows.length || i ? '\n' : ''}${d}:\n`;
    const blocks = listed.reduce((n, [, b]) => n + b, 0);
    stdout += `total ${blocks}\n${table(listed.map(([r]) => r))}`;
  }
  return { stdout, stderr, exitCode: code };
}

/** GNU ls in the C.UTF-8 locale sorts by code point, ignoring nothing. */
const lsOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function gnuCompat(): Command[] {
  const ls = command('ls', async (args, ctx) => {
    const flags = args.filter((a) => a.startsWith('-') && a !== '-');
    const operands = args.filter((a) => !a.startsWith('-') || a === '-');
    const letters = flags.every((f) => /^-[ladAn1h]+$/.test(f)) ? flags.join('') : null;
    const orig = ctx.origCommand;
    const tty = stdoutIsTerminal();
    if (letters && /[ln]/.test(letters)) {
      return lsLong(ctx, operands.length ? operands : ['.'], {
        dirAsFile: letters.includes('d'),
        all: letters.includes('a'),
        almostAll: letters.includes('A'),
        numeric: letters.includes('n'),
        tty,
      });
    }
    // Fix only the wording of a missing operand; listing is just-bash's.
    const missing: string[] = [];
    for (const op of operands) if (!(await ctx.fs.exists(resolve(ctx, op)))) missing.push(op);
    const present = operands.filter((o) => !missing.includes(o));
    const errs = missing
      .map((m) => `ls: cannot access '${m}': No such file or directory\n`)
      .join('');
    if (operands.length && !present.length) return fail(errs, 2);
    if (!orig) return fail('ls: unavailable\n', 2);
    const r = await orig([...flags, ...present]);
    const listed = async (): Promise<string> => {
      if (!tty || !r.stdout) return r.stdout;
      // One directory listed (or the cwd): its names are relative to it; else to the cwd.
      const first = present.length === 0 ? '.' : present.length === 1 ? present[0]! : '';
      const dir = first && (await ctx.fs.stat(resolve(ctx, first)).catch(() => undefined));
      return paintListing(
        r.stdout,
        dir && dir.isDirectory && !/d/.test(letters ?? '') ? first : '',
        (p) => ctx.fs.lstat(resolve(ctx, p)).catch(() => undefined),
      );
    };
    return {
      ...r,
      stdout: await listed(),
      stderr: errs + r.stderr,
      exitCode: missing.length ? 2 : r.exitCode,
    };
  });

  return [ls];
}
