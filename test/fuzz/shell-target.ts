/**
 * Random argument vectors for the machine's own commands (and a few of
 * just-bash's that touch the same files). The contract: every line ends with
 * an exit status in 0..255 and, on failure, a message in the tool's own
 * words; never a JavaScript exception's name or a stack frame; the shell
 * answers afterwards.
 */
import type { Machine } from '../../src/worker/machine';
import { bootMachine } from '../machine/machine-helpers';
import { FuzzFailure, type Outcome } from './fuzz-targets';
import { int, pick, type Random } from './mutate';

const COMMANDS = [
  'modprobe',
  'rmmod',
  'insmod',
  'lsmod',
  'modinfo',
  'xz',
  'unxz',
  'xzcat',
  'tar',
  'uname',
  'free',
  'dmesg',
  'zcat',
  'gunzip',
  'cat',
  'ls',
];
const FLAGS = [
  '-',
  '--',
  '-r',
  '-a',
  '-v',
  '-n',
  '-q',
  '-f',
  '-x',
  '-t',
  '-c',
  '-d',
  '-k',
  '-l',
  '-z',
  '-J',
  '-C',
  '-O',
  '-T0',
  '-9',
  '-e',
  '-s',
  '-h',
  '-m',
  '-g',
  '-w',
  '-F',
  '--help',
  '--version',
  '--all',
  '--bogus',
  '--format=raw',
  '--list',
  '--to-stdout',
  '--strip-components=1',
  '--strip-components=-5',
  '--strip-components=99999999999999999999',
  '-xJf',
  '-tvf',
  '-dc',
  '--field=',
  '--field',
  '-F description',
  '--show-depends',
  '--first-time',
  '--force',
  '--',
  '-===',
  '--=',
  '-\u00e9',
  '--\u0000',
];
const OPERANDS = [
  'kheaders',
  'configs',
  'ext4',
  'kheaders.ko',
  '/sys/kernel/kheaders.tar.xz',
  '/proc/config.gz',
  '/proc/kheaders.tar.xz',
  '/tmp',
  '/tmp/x',
  '/',
  '.',
  '..',
  '../../..',
  '/nonexistent',
  '/proc/modules',
  '/lib/modules',
  '/dev/null',
  '',
  ' ',
  '*',
  '?',
  '~',
  'a'.repeat(5000),
  '\u202e\u0007\u001b[2J',
  '<script>alert(1)</script>',
  'x\ny',
  '%s%n%d',
  '-1',
  '0',
  '4294967296',
  'NaN',
  '__proto__',
  'constructor',
  'toString',
];

/** Single-quotes a word for the shell, so the generated line is one argv, not a script. */
const quote = (word: string): string => `'${word.replaceAll("'", `'\\''`)}'`;

function randomWord(r: Random): string {
  const roll = r();
  if (roll < 0.4) return pick(r, FLAGS);
  if (roll < 0.8) return pick(r, OPERANDS);
  const len = int(r, 24);
  let s = '';
  for (let i = 0; i < len; i++) {
    s += r() < 0.8 ? String.fromCharCode(0x20 + int(r, 95)) : String.fromCharCode(int(r, 0x3000));
  }
  return s;
}

/** A command name and up to four random arguments. */
export function randomArgv(r: Random): string[] {
  const words = [pick(r, COMMANDS)];
  const n = int(r, 5);
  for (let i = 0; i < n; i++) words.push(randomWord(r));
  return words;
}

export const commandLine = (argv: string[]): string =>
  argv.map((w, i) => (i === 0 ? w : quote(w))).join(' ');

/** Output that only an escaped JavaScript exception would print. */
const LEAK =
  /\b(TypeError|RangeError|ReferenceError|SyntaxError|InternalError)\b|is not a function|Cannot read propert|\bat \S+ \(|\[object \w+\]|\bundefined\b|\bNaN\b/;

/**
 * Findings reported to the shell's owner and not fixed yet, each with its
 * regression test in regressions.test.ts (skipped until the fix lands).
 * The fuzzer counts these inputs as known instead of failing on them.
 */
export const KNOWN_SHELL_ISSUES: { test: (argv: string[]) => boolean; issue: string }[] = [];

/** How long one line may run before it counts as a hang (the demo tar extracts in about a second). */
export const SHELL_LINE_MS = 15_000;

export interface ShellFuzzer {
  machine: Machine;
  run(argv: string[]): Promise<Outcome | 'known'>;
}

/** skipKnown: count KNOWN_SHELL_ISSUES inputs as known instead of running them. */
export async function shellFuzzer({ skipKnown = true } = {}): Promise<ShellFuzzer> {
  const { machine, sh } = await bootMachine({ tmpfsBytes: 16 << 20 });
  const run = async (argv: string[]): Promise<Outcome | 'known'> => {
    if (skipKnown && KNOWN_SHELL_ISSUES.some((k) => k.test(argv))) return 'known';
    const line = commandLine(argv);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hang = new Promise<'hang'>((resolve) => {
      timer = setTimeout(() => resolve('hang'), SHELL_LINE_MS);
    });
    let result;
    try {
      result = await Promise.race([sh(line), hang]);
    } catch (err) {
      throw new FuzzFailure(
        `machine.run threw ${(err as Error)?.name}: ${(err as Error)?.message}`,
      );
    } finally {
      clearTimeout(timer);
    }
    if (result === 'hang') {
      await machine.interrupt();
      throw new FuzzFailure(`still running after ${SHELL_LINE_MS} ms`);
    }
    const { code, err } = result;
    if (!Number.isInteger(code) || code < 0 || code > 255) {
      throw new FuzzFailure(`exit status ${code} is not in 0..255`);
    }
    // Operands echo back in messages; only look at what the tools added.
    const own = argv.reduce((text, w) => (w ? text.replaceAll(w, '') : text), err);
    const leak = LEAK.exec(own);
    if (leak)
      throw new FuzzFailure(`stderr shows an internal error (${leak[0]}): ${err.slice(0, 300)}`);
    return code === 0 ? 'ok' : 'rejected';
  };
  return { machine, run };
}
