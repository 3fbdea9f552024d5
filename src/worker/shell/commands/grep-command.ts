/**
 * grep: just-bash's, with the directory walk of `-r`/`-R` done here. Its
 * own walk gathers a directory's files into one array and spreads it into
 * another (`push(...files)`), which passes every name as an argument: over
 * 99,000 files a worker's stack gives out ("Maximum call stack size
 * exceeded"). Here the walk is a loop over an explicit stack, and the files
 * go to just-bash's grep in batches, so the stack stays flat whatever the
 * tree. Matching, options and messages stay just-bash's; as GNU grep, the
 * walk enters dot-directories, follows symlinks met on the way only under
 * -R, and names files under `dir/` as `dir/file`.
 */
import type { Command } from 'just-bash';
import { fail, resolve, type CommandCtx, command } from '../command-kit';

/** Files handed to one run of just-bash's grep: a few thousand arguments, far below any stack. */
export const GREP_BATCH_FILES = 2_000;

/**
 * Up to this many files, a tree with no dot-names and no symlink to a
 * directory (nor any symlink under -R) goes to
 * just-bash's own walk, which knows each file's type from its listing:
 * handing it the names instead costs a stat per file (grep -r over the
 * kheaders tree took twice as long). Its spread stays far below the stack.
 */
const OWN_WALK_MAX_FILES = 20_000;

/** Options that take the next argument, as just-bash's grep parses them. */
const TAKES_VALUE = /^-[efmABC]$/;

interface GrepLine {
  /** Everything but the operands, in order, the pattern as `-e` when it was positional. */
  options: string[];
  operands: string[];
  recursive: boolean;
  /** -R (or --dereference-recursive): follow symlinks met in the walk. */
  dereference: boolean;
  quiet: boolean;
  excludeDirs: string[];
}

/** The line as just-bash's grep reads it (its parser: -e/-f/-m/-A/-B/-C take a value, `--` ends options). */
function parseLine(args: string[]): GrepLine {
  const line: GrepLine = {
    options: [],
    operands: [],
    recursive: false,
    dereference: false,
    quiet: false,
    excludeDirs: [],
  };
  let optionsEnd = false;
  let patternByOption = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (optionsEnd || !a.startsWith('-') || a === '-') {
      line.operands.push(a);
    } else if (a === '--') {
      optionsEnd = true;
    } else if (TAKES_VALUE.test(a)) {
      if (a === '-e' || a === '-f') patternByOption = true;
      line.options.push(a, args[++i] ?? '');
    } else if (a === '--dereference-recursive') {
      line.recursive = line.dereference = true;
      line.options.push('-r');
    } else {
      if (a.startsWith('--file=')) patternByOption = true;
      if (a.startsWith('--exclude-dir=')) line.excludeDirs.push(a.slice(14));
      if (a === '--recursive') line.recursive = true;
      if (a === '--quiet' || a === '--silent') line.quiet = true;
      if (/^-[a-zA-Z]/.test(a) && !/^-[mABC]\d/.test(a)) {
        // Bundled letters; an f takes the rest of the word, or the next argument.
        const f = a.indexOf('f');
        const letters = f < 0 ? a.slice(1) : a.slice(1, f);
        if (/[rR]/.test(letters)) line.recursive = true;
        if (letters.includes('R')) line.dereference = true;
        if (letters.includes('q')) line.quiet = true;
        if (f >= 0) {
          patternByOption = true;
          if (f === a.length - 1) {
            line.options.push(a, args[++i] ?? '');
            continue;
          }
        }
      }
      line.options.push(a);
    }
  }
  // Without -e or -f the first positional is the pattern; it travels as -e, before the files.
  if (!patternByOption && line.operands.length) line.options.push('-e', line.operands.shift()!);
  return line;
}

/** A glob of --exclude-dir against one name (`*`, `?` as the shell reads them). */
function globMatch(glob: string, name: string): boolean {
  const body = glob
    .replace(/[.+^${}()|\\[\]]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`).test(name);
}

/**
 * The files under each operand, in depth-first order of sorted listings, as
 * the names grep prints (`dir/sub/file`). Operands that are not directories
 * (files, missing names) pass through for grep to read or report.
 */
async function walkOperands(
  ctx: CommandCtx,
  line: GrepLine,
): Promise<{ files: string[]; plain: boolean }> {
  const files: string[] = [];
  /** No dot-name and no symlink it would treat otherwise: just-bash's walk finds the same files. */
  let plain = true;
  const skipDir = (name: string) => line.excludeDirs.some((g) => globMatch(g, name));
  const operands = line.operands.length ? line.operands : ['.'];
  for (const op of operands) {
    const shownRoot = line.operands.length ? op.replace(/(.)\/+$/, '$1') : '';
    const path = resolve(ctx, op);
    const isDir = await ctx.fs.stat(path).then(
      (st) => st.isDirectory,
      () => false,
    );
    if (!isDir) {
      files.push(op);
      continue;
    }
    // An explicit stack of directories still to list: no recursion, however deep or wide.
    const todo: [string, string][] = [[path, shownRoot]];
    while (todo.length) {
      if (ctx.signal?.aborted) return { files, plain: false };
      const [dir, shown] = todo.pop()!;
      const entries = await listDir(ctx, dir);
      const subdirs: [string, string][] = [];
      const base = dir === '/' ? '' : dir;
      for (const e of entries) {
        const name = shown === '' ? e.name : shown === '/' ? `/${e.name}` : `${shown}/${e.name}`;
        let isDirectory = e.isDirectory;
        if (e.name.startsWith('.')) plain = false;
        if (e.isSymbolicLink) {
          isDirectory = await ctx.fs.stat(`${base}/${e.name}`).then(
            (st) => st.isDirectory,
            () => false,
          );
          // just-bash's walk skips a symlink to a file, as GNU's -r does (the
          // kheaders tree has three), but enters one to a directory.
          if (isDirectory || line.dereference) plain = false;
          if (!line.dereference) continue; // GNU grep -r skips symlinks it meets
        }
        if (isDirectory) {
          if (!skipDir(e.name)) subdirs.push([`${base}/${e.name}`, name]);
        } else files.push(name);
      }
      // Pushed in reverse so the first subdirectory is walked first.
      for (let i = subdirs.length - 1; i >= 0; i--) todo.push(subdirs[i]!);
    }
  }
  return { files, plain };
}

type Listed = { name: string; isDirectory: boolean; isSymbolicLink: boolean };

async function listDir(ctx: CommandCtx, dir: string): Promise<Listed[]> {
  try {
    if (ctx.fs.readdirWithFileTypes) return await ctx.fs.readdirWithFileTypes(dir);
    const names = await ctx.fs.readdir(dir);
    const out: Listed[] = [];
    for (const name of names) {
      const st = await ctx.fs.lstat(`${dir === '/' ? '' : dir}/${name}`);
      out.push({ name, isDirectory: st.isDirectory, isSymbolicLink: st.isSymbolicLink });
    }
    return out;
  } catch {
    return []; // unreadable directories are skipped, as a directory that vanished mid-walk
  }
}

export function grepCommand(): Command {
  return command('grep', async (args, ctx) => {
    const orig = ctx.origCommand;
    if (!orig) return fail('grep: unavailable\n', 2);
    const line = parseLine(args);
    if (!line.recursive) return orig(args);
    const { files, plain } = await walkOperands(ctx, line);
    if (!files.length) return { stdout: '', stderr: '', exitCode: 1 };
    if (plain && files.length <= OWN_WALK_MAX_FILES && line.operands.length) {
      // GNU names files under `dir/` as `dir/file`: the operands lose their trailing slash.
      const operands = line.operands.map((op) => op.replace(/(.)\/+$/, '$1'));
      return orig([...line.options, '--', ...operands]);
    }
    let stdout = '';
    let stderr = '';
    let matched = false;
    let failed = false;
    for (let i = 0; i < files.length; i += GREP_BATCH_FILES) {
      if (ctx.signal?.aborted) break;
      // -r stays in the options: just-bash then names every file, as GNU does under -r.
      const r = await orig([...line.options, '--', ...files.slice(i, i + GREP_BATCH_FILES)]);
      stdout += r.stdout;
      stderr += r.stderr;
      if (r.exitCode === 0) matched = true;
      else if (r.exitCode !== 1) failed = true;
      if (matched && line.quiet) break;
    }
    return { stdout, stderr, exitCode: failed && !(matched && line.quiet) ? 2 : matched ? 0 : 1 };
  });
}
