/**
 * tar, GNU style: -x and -t read the archive with our zero-copy tar index
 * (src/worker/tar) after our xz decoder, detecting xz and gzip by their
 * magic as GNU tar does on extraction; extracted files are views into the
 * decoded archive (no copy). Creating archives is left to just-bash's tar.
 */
import type { Command, ExecResult } from 'just-bash';
import { hasMagic } from '../../../common/file-format';
import { gunzip } from '../../kernel/gzip';
import type { TarEntry } from '../../tar/tar-entry';
import { indexTarUntilError, type TarIndex } from '../../tar/tar-index';
import {
  bytesOut,
  fail,
  readBytes,
  resolve,
  stdinBytes,
  type CommandCtx,
  type MachineServices,
  command,
  onPath,
} from '../command-kit';
import { errnoText, FsError, isErrno, limitText, type SizeLimit } from '../../vfs/errno';
import { modeString, type TypeLetter } from '../../vfs/mode-string';
import { XzError } from '../../xz/xz-error';
import { xzMessage } from '../xz-messages';
import { decodedBeforeError } from '../xz-partial';
import { parseTarArgs, TarUsageError, type TarOptions } from './tar-options';
import { Complaints } from './tar-complaints';
import { mountOf, readMounts, type MountPoint } from '../../vfs/inode-facts';

const FAILED = 'tar: Exiting with failure status due to previous errors\n';
const FATAL = 'tar: Error is not recoverable: exiting now\n';

/** GNU tar lists a hard link as a regular file (and says what it links to). */
const TYPE_LETTER: Record<TarEntry['type'], TypeLetter> = {
  directory: 'd',
  symlink: 'l',
  hardlink: '-',
  'character-device': 'c',
  'block-device': 'b',
  fifo: 'p',
  file: '-',
};

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
  return `${modeString(TYPE_LETTER[e.type], e.mode)} ${owner} ${size} ${when} ${name}${link}\n`;
}

/** The tar stream, and what its filter said if damage cut it short (GNU reads on up to there). */
interface ArchiveData {
  bytes: Uint8Array;
  damage?: string;
}

async function archiveBytes(
  o: TarOptions,
  ctx: CommandCtx,
  svc: MachineServices,
): Promise<ArchiveData | ExecResult> {
  const label = o.file ?? '-';
  let raw: Uint8Array;
  try {
    raw = label === '-' ? stdinBytes(ctx) : await readBytes(ctx, label);
  } catch (err) {
    return fail(`tar: ${label}: Cannot open: ${errnoText(err)}\n${FATAL}`, 2);
  }
  if (o.compress === 'bzip2')
    return fail(`tar: bzip2: Cannot exec: No such file or directory\n${FATAL}`, 2);
  // An explicit -J or -z runs that filter whatever the data is, as GNU does;
  // only without one (or with -a) does tar look at the magic.
  const auto = o.compress === undefined || o.compress === 'auto';
  const xz = o.compress === 'xz' || (auto && hasMagic(raw, 'xz'));
  const gz = o.compress === 'gzip' || (auto && !xz && hasMagic(raw, 'gzip'));
  // tar runs xz as a child (GNU tar's -I/-J filters); an image without xz-utils has none to run.
  if (xz && !(await onPath(ctx, 'xz')))
    return fail(
      `tar (child): xz: Cannot exec: No such file or directory\ntar (child): Error is not recoverable: exiting now\ntar: Child returned status 2\n${FATAL}`,
      2,
    );
  if (xz && !hasMagic(raw, 'xz')) {
    return fail(
      `xz: (stdin): File format not recognized\ntar: Child returned status 1\n${FATAL}`,
      2,
    );
  }
  if (gz && !hasMagic(raw, 'gzip'))
    // gzip starts this complaint on a fresh line (gzip.c get_method).
    return fail(`\ngzip: stdin: not in gzip format\ntar: Child returned status 1\n${FATAL}`, 2);
  // From a pipe GNU tar cannot re-open the archive through a filter, so it asks for one.
  if (auto && label === '-' && (xz || gz))
    return fail(`tar: Archive is compressed. Use ${xz ? '-J' : '-z'} option\n${FATAL}`, 2);
  try {
    if (xz) return { bytes: (await svc.decodeXz(raw)).bytes };
    if (gz) return { bytes: await gunzip(raw) };
  } catch (err) {
    if (xz && err instanceof XzError) {
      // xz wrote what it decoded before the damage; tar reads members up to it.
      return { bytes: await decodedBeforeError(raw), damage: `xz: (stdin): ${xzMessage(err)}\n` };
    }
    const tool = xz ? 'xz' : 'gzip';
    return fail(`${tool}: (stdin): ${xzMessage(err)}\ntar: Child returned status 1\n${FATAL}`, 2);
  }
  return { bytes: raw };
}

/** A member's name in GNU's messages: as stored, made safe, without a trailing slash. */
function shownName(e: TarEntry): string {
  return e.sanitizedFrom ? e.path : e.name.replace(/\/+$/, '');
}

function selected(o: TarOptions, e: TarEntry): boolean {
  if (!o.members.length) return true;
  return o.members.some((m) => {
    const want = m.replace(/^\.\//, '').replace(/\/+$/, '');
    return e.path === want || e.path.startsWith(`${want}/`);
  });
}

/**
 * The member's mtime, which GNU tar restores on extraction. gen_kheaders.sh
 * stamps one for all, so the extraction's last Date is usually the one wanted.
 */
function memberTime(x: Extraction, e: TarEntry): Date {
  if (x.lastTime?.getTime() !== e.mtime * 1000) x.lastTime = new Date(e.mtime * 1000);
  return x.lastTime;
}

/** What extracting members needs at hand, and the directories known to exist. */
interface Extraction {
  fs: CommandCtx['fs'];
  bytes: Uint8Array;
  dest: string;
  strip: number;
  /** -m: leave every member the time it was written. */
  touch: boolean;
  /** The last member time made (memberTime). */
  lastTime?: Date;
  /** Each directory is made once, not once per member under it. */
  made: Set<string>;
  /** Directories get their mtimes last, as GNU tar delays them past their contents. */
  dirTimes: [string, Date][];
  /** The limit the first ENOSPC named (tmpfs.bytes), and the mounts, read then. */
  fullLimit?: SizeLimit;
  mounts?: MountPoint[];
}

const NO_SPACE_COMPLAINT = 'Cannot write: No space left on device';

/** The mount a member did not fit in, and the limit its error named ("tmpfs.bytes = 96.0 MiB"). */
async function fullMount(x: Extraction, path: string): Promise<[string, string]> {
  x.mounts ??= await readMounts(x.fs);
  return [mountOf(x.mounts, path).path, x.fullLimit ? limitText(x.fullLimit) : 'its size'];
}

/**
 * Where a member lands: under the destination after --strip-components,
 * the destination itself for the archive's './'; undefined when stripping
 * leaves nothing.
 */
function landing(x: Extraction, path: string): string | undefined {
  if (!path) return x.strip ? undefined : x.dest;
  // Entry paths have no empty, '.' or '..' components (see TarEntry.path).
  const rest = x.strip ? path.split('/').slice(x.strip).join('/') : path;
  if (!rest) return undefined;
  return x.dest === '/' ? `/${rest}` : `${x.dest}/${rest}`;
}

async function makeDir(x: Extraction, dir: string): Promise<void> {
  await x.fs.mkdir(dir, { recursive: true });
  x.made.add(dir);
}

/**
 * A regular file, as a view into the decoded archive: the tmpfs holds no
 * second copy. Resolves to GNU's complaint when its data did not fit.
 */
async function writeMemberFile(
  x: Extraction,
  e: TarEntry,
  path: string,
): Promise<string | undefined> {
  let complaint: string | undefined;
  try {
    await x.fs.writeFile(path, x.bytes.subarray(e.dataOffset, e.dataOffset + e.size));
  } catch (err) {
    if (!isErrno(err, 'ENOSPC')) throw err;
    // GNU's open() made the file before write() found no room, so it stays,
    // empty. (GNU keeps whatever part of a file fitted and says "Wrote only
    // N of M bytes"; our tmpfs takes a file's data whole or not at all.)
    await x.fs.writeFile(path, new Uint8Array(0));
    x.fullLimit ??= err.limit;
    complaint = NO_SPACE_COMPLAINT;
  }
  if (e.mode !== 0o644) await x.fs.chmod(path, e.mode);
  if (!x.touch) {
    const when = memberTime(x, e);
    await x.fs.utimes(path, when, when);
  }
  return complaint;
}

/** GNU tar's words for a member it could not create, before the reason. */
function cannotCreate(e: TarEntry): string {
  if (e.type === 'directory') return 'Cannot mkdir';
  if (e.type === 'symlink') return `Cannot create symlink to '${e.linkTarget ?? ''}'`;
  if (e.type === 'hardlink') return `Cannot hard link to '${e.linkPath ?? ''}'`;
  return 'Cannot open';
}

/** Creates one member at `path`; resolves to what GNU tar says when it cannot, else undefined. */
async function extractMember(
  x: Extraction,
  e: TarEntry,
  path: string,
): Promise<string | undefined> {
  try {
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    if (!x.made.has(parent)) await makeDir(x, parent);
    if (e.type === 'file') return await writeMemberFile(x, e, path);
    if (e.type === 'directory') {
      if (!x.made.has(path)) await makeDir(x, path);
      if (e.mode !== 0o755) await x.fs.chmod(path, e.mode);
      if (!x.touch) x.dirTimes.push([path, memberTime(x, e)]);
    } else if (e.type === 'symlink') {
      await x.fs.rm(path, { force: true });
      await x.fs.symlink(e.linkTarget ?? '', path);
    } else if (e.type === 'hardlink') {
      await x.fs.rm(path, { force: true });
      await x.fs.link(landing(x, e.linkPath ?? '') ?? x.dest, path);
    }
    return undefined;
  } catch (err) {
    if (isErrno(err, 'EINTR')) throw err;
    return `${cannotCreate(e)}: ${errnoText(err)}`;
  }
}

/**
 * Extracts as GNU tar 1.34 does: a member that cannot be created or
 * written gets its line and the next member is tried, so on a full tmpfs
 * directories, links and empty files are still made; any failure ends
 * with status 2.
 */
async function extract(index: TarIndex, o: TarOptions, ctx: CommandCtx): Promise<ExecResult> {
  const dest = resolve(ctx, o.dir ?? '.');
  try {
    if (!(await ctx.fs.stat(dest)).isDirectory) throw new FsError('ENOTDIR', 'open', dest);
  } catch (err) {
    return fail(`tar: ${o.dir ?? '.'}: Cannot open: ${errnoText(err)}\n${FATAL}`, 2);
  }
  const x: Extraction = {
    fs: ctx.fs,
    bytes: index.bytes,
    dest,
    strip: o.strip,
    touch: o.touch,
    made: new Set([dest]),
    dirTimes: [],
  };
  const complaints = new Complaints(ctx.limits.maxOutputSize);
  let stdout = '';
  const out: Uint8Array[] = [];
  for (const e of index.entries) {
    const path = landing(x, e.path);
    if (path === undefined || !selected(o, e)) continue;
    if (o.verbose) stdout += listLine(e, o.verbose - 1);
    if (o.toStdout) {
      if (e.type === 'file') out.push(x.bytes.subarray(e.dataOffset, e.dataOffset + e.size));
      continue;
    }
    const complaint = await extractMember(x, e, path);
    if (complaint === NO_SPACE_COMPLAINT) complaints.diskFull(...(await fullMount(x, path)));
    if (complaint && !complaints.add(shownName(e), complaint)) {
      const limit = `tar: output size limit exceeded (${ctx.limits.maxOutputSize} bytes)\n`;
      return fail(`${complaints.text}${limit}${FATAL}`, 2, stdout);
    }
  }
  for (const [path, when] of x.dirTimes) await ctx.fs.utimes(path, when, when).catch(() => {});
  if (complaints.count) {
    // A damaged archive's own message comes after its members', as GNU reads on to it.
    const damaged = index.error ? `${index.error.message}\n` : '';
    return fail(`${complaints.text}${damaged}${FAILED}`, 2, stdout);
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

/**
 * An archive whose compressed data ends early: GNU tar lists or extracts
 * the members that decoded, names the member it was inside (listing it),
 * then reports the filter's error and the early end, status 2.
 */
async function cutShort(
  index: TarIndex,
  o: TarOptions,
  ctx: CommandCtx,
  damage: string,
): Promise<ExecResult> {
  const eof = 'tar: Unexpected EOF in archive\n';
  const inside = index.error?.entryName;
  if (o.mode === 't') {
    const listed = index.entries.filter((e) => selected(o, e)).map((e) => listLine(e, o.verbose));
    if (inside !== undefined && !o.verbose) listed.push(`${inside}\n`);
    return fail(`${damage}${eof}${FATAL}`, 2, listed.join(''));
  }
  const r = await extract(index, o, ctx);
  // Extraction meets the end twice: reading the member, then closing it.
  return fail(`${r.stderr}${damage}${eof}${eof}${FATAL}`, 2, r.stdout);
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
    const data = await archiveBytes(o, ctx, svc);
    if ('exitCode' in data) return data;
    const index = indexOf(data.bytes);
    if (data.damage) return cutShort(index, o, ctx, data.damage);
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
