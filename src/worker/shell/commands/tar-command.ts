/**
 * tar, GNU style: -x and -t read the archive with our zero-copy tar index
 * (src/worker/tar) after our xz decoder, detecting xz and gzip by their
 * magic as GNU tar does on extraction; extracted files are views into the
 * decoded archive (no copy). Creating archives is left to just-bash's tar.
 */
import type { Command, ExecResult } from 'just-bash';
import { gunzip, isGzip } from '../../kernel/gzip';
import type { TarEntry } from '../../tar/tar-entry';
import { indexTarUntilError, type TarIndex } from '../../tar/tar-index';
import { isXzMagic } from '../../xz/xz-format';
import {
  bytesOut,
  errnoText,
  fail,
  readBytes,
  resolve,
  stdinBytes,
  type CommandCtx,
  type MachineServices,
  command,
} from '../command-kit';
import { xzMessage } from '../xz-messages';
import { parseTarArgs, TarUsageError, type TarOptions } from './tar-options';

const FAILED = 'tar: Exiting with failure status due to previous errors\n';
const FATAL = 'tar: Error is not recoverable: exiting now\n';

function modeString(e: TarEntry): string {
  const type = {
    directory: 'd',
    symlink: 'l',
    hardlink: 'h',
    'character-device': 'c',
    'block-device': 'b',
    fifo: 'p',
    file: '-',
  }[e.type];
  const bits = 'rwxrwxrwx'.replace(/./g, (c, i: number) => (e.mode & (1 << (8 - i)) ? c : '-'));
  return `${type === 'h' ? '-' : type}${bits}`;
}

function listLine(e: TarEntry, verbose: number): string {
  const name = e.name;
  if (!verbose) return `${name}\n`;
  const owner = `${e.uname || e.uid}/${e.gname || e.gid}`;
  const d = new Date(e.mtime * 1000).toISOString();
  const when = `${d.slice(0, 10)} ${d.slice(11, 16)}`;
  const size = String(e.type === 'file' ? e.size : 0).padStart(Math.max(1, 18 - owner.length));
  const link =
    e.type === 'symlink'
      ? ` -> ${e.linkTarget}`
      : e.type === 'hardlink'
        ? ` link to ${e.linkTarget}`
        : '';
  return `${modeString(e)} ${owner} ${size} ${when} ${name}${link}\n`;
}

async function archiveBytes(
  o: TarOptions,
  ctx: CommandCtx,
  svc: MachineServices,
): Promise<Uint8Array | ExecResult> {
  const label = o.file ?? '-';
  let raw: Uint8Array;
  try {
    raw = label === '-' ? stdinBytes(ctx) : await readBytes(ctx, label);
  } catch (err) {
    return fail(`tar: ${label}: Cannot open: ${errnoText(err)}\n${FATAL}`, 2);
  }
  if (o.compress === 'bzip2')
    return fail(`tar: bzip2: Cannot exec: No such file or directory\n${FATAL}`, 2);
  const xz = isXzMagic(raw);
  if (o.compress === 'xz' && !xz) {
    return fail(
      `xz: (stdin): File format not recognized\ntar: Child returned status 1\n${FATAL}`,
      2,
    );
  }
  try {
    if (xz) return (await svc.decodeXz(raw)).bytes;
    if (isGzip(raw)) return await gunzip(raw);
  } catch (err) {
    const tool = xz ? 'xz' : 'gzip';
    return fail(`${tool}: (stdin): ${xzMessage(err)}\ntar: Child returned status 1\n${FATAL}`, 2);
  }
  if (o.compress === 'gzip')
    return fail(`gzip: stdin: not in gzip format\ntar: Child returned status 1\n${FATAL}`, 2);
  return raw;
}

function selected(o: TarOptions, e: TarEntry): boolean {
  if (!o.members.length) return true;
  return o.members.some((m) => {
    const want = m.replace(/^\.\//, '').replace(/\/+$/, '');
    return e.path === want || e.path.startsWith(`${want}/`);
  });
}

async function extract(index: TarIndex, o: TarOptions, ctx: CommandCtx): Promise<ExecResult> {
  const bytes = index.bytes;
  const dest = resolve(ctx, o.dir ?? '.');
  try {
    if (!(await ctx.fs.stat(dest)).isDirectory) throw new Error('ENOTDIR');
  } catch (err) {
    return fail(`tar: ${o.dir ?? '.'}: Cannot open: ${errnoText(err)}\n${FATAL}`, 2);
  }
  const made = new Set<string>([dest]);
  const mkdirs = async (dir: string): Promise<void> => {
    if (made.has(dir)) return;
    await ctx.fs.mkdir(dir, { recursive: true });
    made.add(dir);
  };
  let stdout = '';
  const out: Uint8Array[] = [];
  for (const e of index.entries) {
    const parts = e.path.split('/').filter(Boolean).slice(o.strip);
    if (!parts.length || !selected(o, e)) continue;
    const path = `${dest === '/' ? '' : dest}/${parts.join('/')}`;
    const name = e.name;
    if (o.verbose) stdout += listLine(e, o.verbose - 1);
    try {
      if (o.toStdout) {
        if (e.type === 'file') out.push(bytes.subarray(e.dataOffset, e.dataOffset + e.size));
        continue;
      }
      const parent = path.slice(0, path.lastIndexOf('/')) || '/';
      await mkdirs(parent);
      if (e.type === 'directory') {
        await mkdirs(path);
        if (e.mode !== 0o755) await ctx.fs.chmod(path, e.mode);
      } else if (e.type === 'file') {
        // A view into the decoded archive: the tmpfs holds no second copy.
        await ctx.fs.writeFile(path, bytes.subarray(e.dataOffset, e.dataOffset + e.size));
        if (e.mode !== 0o644) await ctx.fs.chmod(path, e.mode);
      } else if (e.type === 'symlink') {
        await ctx.fs.rm(path, { force: true });
        await ctx.fs.symlink(e.linkTarget ?? '', path);
      } else if (e.type === 'hardlink') {
        await ctx.fs.rm(path, { force: true });
        await ctx.fs.link(
          `${dest}/${(e.linkPath ?? '').split('/').slice(o.strip).join('/')}`,
          path,
        );
      }
    } catch (err) {
      const text = errnoText(err);
      if (/^EINTR/.test(err instanceof Error ? err.message : '')) throw err;
      const verb =
        e.type === 'file' && text === 'No space left on device'
          ? 'Cannot write'
          : e.type === 'directory'
            ? 'Cannot mkdir'
            : 'Cannot open';
      // GNU tar goes on to the next member; with the disk full every one fails alike, so stop here.
      return fail(`tar: ${name}: ${verb}: ${text}\n${FAILED}`, 2, stdout);
    }
  }
  if (o.toStdout) {
    const total = out.reduce((n, b) => n + b.length, 0);
    const all = new Uint8Array(total);
    out.reduce((at, b) => (all.set(b, at), at + b.length), 0);
    return bytesOut(all);
  }
  return { stdout, stderr: '', exitCode: 0 };
}

/**
 * A decoded archive is the same buffer each time (the decode cache keeps
 * it), so its index is kept beside it: the second `tar -xf` or `tar -tf`
 * of /sys/kernel/kheaders.tar.xz skips the 6,691-member walk.
 */
const indexes = new WeakMap<Uint8Array, TarIndex>();
function indexOf(bytes: Uint8Array): TarIndex {
  let index = indexes.get(bytes);
  if (!index) indexes.set(bytes, (index = indexTarUntilError(bytes)));
  return index;
}

export function tarCommand(svc: MachineServices): Command {
  return command('tar', async (args, ctx) => {
    let o: TarOptions;
    try {
      o = parseTarArgs(args);
    } catch (err) {
      if (err instanceof TarUsageError) return fail(err.message, 2);
      throw err;
    }
    if (o.mode !== 'x' && o.mode !== 't') {
      if (o.compress === 'xz') {
        return fail(
          `tar: xz: Cannot exec: the playground carries only the kernel's xz decoder\n${FATAL}`,
          2,
        );
      }
      return ctx.origCommand ? ctx.origCommand(args) : fail(`tar: -${o.mode}: not supported\n`, 2);
    }
    const bytes = await archiveBytes(o, ctx, svc);
    if (!(bytes instanceof Uint8Array)) return bytes;
    const index = indexOf(bytes);
    if (index.entries.length === 0) {
      return fail(`tar: This does not look like a tar archive\n${FATAL}`, 2);
    }
    const result =
      o.mode === 't'
        ? {
            stdout: index.entries
              .filter((e) => selected(o, e))
              .map((e) => listLine(e, o.verbose))
              .join(''),
            stderr: '',
            exitCode: 0,
          }
        : await extract(index, o, ctx);
    if (index.error && result.exitCode === 0) {
      return fail(`${index.error.message}\n${FAILED}`, 2, result.stdout);
    }
    return result;
  });
}
