/**
 * GNU stat (coreutils 9.1, src/stat.c): -c/--format, --printf, -L, -t and
 * the default layout, with the format sequences people use. Owners come
 * from the mount table (vfs/file-owners.ts), named from /etc/passwd's accounts.
 */
import type { Command } from 'just-bash';
import { inodeFacts, readMounts, type InodeFacts } from '../../vfs/inode-facts';
import { modeString } from '../../vfs/mode-string';
import { fail, resolve, command } from '../command-kit';
import { errnoText } from '../../vfs/errno';
import { groupName, userName } from '../../kernel/users';

/** `drwxr-xr-x` for a file of this machine (directories, links and regular files only). */
export function fileModeString(f: Pick<InodeFacts, 'st'>): string {
  return modeString(f.st.isDirectory ? 'd' : f.st.isSymbolicLink ? 'l' : '-', f.st.mode);
}

function fileType(f: InodeFacts): string {
  if (f.st.isDirectory) return 'directory';
  if (f.st.isSymbolicLink) return 'symbolic link';
  return f.size === 0 ? 'regular empty file' : 'regular file';
}

/** `2026-07-02 13:50:42.000000000 +0000`: stat's timestamps, in UTC (the machine's zone). */
export function statTime(d: Date): string {
  const iso = d.toISOString();
  const nanos = `${String(d.getUTCMilliseconds()).padStart(3, '0')}000000`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${nanos} +0000`;
}

/** Quoted as GNU's shell-escape-always style does for %N. */
function quote(name: string): string {
  return `'${name.replace(/'/g, `'\\''`)}'`;
}

/** The default format for a file (stat.c default_format), in GNU's own %-sequences. */
const DEFAULT_FORMAT =
  '  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n' +
  'Device: %Hd,%Ld\tInode: %-10i  Links: %h\n' +
  'Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\n' +
  'Access: %x\nModify: %y\nChange: %z\n Birth: %w\n';

const TERSE_FORMAT = '%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %W %o\n';

interface Named {
  f: InodeFacts;
  name: string;
  target?: string;
  /** When this machine's tmpfs created it; else unknown ("-"). */
  birth?: Date;
}

function directive(n: Named, conv: string, mods: string): string | undefined {
  const { f } = n;
  const secs = (d: Date): string => String(Math.floor(d.getTime() / 1000));
  switch (conv) {
    case 'a':
      return (f.st.mode & 0o7777).toString(8);
    case 'A':
      return fileModeString(f);
    case 'b':
      return String(f.blocks);
    case 'B':
      return '512';
    case 'd':
      return mods === 'H'
        ? String(f.major)
        : mods === 'L'
          ? String(f.minor)
          : String(f.major * 256 + f.minor);
    case 'D':
      return (f.major * 256 + f.minor).toString(16);
    case 'f':
      return (
        (f.st.isDirectory ? 0o40000 : f.st.isSymbolicLink ? 0o120000 : 0o100000) | f.st.mode
      ).toString(16);
    case 'F':
      return fileType(f);
    case 'u':
      return String(f.uid);
    case 'g':
      return String(f.gid);
    case 'U':
      return userName(f.uid);
    case 'G':
      return groupName(f.gid);
    case 'h':
      return String(f.nlink);
    case 'i':
      return String(f.ino);
    case 'm':
      return f.mount.path;
    case 'n':
      return n.name;
    case 'N':
      return n.target === undefined ? quote(n.name) : `${quote(n.name)} -> ${quote(n.target)}`;
    case 'o':
      return String(f.ioBlock);
    case 's':
      return String(f.size);
    case 't':
    case 'T':
      return '0';
    case 'w':
      return n.birth ? statTime(n.birth) : '-';
    case 'W':
      return n.birth ? secs(n.birth) : '0';
    case 'x':
    case 'y':
    case 'z':
      return statTime(f.st.mtime);
    case 'X':
    case 'Y':
    case 'Z':
      return secs(f.st.mtime);
    default:
      return undefined;
  }
}

const SEQUENCE = /%([-#0 +']*)(\d*)(?:\.(\d+))?([HL]?)([a-zA-Z%])|%$/g;

/** Expands one format for one file, as stat.c's print_it does. */
function render(format: string, n: Named): string {
  return format.replace(
    SEQUENCE,
    (
      all,
      flags: string = '',
      width: string = '',
      prec: string | undefined,
      mods = '',
      conv = '',
    ) => {
      if (all === '%' || conv === '%') return all === '%' ? '%' : '%';
      let v = directive(n, conv, mods as string);
      if (v === undefined) return `?`;
      if (conv === 'a' && flags.includes('#')) v = `0${v}`;
      if (prec !== undefined) {
        v = /^\d+$/.test(v) ? v.padStart(Number(prec), '0') : v.slice(0, Number(prec));
      }
      const w = Number(width || 0);
      if (flags.includes('-')) return v.padEnd(w);
      if (flags.includes('0') && /^\d+$/.test(v)) return v.padStart(w, '0');
      return v.padStart(w);
    },
  );
}

/** --printf's backslash escapes (\n, \t, \\, \0NNN). */
function unescape(s: string): string {
  const map: Record<string, string> = {
    n: '\n',
    t: '\t',
    '\\': '\\',
    '"': '"',
    a: '\x07',
    r: '\r',
  };
  return s.replace(/\\(0[0-7]{0,3}|.)/g, (_a, c: string) =>
    c.startsWith('0') ? String.fromCharCode(parseInt(c, 8)) : (map[c] ?? `\\${c}`),
  );
}

export function statCommand(): Command {
  return command('stat', async (args, ctx) => {
    let format: string | undefined;
    let follow = false;
    let terse = false;
    const files: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-c' || a === '--format') format = `${args[++i] ?? ''}\n`;
      else if (a.startsWith('--format=')) format = `${a.slice(9)}\n`;
      else if (a === '--printf') format = unescape(args[++i] ?? '');
      else if (a.startsWith('--printf=')) format = unescape(a.slice(9));
      else if (a === '-L' || a === '--dereference') follow = true;
      else if (a === '-t' || a === '--terse') terse = true;
      else if (/^-c./.test(a)) format = `${a.slice(2)}\n`;
      else if (a.startsWith('-') && a !== '-') {
        return fail(
          `stat: invalid option -- '${a[1] ?? ''}'\nTry 'stat --help' for more information.\n`,
        );
      } else files.push(a);
    }
    if (!files.length)
      return fail(`stat: missing operand\nTry 'stat --help' for more information.\n`);
    const mounts = await readMounts(ctx.fs);
    let stdout = '';
    let stderr = '';
    for (const name of files) {
      const path = resolve(ctx, name);
      try {
        const f = await inodeFacts(ctx.fs, path, follow, mounts);
        const target = f.st.isSymbolicLink ? await ctx.fs.readlink(path) : undefined;
        // tmpfs keeps a birth time (mm/shmem.c); we know none apart from mtime.
        const birth = f.mount.type === 'tmpfs' ? f.st.mtime : undefined;
        const n: Named = { f, name, target, birth };
        let fmt = format ?? (terse ? TERSE_FORMAT : DEFAULT_FORMAT);
        if (!format && !terse && n.target === undefined) fmt = fmt.replace('%N', '%n');
        stdout += render(fmt, n);
      } catch (err) {
        stderr += `stat: cannot statx '${name}': ${errnoText(err)}\n`;
      }
    }
    return { stdout, stderr, exitCode: stderr ? 1 : 0 };
  });
}
