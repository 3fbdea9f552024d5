/**
 * GNU rm (coreutils 9.1, src/rm.c and remove.c) for what users meet here:
 * -f hides only "No such file or directory" and a missing operand, never a
 * refusal; -r removes a tree bottom up, says which entries it could not
 * remove (each with its errno's text) and leaves the directories that still
 * hold them without a word, as fts-based rm does. Who may remove what is
 * the mount table's (vfs/file-owners.ts): EACCES in a directory the user
 * cannot write, EPERM for someone else's name in a sticky one like /tmp.
 * Not here: the prompts rm puts to a terminal for write-protected files.
 */
import type { Command } from 'just-bash';
import { errnoText } from '../../vfs/errno';
import { command, resolve, type CommandCtx } from '../command-kit';

const tryHelp = "Try 'rm --help' for more information.\n";

interface Flags {
  recursive: boolean;
  force: boolean;
  verbose: boolean;
  dir: boolean;
}

export function rmCommand(): Command {
  return command('rm', async (args, ctx) => {
    const f: Flags = { recursive: false, force: false, verbose: false, dir: false };
    const operands: string[] = [];
    let options = true;
    for (const a of args) {
      if (options && a === '--') options = false;
      else if (options && a.startsWith('--') && a.length > 2) {
        const long: Record<string, keyof Flags> = {
          recursive: 'recursive',
          force: 'force',
          verbose: 'verbose',
          dir: 'dir',
        };
        const k = long[a.slice(2)];
        if (!k)
          return { stdout: '', stderr: `rm: unrecognized option '${a}'\n${tryHelp}`, exitCode: 1 };
        f[k] = true;
      } else if (options && a.startsWith('-') && a.length > 1) {
        for (const c of a.slice(1)) {
          if (c === 'r' || c === 'R') f.recursive = true;
          else if (c === 'f') f.force = true;
          else if (c === 'v') f.verbose = true;
          else if (c === 'd') f.dir = true;
          else if (c === 'i' || c === 'I') continue;
          else
            return { stdout: '', stderr: `rm: invalid option -- '${c}'\n${tryHelp}`, exitCode: 1 };
        }
      } else operands.push(a);
    }
    if (!operands.length)
      return f.force
        ? { stdout: '', stderr: '', exitCode: 0 }
        : { stdout: '', stderr: `rm: missing operand\n${tryHelp}`, exitCode: 1 };
    const out = { stdout: '', stderr: '', exitCode: 0 };
    for (const op of operands) await removeOne(ctx, op, f, out);
    return out;
  });
}

type Out = { stdout: string; stderr: string; exitCode: number };

async function removeOne(ctx: CommandCtx, op: string, f: Flags, out: Out): Promise<void> {
  const path = resolve(ctx, op);
  const say = (name: string, err: unknown) => {
    out.stderr += `rm: cannot remove '${name}': ${errnoText(err)}\n`;
    out.exitCode = 1;
  };
  let st;
  try {
    st = await ctx.fs.lstat(path);
  } catch (err) {
    if (!f.force) say(op, err);
    return;
  }
  if (st.isDirectory && !f.recursive) {
    const empty = f.dir && (await ctx.fs.readdir(path)).length === 0;
    if (!empty) {
      out.stderr += `rm: cannot remove '${op}': Is a directory\n`;
      out.exitCode = 1;
      return;
    }
  }
  if (!st.isDirectory) {
    try {
      await ctx.fs.rm(path);
      if (f.verbose) out.stdout += `removed '${op}'\n`;
    } catch (err) {
      say(op, err);
    }
    return;
  }
  // Bottom up, as fts hands rm a tree: a directory is tried only once all it held is gone.
  const removeTree = async (dir: string, name: string): Promise<boolean> => {
    let clean = true;
    const names = await ctx.fs.readdir(dir).catch(() => []);
    for (const n of names) {
      const child = `${dir === '/' ? '' : dir}/${n}`;
      const label = `${name}/${n}`;
      const cst = await ctx.fs.lstat(child).catch(() => undefined);
      if (cst?.isDirectory) clean = (await removeTree(child, label)) && clean;
      else {
        try {
          await ctx.fs.rm(child);
          if (f.verbose) out.stdout += `removed '${label}'\n`;
        } catch (err) {
          say(label, err);
          clean = false;
        }
      }
    }
    if (!clean) return false;
    try {
      await ctx.fs.rm(dir, { recursive: true });
      if (f.verbose) out.stdout += `removed directory '${name}'\n`;
      return true;
    } catch (err) {
      say(name, err);
      return false;
    }
  };
  const label = op.replace(/\/+$/, '') || op;
  if (f.verbose) return void (await removeTree(path, label));
  try {
    // Where nothing can refuse, the whole tree goes in one call (a 6,000-file extraction).
    await ctx.fs.rm(path, { recursive: true });
  } catch {
    await removeTree(path, label);
  }
}
