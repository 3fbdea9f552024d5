/**
 * zcat, gunzip and gzip -d/-c on the platform's DecompressionStream:
 * just-bash's own use node:zlib, which a browser does not have.
 */
import type { Command, ExecResult } from 'just-bash';
import { hasMagic } from '../../../common/file-format';
import { gunzip, gzip } from '../../kernel/gzip';
import {
  bytesOut,
  fail,
  latin1,
  readBytes,
  resolve,
  stdinBytes,
  type CommandCtx,
  command,
} from '../command-kit';
import { errnoText, FsError, isErrno } from '../../vfs/errno';

async function run(
  args: string[],
  ctx: CommandCtx,
  decompress: boolean,
  toStdout: boolean,
): Promise<ExecResult> {
  // Debian's zcat and gunzip are scripts that run gzip: every message is gzip's.
  const tool = 'gzip';
  const files: string[] = [];
  let keep = false;
  let test = false;
  let verbose = false;
  for (const a of args) {
    if (a === '-' || !a.startsWith('-')) files.push(a);
    else if (a === '--test') test = decompress = true;
    else if (/^-[dckfnqvt]+$/.test(a)) {
      if (a.includes('t')) test = decompress = true;
      if (a.includes('v')) verbose = true;
      if (a.includes('d')) decompress = true;
      if (a.includes('c')) toStdout = true;
      if (a.includes('k')) keep = true;
    } else if (a === '--decompress' || a === '--stdout' || a === '--keep') {
      if (a === '--decompress') decompress = true;
      if (a === '--stdout') toStdout = true;
      if (a === '--keep') keep = true;
    } else {
      return fail(
        `${tool}: ${a.startsWith('--') ? `unrecognized option '${a}'` : `invalid option -- '${a[1] ?? ''}'`}\nTry \`${tool} --help' for more information.\n`,
      );
    }
  }
  if (!files.length) files.push('-');
  const outs: Uint8Array[] = [];
  let stderr = '';
  let code = 0;
  for (const file of files) {
    const label = file === '-' ? 'stdin' : file;
    let input: Uint8Array;
    try {
      input = file === '-' ? stdinBytes(ctx) : await readBytes(ctx, file);
    } catch (err) {
      // Decompressing, gzip tries the name with .gz added and names that one.
      const why = errnoText(err);
      const missing = isErrno(err, 'ENOENT');
      const tried = missing && decompress && !/\.(gz|tgz|z)$/i.test(file) ? `${file}.gz` : file;
      stderr += `${tool}: ${tried}: ${why}\n`;
      code = 1;
      continue;
    }
    if (decompress && !hasMagic(input, 'gzip')) {
      // gzip -t starts its complaint on a fresh line (gzip.c); zcat's reads as it did.
      stderr += `${test ? '\n' : ''}${tool}: ${label}: not in gzip format\n`;
      code = 1;
      continue;
    }
    try {
      const data = decompress ? await gunzip(input) : await gzip(input);
      if (test) {
        if (verbose) stderr += `${label}:\t OK\n`;
      } else if (toStdout || file === '-') outs.push(data);
      else {
        const target = decompress
          ? file.replace(/\.gz$|\.tgz$/, (s) => (s === '.tgz' ? '.tar' : ''))
          : `${file}.gz`;
        if (decompress && target === file) {
          stderr += `${tool}: ${file}: unknown suffix -- ignored\n`;
          code = 2;
          continue;
        }
        await ctx.fs.writeFile(resolve(ctx, target), data);
        if (!keep) await ctx.fs.rm(resolve(ctx, file));
      }
    } catch (err) {
      const why =
        err instanceof FsError ? errnoText(err) : 'invalid compressed data--format violated';
      stderr += `${tool}: ${label}: ${why}\n`;
      code = 1;
    }
  }
  const total = outs.reduce((n, b) => n + b.length, 0);
  const all = new Uint8Array(total);
  outs.reduce((at, b) => (all.set(b, at), at + b.length), 0);
  return { ...bytesOut(all), stderr, exitCode: code };
}

/**
 * zgrep: grep over each file, gunzipped when it is gzip (Debian's zgrep
 * script runs `gzip -cdfq | grep`), its lines labelled with the file's name
 * when there are several, as grep --label does.
 */
async function zgrep(args: string[], ctx: CommandCtx): Promise<ExecResult> {
  const opts: string[] = [];
  const files: string[] = [];
  let pattern: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-e' || a === '-f') {
      opts.push(a, args[++i] ?? '');
      pattern ??= '';
    } else if (a.startsWith('-') && a !== '-') opts.push(a);
    else if (pattern === undefined) pattern = a;
    else files.push(a);
  }
  if (pattern === undefined || !ctx.exec)
    return fail('Usage: zgrep [OPTION]... [-e] PATTERN [FILE]...\n', 2);
  const named = files.length > 1 || opts.includes('-H');
  const quoted = (w: string): string => `'${w.replace(/'/g, `'\\''`)}'`;
  const line = ['grep', ...opts.filter((o) => o !== '-H'), ...(pattern ? ['--', pattern] : [])]
    .map(quoted)
    .join(' ');
  let stdout = '';
  let stderr = '';
  let best = 1;
  for (const file of files.length ? files : ['-']) {
    let input: Uint8Array;
    try {
      input = file === '-' ? stdinBytes(ctx) : await readBytes(ctx, file);
      if (hasMagic(input, 'gzip')) input = await gunzip(input);
    } catch (err) {
      stderr += `gzip: ${file}: ${errnoText(err)}\n`;
      best = Math.max(best, 2);
      continue;
    }
    const r = await ctx.exec(line, { cwd: ctx.cwd, stdin: latin1(input), stdinKind: 'bytes' });
    stdout += named ? r.stdout.replace(/^(?=.)/gm, `${file}:`) : r.stdout;
    stderr += r.stderr;
    if (r.exitCode === 0 && best === 1) best = 0;
    else if (r.exitCode > 1) best = r.exitCode;
  }
  return { stdout, stderr, exitCode: best };
}

export function gzipTools(): Command[] {
  return [
    command('zgrep', zgrep),
    command('zcat', (args, ctx) => run(args, ctx, true, true)),
    command('gunzip', (args, ctx) => run(args, ctx, true, false)),
    command('gzip', (args, ctx) => run(args, ctx, false, false)),
  ];
}
