/**
 * zcat, gunzip and gzip -d/-c on the platform's DecompressionStream:
 * just-bash's own use node:zlib, which a browser does not have.
 */
import type { Command, ExecResult } from 'just-bash';
import { gunzip, gzip, isGzip } from '../../kernel/gzip';
import {
  bytesOut,
  errnoText,
  fail,
  readBytes,
  resolve,
  stdinBytes,
  type CommandCtx,
  command,
} from '../command-kit';

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
  for (const a of args) {
    if (a === '-' || !a.startsWith('-')) files.push(a);
    else if (/^-[dckfnqv]+$/.test(a)) {
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
      const missing = why === 'No such file or directory';
      const tried = missing && decompress && !/\.(gz|tgz|z)$/i.test(file) ? `${file}.gz` : file;
      stderr += `${tool}: ${tried}: ${why}\n`;
      code = 1;
      continue;
    }
    if (decompress && !isGzip(input)) {
      stderr += `${tool}: ${label}: not in gzip format\n`;
      code = 1;
      continue;
    }
    try {
      const data = decompress ? await gunzip(input) : await gzip(input);
      if (toStdout || file === '-') outs.push(data);
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
      stderr += `${tool}: ${label}: ${/^E[A-Z]+:/.test(String((err as Error).message)) ? errnoText(err) : 'invalid compressed data--format violated'}\n`;
      code = 1;
    }
  }
  const total = outs.reduce((n, b) => n + b.length, 0);
  const all = new Uint8Array(total);
  outs.reduce((at, b) => (all.set(b, at), at + b.length), 0);
  return { ...bytesOut(all), stderr, exitCode: code };
}

export function gzipTools(): Command[] {
  return [
    command('zcat', (args, ctx) => run(args, ctx, true, true)),
    command('gunzip', (args, ctx) => run(args, ctx, true, false)),
    command('gzip', (args, ctx) => run(args, ctx, false, false)),
  ];
}
