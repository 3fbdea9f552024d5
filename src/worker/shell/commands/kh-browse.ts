/**
 * Reading a header tree as kernel people do, in the shell: `kh-sym` (where
 * a name is defined, who mentions it), `kh-ifdef` (which #if branches of a
 * header this tree's config compiled) and `kh-diff` (what differs between
 * two trees, counted). Ours, not a real tool's: the nearest are ctags,
 * Elixir's ident search and `diff -rq`.
 */
import type { Command } from 'just-bash';
import type { TreeIndexes } from '../../index/tree-indexes';
import { diffTrees } from '../../index/tree-diff';
import { treeRootOf } from '../../index/tree-reader';
import { command, fail, ok, resolve, type CommandCtx } from '../command-kit';

/** The tree a command works on: the one given, else the one the shell is in. */
async function treeArg(
  ctx: CommandCtx,
  given: string | undefined,
  cmd: string,
): Promise<string | { error: string }> {
  if (given) return resolve(ctx, given);
  const here =
    treeRootOf(ctx.cwd) ?? ((await ctx.fs.exists(`${ctx.cwd}/include`)) ? ctx.cwd : undefined);
  if (here) return here;
  return { error: `${cmd}: which tree? Give one (e.g. /tmp/kheaders-$(uname -r)) or cd into it\n` };
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function browseCommands(indexes: TreeIndexes): Command[] {
  const sym = command('kh-sym', async (args, ctx) => {
    const refs = args.includes('-r');
    const search = args.includes('-s');
    const [name, given] = args.filter((a) => !a.startsWith('-'));
    if (!name) return fail('usage: kh-sym [-r|-s] NAME [TREE]\n', 2);
    const root = await treeArg(ctx, given, 'kh-sym');
    if (typeof root !== 'string') return fail(root.error, 2);
    try {
      const index = await indexes.index(root);
      if (refs) {
        // Every line, as grep -rnw prints them: the shell has head for fewer.
        const r = await index.references(
          name,
          (p) => ctx.fs.readFileBuffer(`${root}/${p}`),
          Infinity,
        );
        if (!r.references.length) return fail(`kh-sym: nothing in ${root} mentions ${name}\n`);
        const lines = r.references.map((x) => `${x.path}:${x.line}: ${x.text.trim()}\n`);
        const more = r.truncated
          ? `(first ${r.references.length} lines shown; ${r.files} files mention ${name})\n`
          : '';
        return ok(lines.join('') + more);
      }
      const defs = search ? index.search(name) : index.definitions(name);
      if (!defs.length)
        return fail(
          `kh-sym: no definition of ${name} in ${root}${search ? '' : ' (try -s to search)'}\n`,
        );
      return ok(defs.map((d) => `${d.kind.padEnd(14)} ${d.name}  ${d.path}:${d.line}\n`).join(''));
    } catch (err) {
      return fail(`kh-sym: ${message(err)}\n`);
    }
  });

  const ifdef = command('kh-ifdef', async (args, ctx) => {
    const all = args.includes('-a');
    const file = args.find((a) => !a.startsWith('-'));
    if (!file) return fail('usage: kh-ifdef [-a] FILE\n', 2);
    try {
      const m = await indexes.conditionals(resolve(ctx, file));
      const shown = m.branches.filter((b) => all || b.reason !== 'include guard');
      const text = shown.map(
        (b) =>
          `${`${b.line}-${b.endLine}`.padEnd(11)} ${b.state.padEnd(7)} ${'  '.repeat(b.depth)}${b.directive}  (${b.reason})\n`,
      );
      const count = (s: string) => m.branches.filter((b) => b.state === s).length;
      return ok(
        `${text.join('')}${count('in')} in, ${count('out')} out, ${count('unknown')} unknown under ${m.root}/include/generated/autoconf.h\n`,
      );
    } catch (err) {
      return fail(`kh-ifdef: ${message(err)}\n`);
    }
  });

  const treeDiff = command('kh-diff', async (args, ctx) => {
    const list = args.includes('-l');
    const [a, b] = args.filter((x) => !x.startsWith('-'));
    if (!a || !b) return fail('usage: kh-diff [-l] TREE_A TREE_B\n', 2);
    try {
      const s = await diffTrees(ctx.fs, resolve(ctx, a), resolve(ctx, b));
      const head = `${s.added.length} added, ${s.removed.length} removed, ${s.changed.length} changed, ${s.unchanged} unchanged\n`;
      const lines = [
        ...s.changed.map((p) => `M ${p}\n`),
        ...s.added.map((p) => `A ${p}\n`),
        ...s.removed.map((p) => `D ${p}\n`),
      ];
      const shown =
        list || lines.length <= 40
          ? lines
          : [...lines.slice(0, 40), `(${lines.length - 40} more: kh-diff -l)\n`];
      return { stdout: head + shown.join(''), stderr: '', exitCode: lines.length ? 1 : 0 };
    } catch (err) {
      return fail(`kh-diff: ${message(err)}\n`, 2);
    }
  });
  return [sym, ifdef, treeDiff];
}
