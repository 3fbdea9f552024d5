/**
 * The machine's shell: just-bash (loaded on first use, so the worker starts
 * fast) on the machine's filesystem, with our commands beside its built-ins.
 * Each run() is one command line; the working directory and variables carry
 * over to the next, as in an interactive bash.
 */
import type { Bash, Command } from 'just-bash';
import type { CommandIo } from '../../shared/worker-api';
import type { Kernel } from '../kernel/kernel';
import { HOSTNAME } from '../kernel/kernel-text';
import { decodeXz } from '../xz/xz-decoder';
import { guardFs, type FsGuard } from '../vfs/guarded-fs';
import { buildMachineFs, type MachineFs } from '../vfs/machine-fs';
import type { MachineServices } from './command-kit';
import { clangTools } from './commands/clang-tools';
import { gnuCompat } from './commands/gnu-compat';
import { gzipTools } from './commands/gzip-tools';
import { moduleTools } from './commands/module-tools';
import { systemInfo } from './commands/system-info';
import { tarCommand } from './commands/tar-command';
import { xzTools } from './commands/xz-tools';
import { DecodeCache } from './decode-cache';

/**
 * The runaway guard: just-bash's maxCommandCount and maxLoopIterations per
 * command line (src/shared/limits.ts lists it with the others).
 */
export const SHELL_LIMITS: Readonly<{ maxCommands: number }> = { maxCommands: 100_000 };

/**
 * just-bash tells a runaway line to raise a setting the user cannot reach;
 * say instead which playground limit stopped it and its value.
 */
export function ourLimitWords(stderr: string): string {
  return stderr.replace(
    /(too many commands executed|(?:for|while|until) loop: too many iterations) \([^)]*\), increase executionLimits\.\w+/g,
    (_all, what: string) =>
      `${what}: stopped at the playground's limit of ${SHELL_LIMITS.maxCommands} per command line (shell.maxCommands)`,
  );
}

/** bash's status for a command ended by SIGINT (128 + 2). */
export const EXIT_INTERRUPTED = 130;

export interface ShellOptions {
  tmpfsBytes?: number;
  /** Runaway loops end here (just-bash's maxCommandCount / maxLoopIterations). */
  maxCommands?: number;
  onWrite?: (path: string) => void;
}

const signalAborted = Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted')!.get!;

/**
 * The command's signal, reading the shared Ctrl-C flag whenever just-bash
 * asks whether it is aborted (it asks before every statement): a set flag
 * aborts the controller there and then, listeners and all.
 */
function watchFlag(ac: AbortController, flag: Int32Array): AbortSignal {
  Atomics.store(flag, 0, 0); // a Ctrl-C meant for an earlier command does not carry over
  const signal = ac.signal;
  Object.defineProperty(signal, 'aborted', {
    get(): boolean {
      if (!signalAborted.call(signal) && Atomics.load(flag, 0) !== 0) ac.abort();
      return signalAborted.call(signal) as boolean;
    },
  });
  return signal;
}

export class Shell {
  private cwd = '/root';
  private env: Record<string, string> = {
    HOME: '/root',
    USER: 'root',
    LOGNAME: 'root',
    HOSTNAME,
    SHELL: '/bin/bash',
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
  };
  private running: AbortController | undefined;
  /** Set by the page on Ctrl-C when it can share memory (see MachineApi.shareInterruptFlag). */
  interruptFlag: Int32Array | undefined;

  private constructor(
    private readonly bash: Bash,
    readonly machineFs: MachineFs,
    private readonly guard: FsGuard,
    readonly commandNames: string[],
  ) {}

  static async create(kernel: Kernel, options: ShellOptions = {}): Promise<Shell> {
    const jb = await import('just-bash/browser');
    const decoded = new DecodeCache((bytes) => decodeXz(bytes));
    const services: MachineServices = { kernel, decodeXz: (bytes) => decoded.get(bytes) };
    const guard: FsGuard = { signal: undefined, onWrite: options.onWrite ?? (() => {}) };
    const ours: Command[] = [
      ...moduleTools(services),
      ...systemInfo(services),
      ...xzTools(services),
      tarCommand(services),
      ...gzipTools(),
      ...gnuCompat(),
      ...clangTools(services),
    ];
    const names = [...new Set([...jb.getCommandNames(), ...ours.map((c) => c.name)])].sort();
    const machineFs = buildMachineFs(jb, kernel, {
      tmpfsBytes: options.tmpfsBytes,
      commands: names,
    });
    const limit = options.maxCommands ?? SHELL_LIMITS.maxCommands;
    const bash = new jb.Bash({
      fs: guardFs(machineFs.fs, guard),
      cwd: '/root',
      customCommands: ours,
      executionLimits: { maxCommandCount: limit, maxLoopIterations: limit },
      processInfo: { uid: 0, gid: 0 },
    });
    const shell = new Shell(bash, machineFs, guard, names);
    return shell;
  }

  get workingDirectory(): string {
    return this.cwd;
  }

  /** The directory and variables that carry from one line to the next. */
  get session(): { cwd: string; env: Record<string, string> } {
    return { cwd: this.cwd, env: { ...this.env } };
  }

  set session(s: { cwd: string; env: Record<string, string> }) {
    this.cwd = s.cwd;
    if (Object.keys(s.env).length) this.env = { ...s.env };
  }

  /** Runs one command line; resolves to its exit status (130 when interrupted). */
  async run(line: string, io: CommandIo): Promise<number> {
    const ac = new AbortController();
    this.running = ac;
    const signal = this.interruptFlag ? watchFlag(ac, this.interruptFlag) : ac.signal;
    this.guard.signal = signal;
    try {
      const r = await this.bash.exec(line, {
        cwd: this.cwd,
        env: this.env,
        replaceEnv: true,
        signal,
      });
      if (r.env) {
        this.env = { ...r.env };
        if (r.env.PWD) this.cwd = r.env.PWD;
      }
      if (r.stdout) io.write(r.stdout, 'stdout');
      if (ac.signal.aborted) return EXIT_INTERRUPTED;
      if (r.stderr) io.write(ourLimitWords(r.stderr), 'stderr');
      return r.exitCode;
    } catch (err) {
      if (ac.signal.aborted) return EXIT_INTERRUPTED;
      io.write(`bash: ${err instanceof Error ? err.message : String(err)}\n`, 'stderr');
      return 1;
    } finally {
      if (this.running === ac) this.running = undefined;
      this.guard.signal = undefined;
    }
  }

  /** Ctrl-C: the running command stops at its next statement or file access. */
  interrupt(): void {
    this.running?.abort();
  }

  get fs(): MachineFs['fs'] {
    return this.machineFs.fs;
  }
}
