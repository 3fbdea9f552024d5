/**
 * `trap`, which just-bash (3.6) lacks. The playground's shell is interactive
 * and never receives a real signal, so a trap here does what a student can
 * see: it is kept from line to line and listed as bash lists it (`trap -p`),
 * the INT trap runs when Ctrl-C stops a line, and the EXIT trap runs when a
 * line calls `exit`. DEBUG, ERR and RETURN are accepted and listed, and say
 * so in `help`: they are not run.
 */
import type { Command } from 'just-bash';
import { command, fail, ok } from '../command-kit';

/** bash's names for what `trap` takes, by number where it has one. */
const SIGNALS: Record<string, number> = { EXIT: 0, HUP: 1, INT: 2, QUIT: 3, KILL: 9, TERM: 15 };
const PSEUDO = ['DEBUG', 'ERR', 'RETURN'];

/** The shell's traps: signal name (as `trap -p` prints it) to handler. */
export class TrapTable {
  readonly handlers = new Map<string, string>();

  /** The handler a signal runs, if one is set (not ignored). */
  handler(name: 'EXIT' | 'SIGINT'): string | undefined {
    const h = this.handlers.get(name);
    return h ? h : undefined;
  }
}

/** A name as `trap -p` prints it: EXIT and the pseudo-signals bare, others with SIG. */
function canonical(spec: string): string | undefined {
  const upper = spec.toUpperCase();
  if (/^\d+$/.test(spec)) {
    const name = Object.keys(SIGNALS).find((k) => SIGNALS[k] === Number(spec));
    return name && (name === 'EXIT' ? name : `SIG${name}`);
  }
  const bare = upper.startsWith('SIG') ? upper.slice(3) : upper;
  if (bare === 'EXIT' || PSEUDO.includes(bare)) return bare;
  return bare in SIGNALS ? `SIG${bare}` : undefined;
}

/** bash lists traps by signal number, the pseudo-signals after the real ones. */
const order = (name: string) =>
  name === 'EXIT' ? 0 : (SIGNALS[name.slice(3)] ?? 100 + PSEUDO.indexOf(name));

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function trapCommand(traps: TrapTable): Command {
  return command('trap', async (args) => {
    const list = (names: string[]) =>
      ok(names.map((n) => `trap -- ${quote(traps.handlers.get(n)!)} ${n}\n`).join(''));
    if (args.length === 0 || args[0] === '-p') {
      const asked = args.slice(1).map(canonical);
      if (asked.some((n) => !n))
        return fail(`bash: trap: ${args[1]}: invalid signal specification\n`);
      const names = asked.length ? (asked as string[]) : [...traps.handlers.keys()];
      return list(names.filter((n) => traps.handlers.has(n)).sort((a, b) => order(a) - order(b)));
    }
    if (args[0]!.startsWith('-') && args[0] !== '-' && args[0] !== '--') {
      return fail(
        `bash: trap: ${args[0]}: invalid option\ntrap: usage: trap [-p] [[arg] signal_spec ...]\n`,
        2,
      );
    }
    const rest = args[0] === '--' ? args.slice(1) : args;
    // One operand alone is a signal to reset, as in bash.
    const [action, ...specs] = rest.length === 1 ? ['-', rest[0]!] : rest;
    let code = 0;
    let stderr = '';
    for (const spec of specs) {
      const name = canonical(spec);
      if (!name) {
        stderr += `bash: trap: ${spec}: invalid signal specification\n`;
        code = 1;
      } else if (action === '-') traps.handlers.delete(name);
      else traps.handlers.set(name, action!);
    }
    return { stdout: '', stderr, exitCode: code };
  });
}
