/**
 * `help` lists the machine's own commands (manual.ts). In just-bash `help`
 * is a builtin, answered before any command of ours, so this transform (a
 * public just-bash extension point) sends a top-level `help` to our list,
 * as a bash with a `help` function of its own would.
 */
import type { TransformPlugin } from 'just-bash';

/** The command name our `help` is registered under; never listed or completed. */
export const MACHINE_HELP = '_machine_help';

type Node = { type?: string; name?: { parts?: { type: string; value?: unknown }[] } };

function visit(node: unknown, seen: Set<unknown>): void {
  if (!node || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  const n = node as Node;
  const part = n.name?.parts?.length === 1 ? n.name.parts[0] : undefined;
  if (n.type === 'SimpleCommand' && part?.type === 'Literal' && part.value === 'help') {
    part.value = MACHINE_HELP;
  }
  for (const child of Object.values(node)) visit(child, seen);
}

export const helpRoute: TransformPlugin = {
  name: 'machine-help',
  transform({ ast }) {
    visit(ast, new Set());
    return { ast };
  },
};
