/**
 * diff as GNU diffutils' (3.8) prints it, in place of just-bash's, which
 * has no -r and prints another header: two files or two trees, the normal
 * format or -u/-U N, -q, -N, exit 0 (same), 1 (different), 2 (trouble).
 */
import type { Command } from 'just-bash';
import { decodeUtf8 } from '../../tar/file-text';
import { headerTime, normalFormat, unifiedHunks, type Side } from '../../index/gnu-diff-format';
import { diffLines, splitLines } from '../../index/line-diff';
import { walkPair } from '../../index/tree-diff';
import { errnoText } from '../../vfs/errno';
import { command, resolve, type CommandCtx } from '../command-kit';

interface Options {
  recursive: boolean;
  brief: boolean;
  newFile: boolean;
  /** Lines of context when unified. */
  unified?: number;
  /** The options as typed, which diff -r repeats in each `diff ...` line. */
  echo: string[];
}

const TRY = "diff: Try 'diff --help' for more information.\n";

function parse(args: string[]): { opts: Options; files: string[] } | string {
  const opts: Options = { recursive: false, brief: false, newFile: false, echo: [] };
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      files.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      files.push(a);
      continue;
    }
    opts.echo.push(a);
    if (a === '--recursive') opts.recursive = true;
    else if (a === '--brief') opts.brief = true;
    else if (a === '--new-file') opts.newFile = true;
    else if (a === '--unified') opts.unified = 3;
    else if (a.startsWith('--unified=')) opts.unified = Number(a.slice(10));
    else if (a.startsWith('--')) return `diff: unrecognized option '${a}'\n${TRY}`;
    else {
      for (let k = 1; k < a.length; k++) {
        const f = a[k]!;
        if (f === 'r') opts.recursive = true;
        else if (f === 'q') opts.brief = true;
        else if (f === 'N') opts.newFile = true;
        else if (f === 'u') opts.unified = 3;
        else if (f === 'U') {
          const n = a.slice(k + 1) || args[++i];
          if (n === undefined || !/^\d+$/.test(n))
            return `diff: invalid context length '${n ?? ''}'\n${TRY}`;
          if (!a.slice(k + 1)) opts.echo.push(n);
          opts.unified = Number(n);
          break;
        } else return `diff: invalid option -- '${f}'\n${TRY}`;
      }
    }
    if (opts.unified !== undefined && !Number.isFinite(opts.unified))
      return `diff: invalid context length\n${TRY}`;
  }
  return { opts, files };
}

const isBinary = (b: Uint8Array) => b.subarray(0, 32768).includes(0);

/** One pair of regular files, as diff prints it; '' when they are equal. */
async function filePair(
  ctx: CommandCtx,
  opts: Options,
  a: { shown: string; path: string; bytes: Uint8Array },
  b: { shown: string; path: string; bytes: Uint8Array },
  header: string,
): Promise<string> {
  if (opts.brief) return `Files ${a.shown} and ${b.shown} differ\n`;
  if (isBinary(a.bytes) || isBinary(b.bytes))
    return `${header}Binary files ${a.shown} and ${b.shown} differ\n`;
  const sa: Side = splitLines(decodeUtf8(a.bytes));
  const sb: Side = splitLines(decodeUtf8(b.bytes));
  const changes = diffLines(sa.lines, sb.lines);
  if (!changes.length) return '';
  if (opts.unified === undefined) return header + normalFormat(sa, sb, changes);
  const time = async (p: string) =>
    headerTime((await ctx.fs.stat(p).catch(() => ({ mtime: new Date(0) }))).mtime);
  return (
    `${header}--- ${a.shown}\t${await time(a.path)}\n+++ ${b.shown}\t${await time(b.path)}\n` +
    unifiedHunks(sa, sb, changes, opts.unified)
  );
}

const empty = new Uint8Array(0);
const baseName = (p: string) => p.slice(p.replace(/\/+$/, '').lastIndexOf('/') + 1);

export function diffCommand(): Command {
  return command('diff', async (args, ctx) => {
    const parsed = parse(args);
    if (typeof parsed === 'string') return { stdout: '', stderr: parsed, exitCode: 2 };
    const { opts, files } = parsed;
    if (files.length !== 2) {
      const what =
        files.length < 2
          ? `missing operand after '${files[files.length - 1] ?? 'diff'}'`
          : `extra operand '${files[2]}'`;
      return { stdout: '', stderr: `diff: ${what}\n${TRY}`, exitCode: 2 };
    }
    let [shownA, shownB] = files as [string, string];
    let stderr = '';
    const stat = async (shown: string) => {
      try {
        return await ctx.fs.stat(resolve(ctx, shown));
      } catch (err) {
        if (!opts.newFile) stderr += `diff: ${shown}: ${errnoText(err)}\n`;
        return undefined;
      }
    };
    let [sa, sb] = await Promise.all([stat(shownA), stat(shownB)]);
    if ((!sa || !sb) && (!opts.newFile || (!sa && !sb))) return { stdout: '', stderr, exitCode: 2 };
    // A file and a directory: the file is compared with its namesake in the directory.
    if (sa?.isDirectory && sb && !sb.isDirectory) {
      shownA = `${shownA.replace(/\/+$/, '')}/${baseName(shownB)}`;
      sa = await stat(shownA);
    } else if (sb?.isDirectory && sa && !sa.isDirectory) {
      shownB = `${shownB.replace(/\/+$/, '')}/${baseName(shownA)}`;
      sb = await stat(shownB);
    }
    if (stderr) return { stdout: '', stderr, exitCode: 2 };
    const pa = resolve(ctx, shownA);
    const pb = resolve(ctx, shownB);
    const out: (string | Promise<string>)[] = [];
    /** Characters of output that are no difference ("Common subdirectories"): exit 0 if that is all. */
    let common = 0;
    if (sa?.isDirectory && sb?.isDirectory) {
      const cmd = ['diff', ...opts.echo].join(' ');
      const shown = (abs: string) =>
        abs === pa || abs.startsWith(`${pa}/`)
          ? shownA.replace(/\/+$/, '') + abs.slice(pa.length)
          : shownB.replace(/\/+$/, '') + abs.slice(pb.length);
      const pair = (a: string, b: string, bytesA: Uint8Array, bytesB: Uint8Array) => {
        const sideA = { shown: shown(a), path: a, bytes: bytesA };
        const sideB = { shown: shown(b), path: b, bytes: bytesB };
        return filePair(ctx, opts, sideA, sideB, `${cmd} ${sideA.shown} ${sideB.shown}\n`);
      };
      try {
        await walkPair(
          ctx.fs,
          pa,
          pb,
          (e) => {
            if (e.kind === 'only') {
              const abs = `${e.dir}/${e.name}`;
              if (!opts.newFile || e.isDirectory) out.push(`Only in ${shown(e.dir)}: ${e.name}\n`);
              else {
                // -N: a file on one side only is compared with an empty one.
                const other =
                  e.side === 'a' ? pb + abs.slice(pa.length) : pa + abs.slice(pb.length);
                const text = ctx.fs
                  .readFileBuffer(abs)
                  .then((bytes) =>
                    e.side === 'a'
                      ? pair(abs, other, bytes, empty)
                      : pair(other, abs, empty, bytes),
                  );
                out.push(text);
              }
            } else if (e.kind === 'mismatch') {
              out.push(
                `File ${shown(e.a)} is a ${e.aType} while file ${shown(e.b)} is a ${e.bType}\n`,
              );
            } else if (e.kind === 'common') {
              common += `Common subdirectories: ${shown(e.a)} and ${shown(e.b)}\n`.length;
              out.push(`Common subdirectories: ${shown(e.a)} and ${shown(e.b)}\n`);
            } else if (e.kind === 'differ')
              out.push(e.read().then(([ba, bb]) => pair(e.a, e.b, ba, bb)));
          },
          { recursive: opts.recursive, newFile: opts.newFile },
        );
      } catch (err) {
        stderr += `diff: ${errnoText(err)}\n`;
      }
    } else {
      const a = { shown: shownA, path: pa, bytes: sa ? await ctx.fs.readFileBuffer(pa) : empty };
      const b = { shown: shownB, path: pb, bytes: sb ? await ctx.fs.readFileBuffer(pb) : empty };
      out.push(await filePair(ctx, opts, a, b, ''));
    }
    const text = (await Promise.all(out)).join('');
    return { stdout: text, stderr, exitCode: stderr ? 2 : text.length > common ? 1 : 0 };
  });
}
