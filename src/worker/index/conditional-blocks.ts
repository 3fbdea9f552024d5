/**
 * Which lines of a header this kernel compiled: every #if/#ifdef/#ifndef/
 * #elif/#else branch, marked in, out or unknown under one config
 * (kconfig-eval.ts), nested branches inside their parents. An include
 * guard (`#ifndef X` then `#define X` first in the file) is in.
 */
import type {
  CompiledState,
  ConditionalBranchInfo,
  ConditionalInfo,
} from '../../shared/worker-api';
import { evaluate, type Known, type KernelConfigValues } from './kconfig-eval';

/**
 * A branch: from its directive's line to the line of the directive that
 * ends it (#elif, #else or #endif); its state includes its enclosing
 * branches'; reason: the config values it read, or the name it could not know.
 */
export type ConditionalBranch = ConditionalBranchInfo;
export type Compiled = CompiledState;

export type ConditionalMap = Omit<ConditionalInfo, 'root'>;

interface Group {
  /** 'yes' once a branch was taken, 'maybe' when one may have been. */
  taken: 'no' | 'maybe' | 'yes';
  parent: Compiled;
  open: ConditionalBranch | undefined;
}

const combine = (parent: Compiled, own: Compiled): Compiled =>
  parent === 'out' || own === 'out'
    ? 'out'
    : parent === 'unknown' || own === 'unknown'
      ? 'unknown'
      : 'in';

const asCompiled = (v: Known): Compiled => (v === 'unknown' ? 'unknown' : v !== 0 ? 'in' : 'out');

/** The config names an expression reads, with their values: `CONFIG_SMP=y, CONFIG_NUMA is not set`. */
function configWords(expr: string, config: KernelConfigValues): string {
  const names = [...new Set(expr.match(/\bCONFIG_\w+/g) ?? [])];
  return names
    .map((n) => {
      if (config.get(`${n}_MODULE`) === '1' && !config.has(n)) return `${n}=m`;
      const v = config.get(n);
      return v === undefined ? `${n} is not set` : `${n}=${v === '1' ? 'y' : v}`;
    })
    .join(', ');
}

/** Directive lines with their continuations joined and comments removed. */
function directives(
  text: string,
): { line: number; lastLine: number; word: string; rest: string; raw: string }[] {
  const out: { line: number; lastLine: number; word: string; rest: string; raw: string }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*#/.test(lines[i]!)) continue;
    const first = i;
    let joined = lines[i]!;
    while (joined.endsWith('\\') && i + 1 < lines.length)
      joined = joined.slice(0, -1) + ' ' + lines[++i]!;
    const clean = joined.replace(/\/\*.*?\*\//g, ' ').replace(/\/\/.*$/, '');
    const m = /^\s*#\s*(\w+)\s*(.*?)\s*$/.exec(clean);
    if (m)
      out.push({ line: first + 1, lastLine: i + 1, word: m[1]!, rest: m[2]!, raw: clean.trim() });
  }
  return out;
}

export function conditionalMap(text: string, config: KernelConfigValues): ConditionalMap {
  const lineCount = text.split('\n').length;
  // Inner branches close first and are marked first; an outer one marks only what is left.
  const marked: (Compiled | undefined)[] = new Array<Compiled | undefined>(lineCount);
  const branches: ConditionalBranch[] = [];
  const stack: Group[] = [];
  const all = directives(text);
  const guard =
    all[0]?.word === 'ifndef' &&
    all[1]?.word === 'define' &&
    all[1].rest.split(/\s/)[0] === all[0].rest
      ? all[0].line
      : -1;
  const current = (): Compiled => {
    const g = stack[stack.length - 1];
    return g?.open ? g.open.state : 'in';
  };
  const close = (g: Group, endLine: number) => {
    if (!g.open) return;
    g.open.endLine = endLine;
    for (let l = g.open.line; l < endLine - 1; l++) marked[l] ??= g.open.state;
  };
  const open = (g: Group, d: (typeof all)[number], own: Compiled, reason: string) => {
    // A branch is in only if no earlier branch of its group was (maybe) taken.
    const branch: Compiled =
      g.taken === 'yes' ? 'out' : g.taken === 'maybe' && own !== 'out' ? 'unknown' : own;
    if (own === 'in' && g.taken === 'no') g.taken = 'yes';
    else if (own === 'unknown' && g.taken === 'no') g.taken = 'maybe';
    const why = g.taken === 'yes' && branch === 'out' ? 'an earlier branch was taken' : reason;
    const state = combine(g.parent, branch);
    g.open = {
      line: d.line,
      endLine: d.line,
      directive: d.raw,
      state,
      reason: g.parent !== 'in' && state === g.parent ? `inside a block that is ${g.parent}` : why,
      depth: stack.length - 1,
    };
    branches.push(g.open);
  };
  const condition = (word: string, rest: string): { own: Compiled; reason: string } => {
    const name = rest.split(/\s/)[0] ?? '';
    if (word === 'ifdef' || word === 'ifndef') {
      if (!name.startsWith('CONFIG_'))
        return { own: 'unknown', reason: `${name} is not a config option` };
      const set = config.has(name);
      const own = set === (word === 'ifdef') ? 'in' : 'out';
      return { own, reason: configWords(name, config) };
    }
    const e = evaluate(rest, config);
    const own = asCompiled(e.value);
    if (own === 'unknown')
      return { own, reason: `depends on ${e.unknownName ?? rest}, not on the config alone` };
    return { own, reason: configWords(rest, config) || 'a constant expression' };
  };
  for (const d of all) {
    if (d.word === 'if' || d.word === 'ifdef' || d.word === 'ifndef') {
      const g: Group = { taken: 'no', parent: current(), open: undefined };
      stack.push(g);
      if (d.line === guard) open(g, d, 'in', 'include guard');
      else {
        const c = condition(d.word, d.rest);
        open(g, d, c.own, c.reason);
      }
    } else if (d.word === 'elif' || d.word === 'else') {
      const g = stack[stack.length - 1];
      if (!g) continue;
      close(g, d.line);
      const c =
        d.word === 'else'
          ? { own: 'in' as const, reason: 'no earlier branch was taken' }
          : condition('if', d.rest);
      open(g, d, c.own, c.reason);
    } else if (d.word === 'endif') {
      const g = stack.pop();
      if (g) close(g, d.line);
    }
  }
  return { branches, lines: Array.from(marked, (m) => m ?? 'in') };
}
