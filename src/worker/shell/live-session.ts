/**
 * What just-bash (3.6) cannot do through its public API, and an interactive
 * shell must: output that reaches the terminal as each command finishes, in
 * the order the commands ran, and a session whose functions, arrays,
 * options and aliases outlive the line that made them.
 *
 * just-bash runs every exec() on a copy of its state and gathers stdout and
 * stderr into two strings at every level of its interpreter. This adapter,
 * the one place that knows its internals, hooks the interpreter's class at
 * run time (nothing of just-bash is copied or patched on disk):
 *   - after each command, the output that is not captured (by `$(…)`, a
 *     pipe, or a redirection around it) goes to the sink and is taken out
 *     of the result, so the buffered result holds only what is left;
 *   - when a line ends, the interpreter's state is written back as the
 *     session's, as bash keeps it between prompts.
 * Every shape it relies on is checked in `attachLiveSession` and pinned by
 * test/worker/just-bash-internals.test.ts and test/shell/live-session.test.ts,
 * so an upgrade that moves one fails loudly.
 *
 * The class is found by watching `Function.prototype.bind` for the
 * synchronous start of one `:` line (interpreterProto), because 3.6 hands it out nowhere
 * else: neither entry point exports it, Bash's exec builds it inline,
 * custom commands get their context through a membrane and transform
 * plugins only the syntax tree, and its constructor's
 * `this.executeScript.bind(this)` is the one place its instance leaves it.
 */
import type { Bash } from 'just-bash';
import { captureAround, stageCapture, type Capture, type CapturingNode } from './output-capture';

/** Where uncaptured output goes while a line runs. */
export type OutputSink = (text: string, stream: 'stdout' | 'stderr') => void;

/** The result of one interpreter step, as just-bash 3.6 passes it up. */
interface StepResult {
  stdout: string;
  stderr: string;
  stdoutKind?: 'text' | 'bytes';
  exitCode: number;
  /** Bytes of each stream already charged to the line's output budget. */
  internalOutputAccounting?: { stdout: number; stderr: number };
}

interface InterpreterState {
  env: Map<string, string>;
  cwd: string;
  [field: string]: unknown;
}

interface Interpreter {
  ctx: { state: InterpreterState; substitutionDepth?: number };
}

type Step<A extends unknown[]> = (this: Interpreter, ...args: A) => Promise<StepResult>;

interface InterpreterProto {
  executeScript: Step<[unknown]>;
  executeStatement: Step<[unknown]>;
  executePipeline: Step<[{ commands: CapturingNode[]; pipeStderr?: boolean[] }]>;
  executeCommand: Step<[CapturingNode, ...unknown[]]>;
}

/** Bash keeps its session in a private field; its shape is 3.6's. */
interface BashInternals {
  state: InterpreterState;
}

/**
 * The session fields bash keeps between prompts that exec() does not share:
 * it gives each line copies of some (env, arrays, functions, options), the
 * interpreter makes the rest as a line first needs them, and 3.6 still has
 * no way to read them back, so they are copied back by name. What exec()
 * passes on by reference (shoptOptions, exportedVars, readonlyVars,
 * hashTable) is already the session's own; `$?` is setStatus's. Everything
 * else (loop depth, the running command's stdin, signal, counters) belongs
 * to one line. test/worker/just-bash-internals.test.ts pins each of these,
 * and the shared ones, by what a second line sees.
 */
export const SESSION_FIELDS = [
  'env',
  'arrays',
  'cwd',
  'previousDir',
  'lastArg',
  'options',
  'functions',
  'completionSpecs',
  'directoryStack',
  'fileDescriptors',
  'nextFd',
  'associativeArrays',
  'namerefs',
  'invalidNamerefs',
  'integerVars',
  'lowercaseVars',
  'uppercaseVars',
  'declaredVars',
  'nextVirtualPid',
] as const;

/** The line being run: its top interpreter, where output goes, the capture stack. */
interface Line {
  bash: BashInternals;
  sink: OutputSink;
  top: Interpreter | undefined;
  claimed: boolean;
  stack: Capture[];
  /** The line called `exit` (at its top level, not in a subshell). */
  exited?: boolean;
  /** Its output goes to a terminal. */
  terminal: boolean;
}

let line: Line | undefined;
const hooked = new WeakSet<object>();

const TEXT = new TextDecoder('utf-8', { fatal: true });

/**
 * A result string as a terminal shows it. just-bash carries bytes as one
 * char per byte; it turns a finished line's output into text the same way
 * (UTF-8 when that decodes, else as it is), so the chunks add up to that.
 */
export function terminalText(s: string): string {
  let high = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return s;
    if (c > 0x7f) high = true;
  }
  if (!high) return s;
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  try {
    return TEXT.decode(bytes);
  } catch {
    return s;
  }
}

/** Sends what the capture does not hold to the sink and keeps the rest. */
function release(interp: Interpreter, result: StepResult, where: Capture): StepResult {
  const l = line;
  if (!l || l.top !== interp || !result) return result;
  const outCaptured = where.out || (interp.ctx.substitutionDepth ?? 0) > 0;
  let { stdout, stderr } = result;
  if (stderr && !where.err) {
    l.sink(terminalText(stderr), 'stderr');
    stderr = '';
  }
  if (stdout && !outCaptured) {
    l.sink(terminalText(stdout), 'stdout');
    stdout = '';
  }
  if (stdout === result.stdout && stderr === result.stderr) return result;
  // What left was charged when it was made; the accounting must not count it again.
  const charged = result.internalOutputAccounting;
  return {
    ...result,
    stdout,
    stderr,
    ...(charged && {
      internalOutputAccounting: {
        stdout: stdout ? charged.stdout : 0,
        stderr: stderr ? charged.stderr : 0,
      },
    }),
  };
}

/**
 * Whether the command running now writes its stdout straight to a terminal,
 * as isatty(1) tells a real command: not into a pipe, a redirection or `$(…)`.
 */
export function stdoutIsTerminal(): boolean {
  const l = line;
  if (!l?.terminal || !l.top || (l.top.ctx.substitutionDepth ?? 0) > 0) return false;
  return !current(l).out;
}

const current = (l: Line): Capture => l.stack[l.stack.length - 1] ?? { out: false, err: false };

function hook(proto: InterpreterProto): void {
  if (hooked.has(proto)) return;
  hooked.add(proto);
  const { executeScript, executeStatement, executePipeline, executeCommand } = proto;
  const stages = new WeakMap<object, Capture>();

  // Methods, so each keeps its name: a later probe (another Bash class) finds the class by it.
  const steps: InterpreterProto = {
    async executeScript(this: Interpreter, node) {
      const l = line;
      // The first interpreter a line makes is the shell's; a nested `bash -c`
      // makes its own, whose output comes back as that command's result.
      const isTop = !!l && !l.claimed;
      if (isTop) {
        l.claimed = true;
        l.top = this;
      }
      try {
        return await executeScript.call(this, node);
      } catch (err) {
        if (isTop && (err as Error | undefined)?.name === 'ExitError') l.exited = true;
        throw err;
      } finally {
        if (isTop) keepSession(l.bash, this.ctx.state);
      }
    },

    async executeStatement(this: Interpreter, node) {
      const r = await executeStatement.call(this, node);
      return line ? release(this, r, current(line)) : r;
    },

    async executePipeline(this: Interpreter, node) {
      const n = node.commands.length;
      for (let i = 0; i < n - 1; i++) {
        stages.set(node.commands[i]!, { out: true, err: !!node.pipeStderr?.[i] });
      }
      return executePipeline.call(this, node);
    },

    async executeCommand(this: Interpreter, node, ...rest) {
      const l = line;
      if (!l || l.top !== this) return executeCommand.call(this, node, ...rest);
      const outer = stageCapture(current(l), stages.get(node));
      l.stack.push(captureAround(outer, node.redirections));
      let r: StepResult;
      try {
        r = await executeCommand.call(this, node, ...rest);
      } finally {
        l.stack.pop();
      }
      return release(this, r, outer);
    },
  };
  Object.assign(proto, steps);
}

function keepSession(bash: BashInternals, state: InterpreterState): void {
  const into = bash.state as Record<string, unknown>;
  for (const field of SESSION_FIELDS) {
    if (field in state) into[field] = state[field];
  }
}

/** The interpreter class found for each Bash class (probed once per copy of just-bash). */
const protos = new WeakMap<object, InterpreterProto>();

/**
 * Finds just-bash's interpreter class: the receiver of the first executeScript
 * it binds. exec() builds its interpreter before its first await (its browser
 * defence box runs the work at once), so `bind` is watched for that one
 * synchronous call only: no other code of the worker can run, and so none
 * can see the watch, before it is put back.
 */
async function interpreterProto(bash: Bash): Promise<InterpreterProto> {
  const known = protos.get(bash.constructor);
  if (known) return known;
  const bind = Function.prototype.bind;
  let found: object | undefined;
  let probe: Promise<unknown>;
  Function.prototype.bind = function (this: unknown, thisArg: unknown, ...args: unknown[]) {
    if (!found && typeof this === 'function' && this.name === 'executeScript') {
      found = Object.getPrototypeOf(thisArg) as object;
    }
    return bind.call(this as (...a: unknown[]) => unknown, thisArg, ...args) as unknown;
  } as typeof bind;
  try {
    probe = bash.exec(':');
  } finally {
    Function.prototype.bind = bind;
  }
  await probe;
  const proto = found as Partial<InterpreterProto> | undefined;
  const missing = (
    ['executeScript', 'executeStatement', 'executePipeline', 'executeCommand'] as const
  ).filter((m) => typeof proto?.[m] !== 'function');
  if (!proto || missing.length) {
    throw new Error(
      `just-bash's interpreter has changed shape (missing ${missing.join(', ') || 'the class, built before exec first waits'})`,
    );
  }
  protos.set(bash.constructor, proto as InterpreterProto);
  return proto as InterpreterProto;
}

/**
 * Makes `bash` keep its session between exec() calls and stream output
 * through `run`. Throws, naming what moved, if this just-bash is not 3.6's shape.
 */
export async function attachLiveSession(bash: Bash): Promise<LiveSession> {
  const internals = bash as unknown as BashInternals;
  if (!(internals.state?.env instanceof Map) || typeof internals.state.cwd !== 'string') {
    throw new Error("just-bash's session state has changed shape (state.env, state.cwd)");
  }
  hook(await interpreterProto(bash));
  return new LiveSession(bash, internals);
}

/** What a line left (its output not already sent) and whether it called `exit`. */
export type LineResult = Awaited<ReturnType<Bash['exec']>> & { exited: boolean };

export class LiveSession {
  constructor(
    private readonly bash: Bash,
    private readonly internals: BashInternals,
  ) {}

  /** The session's state, as the next line will start from it. */
  get state(): InterpreterState {
    return this.internals.state;
  }

  /** Runs one line; uncaptured output reaches `sink` as each command ends (`terminal`: a tty's). */
  async run(
    commandLine: string,
    sink: OutputSink,
    signal: AbortSignal,
    terminal = false,
  ): Promise<LineResult> {
    if (line) throw new Error('a command line is already running');
    const l: Line = {
      bash: this.internals,
      sink,
      top: undefined,
      claimed: false,
      stack: [],
      terminal,
    };
    line = l;
    try {
      const r = await this.bash.exec(commandLine, { signal });
      this.setStatus(r.exitCode);
      return { ...r, exited: !!l.exited };
    } finally {
      line = undefined;
    }
  }

  /** `$?` for the next line: the status this one ended with (an `exit` sets none itself). */
  setStatus(code: number): void {
    this.internals.state.lastExitCode = code;
    this.internals.state.env.set('?', String(code));
  }

  /** As in an interactive bash, where aliases are expanded. */
  interactive(): void {
    const shopt = this.internals.state.shoptOptions as Record<string, boolean> | undefined;
    if (shopt) shopt.expand_aliases = true;
  }
}
