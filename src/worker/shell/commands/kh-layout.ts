/**
 * `kh-layout STRUCT [TREE...]`: a struct's fields with offset, size and
 * holes, from clang's own record layout (-fdump-record-layouts) over each
 * extracted header tree, side by side, fields that moved marked `*`.
 * Ours, not pahole: pahole reads DWARF of a built kernel; this reads what
 * clang lays out from the headers, as a BPF program built against them sees.
 */
import type { Command } from 'just-bash';
import { bccFlags } from '../../../common/bcc-flags';
import { recordLayout, type RecordLayout } from '../../clang/record-layout';
import { command, fail, ok, type CommandCtx, type MachineServices } from '../command-kit';
import { clangFailure, clangServiceFor, runClangOn } from './clang-command';

const PROBE = '/.kh-layout/probe.c';
const HEADERS = [
  'linux/kconfig.h',
  'linux/sched.h',
  'linux/fs.h',
  'linux/mm_types.h',
  'linux/net.h',
  'linux/skbuff.h',
];

/** kh-layout's own complaint, already in its words (unlike clang's failures, which clangFailure words). */
class LayoutError extends Error {
  override name = 'LayoutError';
}

export async function layoutOf(
  services: MachineServices,
  ctx: Pick<CommandCtx, 'fs' | 'cwd' | 'signal'>,
  root: string,
  name: string,
  header?: string,
): Promise<RecordLayout> {
  const includes = [...(header ? [header] : []), ...HEADERS]
    .map((h) => `#include <${h}>`)
    .join('\n');
  const probe = new TextEncoder().encode(
    `${includes}\nunsigned long kh_layout = sizeof(struct ${name});\n`,
  );
  const args = [
    ...bccFlags(root),
    '-w',
    '-fsyntax-only',
    '-Xclang',
    '-fdump-record-layouts-canonical',
    PROBE,
  ];
  const r = await runClangOn(clangServiceFor(services), ctx, args, { [PROBE]: probe });
  if (r.exitCode !== 0)
    throw new LayoutError(
      `kh-layout: clang could not lay out struct ${name} in ${root}:\n${r.stderr}`,
    );
  const layout = recordLayout(r.stdout, name);
  if (!layout)
    throw new LayoutError(`kh-layout: clang printed no layout for struct ${name} in ${root}`);
  return layout;
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
const sizeText = (f: RecordLayout['fields'][number]) =>
  f.bits ? `${f.bits.to - f.bits.from + 1}b` : f.size === undefined ? '?' : String(f.size);

/** The table: one row per field, a column pair per tree; `*` where offset or size differ. */
export function layoutTable(
  name: string,
  trees: { label: string; layout: RecordLayout }[],
): string {
  const names = [
    ...new Set(trees.flatMap((t) => t.layout.fields.map((f, i) => f.name || `(anonymous #${i})`))),
  ];
  const width = Math.max(5, ...names.map((n) => n.length));
  const head =
    `struct ${name}` +
    trees.map((t) => `\n  ${t.label}: sizeof ${t.layout.size}, align ${t.layout.align}`).join('');
  const cols = trees.map(
    (_, i) =>
      `${pad('offset', 7)} ${pad('size', 5)} ${pad('hole', 5)}${i < trees.length - 1 ? ' |' : ''}`,
  );
  const rows = names.map((n) => {
    const cells = trees.map((t) =>
      t.layout.fields.find((f, i) => (f.name || `(anonymous #${i})`) === n),
    );
    const moved = cells.some(
      (c) => !c || c.offset !== cells[0]?.offset || c.size !== cells[0]?.size,
    );
    const text = cells.map((c, i) => {
      const s = c
        ? `${pad(c.offset, 7)} ${pad(sizeText(c), 5)} ${pad(c.holeBefore || '', 5)}`
        : `${pad('-', 7)} ${pad('', 5)} ${pad('', 5)}`;
      return `${s}${i < cells.length - 1 ? ' |' : ''}`;
    });
    return `${moved && trees.length > 1 ? '*' : ' '} ${n.padEnd(width)} ${text.join(' ')}`;
  });
  const tails = trees.map((t) => t.layout.tailPadding).join(' | ');
  return `${head}\n  ${''.padEnd(width)} ${cols.join(' ')}\n${rows.join('\n')}\n  tail padding: ${tails}${trees.length > 1 ? '\n  * = offset or size differs between the trees' : ''}\n`;
}

/**
 * What a program built against the first tree reads on each other one:
 * `field`'s offset in the first, and which field covers that offset in the others.
 */
export function misreadText(
  field: string,
  trees: { label: string; layout: RecordLayout }[],
): string {
  const [built, ...others] = trees;
  const f = built!.layout.fields.find((x) => x.name === field);
  if (!f) return `kh-layout: ${built!.layout.name} in ${built!.label} has no field ${field}\n`;
  const lines = [
    `built against ${built!.label}, a program reads ${field} at offset ${f.offset} (${sizeText(f)} bytes)`,
  ];
  for (const o of others) {
    const own = o.layout.fields.find((x) => x.name === field);
    const hit = o.layout.fields.find(
      (x) => x.size !== undefined && x.offset <= f.offset && f.offset < x.offset + x.size,
    );
    const where = hit
      ? `inside ${hit.name || '(an anonymous member)'} (offset ${hit.offset}, size ${hit.size})`
      : 'in padding between fields';
    lines.push(
      `on ${o.label}, offset ${f.offset} is ${hit?.name === field && hit.offset === f.offset ? `${field} itself` : where}; ${field} is at ${own ? own.offset : 'no offset (absent)'} there`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function khLayoutCommand(services: MachineServices): Command {
  return command('kh-layout', async (args, ctx) => {
    const header = args.find((a) => a.startsWith('--header='))?.slice('--header='.length);
    const read = args.find((a) => a.startsWith('--read='))?.slice('--read='.length);
    const rest = args.filter((a) => !a.startsWith('--'));
    const name = rest[0]?.replace(/^struct\s+/, '');
    if (!name || !/^\w+$/.test(name)) {
      return fail(
        'usage: kh-layout STRUCT [TREE...] [--header=linux/x.h] [--read=FIELD]\n  --read=FIELD: where FIELD is read in the first TREE, and what sits there in the others\n  TREE defaults to /tmp/kheaders-$(uname -r) and /tmp/kheaders-other, where they exist\n',
        2,
      );
    }
    let roots = rest.slice(1).map((r) => ctx.fs.resolvePath(ctx.cwd, r));
    if (roots.length === 0) {
      const candidates = [
        `/tmp/kheaders-${services.kernel.artifacts.manifest.release}`,
        '/tmp/kheaders-other',
      ];
      roots = [];
      for (const c of candidates)
        if (await ctx.fs.exists(`${c}/include/linux/kconfig.h`)) roots.push(c);
      if (roots.length === 0)
        return fail(
          `kh-layout: no extracted headers at ${candidates.join(' or ')}; extract /sys/kernel/kheaders.tar.xz there first\n`,
        );
    }
    try {
      const trees = [];
      for (const root of roots)
        trees.push({ label: root, layout: await layoutOf(services, ctx, root, name, header) });
      return ok(read ? misreadText(read, trees) : layoutTable(name, trees));
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return fail('', 130);
      return fail(err instanceof LayoutError ? `${err.message}\n` : clangFailure(err));
    }
  });
}
