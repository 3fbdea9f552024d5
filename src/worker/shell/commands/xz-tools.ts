/**
 * xz, unxz, xzcat on the kernel's own xz-embedded decoder (src/worker/xz).
 * `xz -l` reads only the stream index, as xz does. There is no encoder in
 * the playground: compressing says so.
 */
import type { Command, ExecResult } from 'just-bash';
import { bytesOut, command, fail, ok, readBytes, resolve, stdinBytes } from '../command-kit';
import type { CommandCtx, MachineServices } from '../command-kit';
import { errnoText, FsError } from '../../vfs/errno';
import { xzListError, xzListTable, xzListVerbose } from '../xz-list';
import { xzMessage } from '../xz-messages';
import { decodedBeforeError } from '../xz-partial';

interface XzOptions {
  mode: 'compress' | 'decompress' | 'list' | 'test';
  stdout: boolean;
  keep: boolean;
  force: boolean;
  verbose: number;
  files: string[];
}

function parse(tool: string, args: string[], base: XzOptions): XzOptions | ExecResult {
  const o = { ...base, files: [] as string[] };
  const long: Record<string, string> = {
    '--decompress': 'd',
    '--uncompress': 'd',
    '--compress': 'z',
    '--stdout': 'c',
    '--to-stdout': 'c',
    '--keep': 'k',
    '--list': 'l',
    '--test': 't',
    '--force': 'f',
    '--verbose': 'v',
    '--quiet': 'q',
  };
  let onlyFiles = false;
  for (const a of args) {
    let flags = '';
    if (onlyFiles || a === '-' || !a.startsWith('-')) {
      o.files.push(a);
      continue;
    } else if (a === '--') onlyFiles = true;
    else if (a.startsWith('--')) {
      if (!long[a])
        return fail(
          `${tool}: unrecognized option '${a}'\n${tool}: Try \`${tool} --help' for more information.\n`,
        );
      flags = long[a]!;
    } else flags = a.slice(1);
    for (const f of flags) {
      if (f === 'd') o.mode = 'decompress';
      else if (f === 'z') o.mode = 'compress';
      else if (f === 'l') o.mode = 'list';
      else if (f === 't') o.mode = 'test';
      else if (f === 'c') o.stdout = true;
      else if (f === 'k') o.keep = true;
      else if (f === 'f') o.force = true;
      else if (f === 'v') o.verbose++;
      else if (!'qT0123456789e'.includes(f)) {
        return fail(
          `${tool}: invalid option -- '${f}'\n${tool}: Try \`${tool} --help' for more information.\n`,
        );
      }
    }
  }
  return o;
}

async function runXz(
  tool: string,
  o: XzOptions,
  ctx: CommandCtx,
  svc: MachineServices,
): Promise<ExecResult> {
  if (o.mode === 'compress') {
    return fail(
      `${tool}: compression is not available here: the playground carries only the kernel's xz decoder\n`,
    );
  }
  const files = o.files.length ? o.files : ['-'];
  if (o.mode === 'list' && files.includes('-')) {
    return fail(`${tool}: --list does not support reading from standard input\n`);
  }
  let stdout = '';
  const outputs: Uint8Array[] = [];
  let stderr = '';
  let code = 0;
  for (const file of files) {
    const label = file === '-' ? '(stdin)' : file;
    let input: Uint8Array;
    try {
      input = file === '-' ? stdinBytes(ctx) : await readBytes(ctx, file);
    } catch (err) {
      stderr += `${tool}: ${file}: ${errnoText(err)}\n`;
      code = 1;
      continue;
    }
    try {
      if (o.mode === 'list') {
        const refused = xzListError(input);
        if (refused) {
          stderr += `${tool}: ${file}: ${refused}\n`;
          code = 1;
        } else if (o.verbose) {
          const nth = files.indexOf(file) + 1;
          stdout += `${nth > 1 ? '\n' : ''}${xzListVerbose(input, file, nth, files.length, o.verbose > 1)}`;
        } else stdout += xzListTable(input, file);
        continue;
      }
      const result = await svc.decodeXz(input);
      if (o.mode === 'test') continue;
      if (o.stdout || file === '-') outputs.push(result.bytes);
      else if (!/\.(xz|txz)$/.test(file)) {
        stderr += `${tool}: ${file}: Filename has an unknown suffix, skipping\n`;
        code = Math.max(code, 2);
      } else {
        const target = resolve(ctx, file.replace(/\.xz$/, '').replace(/\.txz$/, '.tar'));
        if (!o.force && (await ctx.fs.exists(target))) {
          stderr += `${tool}: ${target}: File exists\n`;
          code = 1;
          continue;
        }
        await ctx.fs.writeFile(target, result.bytes);
        if (!o.keep) await ctx.fs.rm(resolve(ctx, file));
      }
    } catch (err) {
      const fsError = err instanceof FsError;
      const what = fsError ? errnoText(err) : xzMessage(err);
      stderr += `${tool}: ${label}: ${what}\n`;
      code = 1;
      if (o.mode === 'decompress' && (o.stdout || file === '-') && !fsError) {
        outputs.push(await decodedBeforeError(input));
      }
    }
  }
  if (outputs.length) {
    const total = outputs.reduce((n, b) => n + b.length, 0);
    const joined = outputs.length === 1 ? outputs[0]! : new Uint8Array(total);
    if (outputs.length > 1) outputs.reduce((at, b) => (joined.set(b, at), at + b.length), 0);
    return { ...bytesOut(joined), stderr, exitCode: code };
  }
  return code ? fail(stderr, code, stdout) : { ...ok(stdout), stderr };
}

export function xzTools(svc: MachineServices): Command[] {
  const make = (name: string, base: Partial<XzOptions>): Command =>
    command(name, async (args, ctx) => {
      const o = parse(name, args, {
        mode: 'compress',
        stdout: false,
        keep: false,
        force: false,
        verbose: 0,
        files: [],
        ...base,
      });
      return 'exitCode' in o ? o : runXz(name, o, ctx, svc);
    });
  return [
    make('xz', {}),
    make('unxz', { mode: 'decompress' }),
    make('xzcat', { mode: 'decompress', stdout: true }),
  ];
}
