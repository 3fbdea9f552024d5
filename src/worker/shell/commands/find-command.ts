/**
 * find: just-bash's, except for `-type l`, which it does not know. A find
 * line that asks for symbolic links (with -name and -maxdepth beside it) is
 * walked here on lstat, as GNU find does without -L; any other line is
 * just-bash's own.
 */
import type { Command } from 'just-bash';
import { fail, resolve, type CommandCtx, command } from '../command-kit';
import { errnoText } from '../../vfs/errno';

interface LinkQuery {
  roots: string[];
  name?: RegExp;
  maxDepth: number;
}

/** A shell glob as find's -name matches it against the last name. */
function globRe(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** The query when the line is one this walks (`-type l` among -name/-maxdepth only). */
function linkQuery(args: string[]): LinkQuery | undefined {
  const q: LinkQuery = { roots: [], maxDepth: Infinity };
  let i = 0;
  while (i < args.length && !args[i]!.startsWith('-')) q.roots.push(args[i++]!);
  let links = false;
  for (; i < args.length; i++) {
    const a = args[i]!;
    const v = args[i + 1];
    if (a === '-type' && v === 'l') links = true;
    else if (a === '-name' && v !== undefined) q.name = globRe(v);
    else if (a === '-maxdepth' && v !== undefined && /^\d+$/.test(v)) q.maxDepth = Number(v);
    else if (a === '-print') continue;
    else return undefined;
    i++;
  }
  if (!links) return undefined;
  if (!q.roots.length) q.roots.push('.');
  return q;
}

async function walk(
  ctx: CommandCtx,
  q: LinkQuery,
  path: string,
  shown: string,
  depth: number,
  out: string[],
): Promise<void> {
  const st = await ctx.fs.lstat(path);
  const base = shown.slice(shown.lastIndexOf('/') + 1);
  if (st.isSymbolicLink && (!q.name || q.name.test(base))) out.push(`${shown}\n`);
  if (!st.isDirectory || depth >= q.maxDepth) return;
  const names = (await ctx.fs.readdir(path)).sort();
  for (const n of names) {
    await walk(
      ctx,
      q,
      `${path === '/' ? '' : path}/${n}`,
      `${shown.replace(/\/$/, '')}/${n}`,
      depth + 1,
      out,
    );
  }
}

export function findCommand(): Command {
  return command('find', async (args, ctx) => {
    const q = linkQuery(args);
    if (!q) return ctx.origCommand ? ctx.origCommand(args) : fail('find: unavailable\n');
    const out: string[] = [];
    let stderr = '';
    for (const root of q.roots) {
      try {
        await walk(ctx, q, resolve(ctx, root), root, 0, out);
      } catch (err) {
        stderr += `find: '${root}': ${errnoText(err)}\n`;
      }
    }
    return { stdout: out.join(''), stderr, exitCode: stderr ? 1 : 0 };
  });
}
