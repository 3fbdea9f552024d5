/**
 * The machine's shell: just-bash (loaded on first use, so the worker starts
 * fast) on the machine's filesystem, with our commands beside its built-ins.
 * Each run() is one command line; its output streams as each command ends,
 * and the session (directory, variables, functions, arrays, aliases, shell
 * options, `$?`) carries over to the next, as in an interactive bash.
 */
import type { Command, IFileSystem } from 'just-bash';
import type { CommandIo, RunOptions, ShellSession } from '../../shared/worker-api';
import type { Kernel } from '../kernel/kernel';
import { HOSTNAME } from '../kernel/kernel-text';
import { decodeXz } from '../xz/xz-decoder';
import { guardFs, type FsGuard } from '../vfs/guarded-fs';
import { internalsMissing } from '../vfs/just-bash-internals';
import { buildMachineFs, type MachineFs } from '../vfs/machine-fs';
import type { HomeDisk, OwnerBook } from '../vfs/home-disk';
import type { MachineServices } from './command-kit';
import { Credentials, GROUP, PASSWD, STUDENT } from '../kernel/users';
import { suCommand } from './commands/su-command';
import { rmCommand } from './commands/rm-command';
import { absentPackages, imageCommand } from './commands/image-command';
import { permissionWords } from './errno-words';
import { UserSession, type SessionState } from './user-session';
import { bpftrace } from './commands/bpftrace';
import { duCommand } from './commands/du-command';
import { findCommand } from './commands/find-command';
import { grepCommand } from './commands/grep-command';
import { dfCommand } from './commands/df-command';
import { endlessHead } from './commands/endless-devices';
import { ddCommand } from './commands/dd-command';
import { tailBytes } from './commands/tail-bytes';
import { diffCommand } from './commands/diff-command';
import { browseCommands } from './commands/kh-browse';
import { TreeIndexes } from '../index/tree-indexes';
import { clangTools, warmClang } from './commands/clang-tools';
import { gnuCompat } from './commands/gnu-compat';
import { gzipTools } from './commands/gzip-tools';
import { identity } from './commands/identity';
import { manual } from './commands/manual';
import { moduleTools } from './commands/module-tools';
import { statCommand } from './commands/stat-command';
import { systemInfo } from './commands/system-info';
import { systemStatus } from './commands/system-status';
import { wcCommand } from './commands/wc-command';
import { tarCommand } from './commands/tar-command';
import { TrapTable, trapCommand } from './commands/trap-command';
import { HistoryList, historyCommand } from './commands/history-command';
import { helpRoute, MACHINE_HELP } from './help-route';
import { xzTools } from './commands/xz-tools';
import { DecodeCache } from './decode-cache';
import { attachLiveSession, type LineResult, type LiveSession } from './live-session';

/** The login environment: root's, as on the demo box. */
const LOGIN = {
  HOME: '/root',
  USER: 'root',
  LOGNAME: 'root',
  HOSTNAME,
  SHELL: '/bin/bash',
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  TERM: 'xterm-256color',
  LANG: 'C.UTF-8',
} as const;

/**
 * The runaway guard: just-bash's maxCommandCount and maxLoopIterations per
 * command line (test/limits/limit-table.ts lists it with the others).
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
  /** The disk for /root and /home (home-disk.ts); without it they are tmpfs mounts. */
  homeDisk?: Promise<HomeDisk>;
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
  private running: AbortController | undefined;
  /** Who the shell runs as, and the shells su started (user-session.ts). */
  users!: UserSession;
  /** Set by the page on Ctrl-C when it can share memory (see MachineApi.shareInterruptFlag). */
  interruptFlag: Int32Array | undefined;

  private constructor(
    private readonly live: LiveSession,
    readonly machineFs: MachineFs,
    private readonly guard: FsGuard,
    readonly commandNames: string[],
    /** What bash keeps that just-bash does not: traps and the lines run. */
    private readonly kept: { traps: TrapTable; history: HistoryList },
    /** Identifier indexes of the header trees on this machine, built on first use. */
    readonly indexes: TreeIndexes,
  ) {}

  static async create(kernel: Kernel, options: ShellOptions = {}): Promise<Shell> {
    const jb = await import('just-bash/browser');
    const missing = internalsMissing(jb);
    if (missing.length) {
      // An upgrade moved what the machine's filesystem relies on: say what, do not limp on.
      throw new Error(
        `this just-bash lacks what the machine's filesystem uses: ${missing.join(', ')} (see src/worker/vfs/just-bash-internals.ts)`,
      );
    }
    const decoded = new DecodeCache((bytes) => decodeXz(bytes));
    const creds = new Credentials();
    const users = new UserSession(creds);
    const services: MachineServices = {
      kernel,
      decodeXz: (bytes) => decoded.get(bytes),
      creds,
    };
    // The identifier indexes read the shell's filesystem and go stale with its writes.
    const fsOfShell: { fs?: IFileSystem } = {};
    const indexes = new TreeIndexes(() => fsOfShell.fs!);
    const onWrite = options.onWrite ?? (() => {});
    const guard: FsGuard = {
      signal: undefined,
      onWrite: (path) => (indexes.invalidate(path), onWrite(path)),
    };
    const kept = { traps: new TrapTable(), history: new HistoryList() };
    const ours: Command[] = [
      trapCommand(kept.traps),
      historyCommand(kept.history),
      ...moduleTools(services),
      ...systemInfo(services),
      ...systemStatus(services),
      ...xzTools(services),
      tarCommand(services),
      ...gzipTools(),
      ...gnuCompat(),
      ...identity(creds),
      suCommand(users),
      rmCommand(),
      imageCommand(services),
      statCommand(),
      duCommand(),
      wcCommand(),
      findCommand(),
      grepCommand(),
      endlessHead(),
      tailBytes(),
      ddCommand(),
      dfCommand(() => machineFs.usage()),
      diffCommand(),
      ...browseCommands(indexes),
      bpftrace(services),
      ...manual(),
      ...clangTools(services),
    ];
    const all = [...new Set([...jb.getCommandNames(), ...ours.map((c) => c.name)])].sort();
    const disk = await options.homeDisk;
    const machineFs = buildMachineFs(jb, kernel, {
      tmpfsBytes: options.tmpfsBytes,
      commands: all,
      disk,
      creds,
    });
    fsOfShell.fs = machineFs.fs;
    services.files = machineFs.fs;
    // just-bash finds a command through its file in PATH; Tab never offers the help route.
    const names = all.filter((n) => n !== MACHINE_HELP);
    const limit = options.maxCommands ?? SHELL_LIMITS.maxCommands;
    // The owners kept on the disk join the machine's owner book (file-owners.ts).
    const book = (machineFs.fs as { owners?: OwnerBook }).owners;
    if (disk && book) disk.attachOwners(book);
    const bash = new jb.Bash({
      fs: guardFs(machineFs.fs, guard),
      cwd: LOGIN.HOME,
      customCommands: ours,
      executionLimits: { maxCommandCount: limit, maxLoopIterations: limit },
      processInfo: { uid: 0, gid: 0 },
    });
    bash.registerTransformPlugin(helpRoute);
    await makeAccounts(machineFs);
    const shell = new Shell(await attachLiveSession(bash), machineFs, guard, names, kept, indexes);
    shell.users = users;
    shell.warmCompiler = () => warmClang(services);
    shell.session = { cwd: LOGIN.HOME, env: { ...LOGIN } };
    shell.live.interactive();
    return shell;
  }

  /** Warms clang in the background where a visit before kept it (clang-service.ts). */
  warmCompiler: () => Promise<boolean> = async () => false;

  /** Who runs the shell, how many su shells are open, what the image lacks. */
  async sessionFacts(): Promise<ShellSession> {
    return {
      user: this.users.creds.current.name,
      shells: this.users.depth,
      absent: await absentPackages(this.fs),
    };
  }

  get workingDirectory(): string {
    return this.live.state.cwd;
  }

  /** The directory and variables that carry from one line to the next. */
  get session(): { cwd: string; env: Record<string, string> } {
    const { cwd, env } = this.live.state;
    return { cwd, env: Object.fromEntries(env) };
  }

  set session(s: { cwd: string; env: Record<string, string> }) {
    const state = this.live.state;
    state.cwd = s.cwd;
    if (Object.keys(s.env).length) state.env = new Map(Object.entries(s.env));
    state.env.set('PWD', s.cwd);
  }

  /**
   * Runs one command line; output reaches io as each command ends, in the
   * order the commands ran. Resolves to its exit status (130 when interrupted).
   */
  async run(line: string, io: CommandIo, options?: RunOptions): Promise<number> {
    this.kept.history.add(line);
    const ac = new AbortController();
    this.running = ac;
    const signal = this.interruptFlag ? watchFlag(ac, this.interruptFlag) : ac.signal;
    this.guard.signal = signal;
    const write = (text: string, stream: 'stdout' | 'stderr') => {
      if (!text || (stream === 'stderr' && ac.signal.aborted)) return;
      io.write(stream === 'stderr' ? permissionWords(ourLimitWords(text)) : text, stream);
    };
    let r: LineResult | undefined;
    try {
      r = await this.live.run(line, write, signal, !!options?.terminal);
    } catch (err) {
      if (!ac.signal.aborted) {
        write(`bash: ${err instanceof Error ? err.message : String(err)}\n`, 'stderr');
        this.live.setStatus(1);
        return 1;
      }
    } finally {
      if (this.running === ac) this.running = undefined;
      this.guard.signal = undefined;
    }
    if (ac.signal.aborted) {
      write(r?.stdout ?? '', 'stdout');
      await this.runTrap('SIGINT', io);
      this.live.setStatus(EXIT_INTERRUPTED);
      return EXIT_INTERRUPTED;
    }
    write(r!.stdout, 'stdout');
    write(r!.stderr, 'stderr');
    if (r!.exited && this.users.depth > 0) {
      // The shell su started ends; the one below it comes back.
      const said = this.users.leave(this.live.state as SessionState);
      if (said) io.write(said, 'stderr');
    } else if (r!.exited) await this.runTrap('EXIT', io);
    const su = this.users.pending;
    if (su) {
      this.users.pending = undefined;
      this.users.enter(this.live.state as SessionState, su.account, su.login);
    }
    return r!.exitCode;
  }

  /** Runs a trap's handler as bash does when the signal comes (its status is not the line's). */
  private async runTrap(name: 'SIGINT' | 'EXIT', io: CommandIo): Promise<void> {
    const handler = this.kept.traps.handler(name);
    if (!handler) return;
    const r = await this.live.run(handler, (t, s) => io.write(t, s), new AbortController().signal);
    if (r.stdout) io.write(r.stdout, 'stdout');
    if (r.stderr) io.write(r.stderr, 'stderr');
  }

  /** Ctrl-C: the running command stops at its next statement or file access. */
  interrupt(): void {
    this.running?.abort();
  }

  get fs(): MachineFs['fs'] {
    return this.machineFs.fs;
  }
}

/**
 * The accounts' files and homes: /etc/passwd and /etc/group as adduser
 * leaves them, /tmp world-writable and sticky (1777, as systemd's tmp.mount
 * and Debian's base-files make it), the student's home theirs.
 */
async function makeAccounts(machineFs: MachineFs): Promise<void> {
  const fs = machineFs.fs;
  await fs.writeFile('/etc/passwd', PASSWD);
  await fs.writeFile('/etc/group', GROUP);
  await fs.chmod('/tmp', 0o1777);
  if (!(await fs.exists(STUDENT.home))) await fs.mkdir(STUDENT.home, { recursive: true });
  fs.owners?.addHome(STUDENT.home, STUDENT);
}
