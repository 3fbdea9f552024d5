/**
 * The machine for component tests: the page's own supervisor and bridge
 * (MachineClient: the forwarders from the contract's list, Comlink and its
 * ordering), over a MessageChannel to a small machine in the worker's place.
 * That one keeps files in a Map and knows modprobe, rmmod, echo, ls, sleep
 * (until Ctrl-C) and hold (until the test releases it); it delivers its
 * callbacks and tells its changes with the worker's own code; the methods of
 * the contract it does not know say so. test/machine/ and the E2E suite run
 * the real machine.
 */
import { expose } from 'comlink';
import { MachineClient } from '../../src/client/machine-client';
import type { MachineEndpoint } from '../../src/client/machine-bridge';
import { MACHINE_METHODS } from '../../src/shared/machine-methods';
import type {
  ArchiveSource,
  ArchiveSummary,
  CommandIo,
  CommandResult,
  DirEntry,
  KernelConfig,
  LoadProgress,
  MachineApi,
  MachineChange,
  MachineState,
  ModuleName,
  RebootedState,
  RunOptions,
} from '../../src/shared/worker-api';
import { delivery } from '../../src/worker/callback-delivery';
import { MachineChanges } from '../../src/worker/machine-changes';

const text = (s: string) => new TextEncoder().encode(s);
const ARCHIVE = '/sys/kernel/kheaders.tar.xz';
const XZ = new Uint8Array([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0, 0, 4, 1, 2, 3]);
const ROOT = { user: 'root', home: '/root' };

/** The worker's side of the fake: what it ran and holds, for the tests to look at. */
export class FakeWorkerMachine {
  readonly files = new Map<string, Uint8Array>();
  readonly ran: string[] = [];
  readonly configs: Partial<KernelConfig>[] = [];
  /** Whether each command ran for a terminal (RunOptions.terminal). */
  readonly terminal: boolean[] = [];
  state: MachineState = {
    release: '6.1.0-kh',
    config: { era: 'sysfs-5.2-rc4', IKHEADERS: 'm', IKCONFIG: 'y', IKCONFIG_PROC: true },
    modules: [
      { name: 'kheaders', status: 'unloaded', sizeBytes: 4_100_000, refcnt: 0 },
      { name: 'configs', status: 'builtin', sizeBytes: 31_000, refcnt: 0 },
    ],
    memory: { totalKb: 2_000_000, freeKb: 1_500_000, availableKb: 1_700_000, modulesKb: 30 },
    headersPath: null,
    mounts: [],
  };
  private readonly changes = new MachineChanges({
    state: () => this.state,
    list: (path) => this.readDir(path),
  });
  private stop: (() => void) | undefined;
  private held: (() => void) | undefined;

  constructor(files: Record<string, string>) {
    this.files.set('/proc/config.gz', new Uint8Array([0x1f, 0x8b, 8, 0]));
    for (const [path, body] of Object.entries(files)) this.files.set(path, text(body));
  }

  /** Ends a running `hold` (a command that runs until the test says so). */
  release(): void {
    this.held?.();
  }

  async boot(_url: string, onProgress?: (p: LoadProgress) => void): Promise<MachineState> {
    const progress = delivery(onProgress);
    progress.call({ phase: 'done', bytesIn: 10, totalIn: 10, bytesOut: 20 });
    await progress.settled();
    return this.state;
  }

  async getState(): Promise<MachineState> {
    return this.state;
  }

  async subscribe(onChange: (state: MachineState) => void): Promise<void> {
    this.changes.subscribe(onChange);
  }

  async setConfig(patch: Partial<KernelConfig>): Promise<RebootedState> {
    this.configs.push(patch);
    this.state = { ...this.state, config: { ...this.state.config, ...patch } };
    this.changes.kernel();
    return { ...this.state, rebootNotice: 'Rebuilt the kernel and rebooted.\n' };
  }

  async run(line: string, io: CommandIo, options: RunOptions = {}): Promise<number> {
    this.ran.push(line);
    this.terminal.push(!!options.terminal);
    const output = delivery((chunk: string, stream: 'stdout' | 'stderr') =>
      io.write(chunk, stream),
    );
    const told = delivery((c: MachineChange) => io.changed?.(c));
    const finish = delivery((r: CommandResult) => io.done?.(r));
    this.changes.begin(options.watch ?? [], told.call);
    const exitCode = await this.runLine(line, output.call, !!options.terminal);
    // No restart point: the fake is never restarted.
    finish.call({ exitCode, ...(await this.changes.end()), cwd: '/root', user: ROOT });
    await Promise.all([output.settled(), told.settled(), finish.settled()]);
    return exitCode;
  }

  private async runLine(
    line: string,
    write: (chunk: string, stream: 'stdout' | 'stderr') => void,
    tty: boolean,
  ): Promise<number> {
    const [cmd, arg] = line.trim().split(/\s+/);
    if (cmd === 'echo') {
      write(line.slice(5) + '\n', 'stdout');
      return 0;
    }
    if (cmd === 'hold') {
      await new Promise<void>((resolve) => (this.held = resolve));
      return 0;
    }
    if (cmd === 'sleep') {
      await new Promise<void>((resolve) => (this.stop = resolve));
      return 130;
    }
    if (cmd === 'modprobe' || cmd === 'rmmod') {
      this.setModule(arg as ModuleName, cmd === 'modprobe');
      return 0;
    }
    if (cmd === 'ls') {
      // As the machine's ls: coloured names only when writing to a terminal.
      const names = tty
        ? '\x1b[1;34minclude\x1b[0m\n\x1b[1;31mkheaders.tar.xz\x1b[0m\n'
        : 'include\nkheaders.tar.xz\n';
      write(names, 'stdout');
      return 0;
    }
    write(`${cmd}: command not found\n`, 'stderr');
    return 127;
  }

  async interrupt(): Promise<void> {
    this.stop?.();
  }

  async shareInterruptFlag(): Promise<void> {}

  async complete(line: string, cursor: number): Promise<{ from: number; candidates: string[] }> {
    const from = line.lastIndexOf(' ', cursor - 1) + 1;
    const word = line.slice(from, cursor);
    const all = ['modprobe', 'modinfo', 'mkdir', '/sys/', '/tmp/'];
    return { from, candidates: all.filter((c) => c.startsWith(word)) };
  }

  async cwd(): Promise<string> {
    return '/root';
  }

  async readDir(path: string): Promise<DirEntry[]> {
    const prefix = path === '/' ? '/' : `${path}/`;
    const seen = new Map<string, DirEntry>();
    for (const [file, bytes] of this.files) {
      if (!file.startsWith(prefix)) continue;
      const rest = file.slice(prefix.length);
      const slash = rest.indexOf('/');
      const name = slash < 0 ? rest : rest.slice(0, slash);
      if (!seen.has(name))
        seen.set(
          name,
          slash < 0
            ? { name, kind: 'file', size: bytes.length, mode: 0o444 }
            : { name, kind: 'directory', size: 0, mode: 0o755 },
        );
    }
    if (!seen.size && path !== '/') throw new Error(`${path}: No such file or directory`);
    return [...seen.values()];
  }

  async readFile(path: string, maxBytes?: number): Promise<Uint8Array> {
    const bytes = this.files.get(path);
    if (!bytes) throw new Error(`${path}: No such file or directory`);
    return bytes.slice(0, maxBytes ?? bytes.length);
  }

  async loadArchive(
    source: ArchiveSource,
    onProgress?: (p: LoadProgress) => void,
  ): Promise<ArchiveSummary> {
    if (source.kind !== 'bytes' && source.kind !== 'blob') throw new Error('fake: files only');
    const bytes =
      source.kind === 'bytes' ? source.bytes : new Uint8Array(await source.blob.arrayBuffer());
    if (bytes[0] !== 0xfd) throw new Error('not an xz file (no magic bytes at offset 0)');
    const progress = delivery(onProgress);
    progress.call({ phase: 'done', bytesIn: bytes.length, bytesOut: 100 });
    const path = `/mnt/${source.name}`;
    this.files.set(`${path}/include/a.h`, text('int a;\n'));
    for (const p of ['/mnt', `${path}/include`, `${path}/include/a.h`]) this.changes.wrote(p);
    this.state = { ...this.state, mounts: [{ path, name: source.name, entries: 1 }] };
    this.changes.mounted(path);
    await progress.settled();
    return {
      name: source.name,
      format: 'xz',
      compressedBytes: bytes.length,
      decodedBytes: 100,
      checks: ['CRC64'],
      verified: true,
      verification: 'verified',
      streams: 1,
      blocks: 1,
      elapsedMs: 1,
    };
  }

  private setModule(name: ModuleName, load: boolean): void {
    const modules = this.state.modules.map((m) =>
      m.name === name ? { ...m, status: load ? ('loaded' as const) : ('unloaded' as const) } : m,
    );
    if (name === 'kheaders') {
      if (load) this.files.set(ARCHIVE, XZ);
      else this.files.delete(ARCHIVE);
      // The fake's folders are its files' ancestors: /sys and /sys/kernel come and go with it.
      for (const path of ['/sys', '/sys/kernel', ARCHIVE]) this.changes.wrote(path);
    }
    this.state = {
      ...this.state,
      modules,
      headersPath: name === 'kheaders' ? (load ? ARCHIVE : null) : this.state.headersPath,
      memory: { ...this.state.memory, modulesKb: load ? 4030 : 30 },
    };
    this.changes.kernel();
  }
}

/** The fake's side of a new port, as a worker's: the contract's methods it lacks say so. */
function portTo(inside: FakeWorkerMachine): MachineEndpoint {
  for (const name of MACHINE_METHODS)
    if (!(name in inside))
      Object.defineProperty(inside, name, {
        value: async () => {
          throw new Error(`the fake machine has no ${name}; test/machine/ uses the real one`);
        },
      });
  const { port1, port2 } = new MessageChannel();
  expose(inside as unknown as MachineApi, port1);
  port2.start();
  return Object.assign(port2, { terminate: () => (port1.close(), port2.close()) });
}

/** The page's machine over the fake: MachineClient, and a look at what is behind its port. */
export class FakeMachine extends MachineClient {
  readonly inside: FakeWorkerMachine;

  constructor(files: Record<string, string> = {}) {
    const inside = new FakeWorkerMachine(files);
    super(() => portTo(inside));
    this.inside = inside;
  }

  get files() {
    return this.inside.files;
  }
  get ran() {
    return this.inside.ran;
  }
  get configs() {
    return this.inside.configs;
  }
  get terminal() {
    return this.inside.terminal;
  }
  get state() {
    return this.inside.state;
  }
  release(): void {
    this.inside.release();
  }
}

/** Resolves when cond() holds, polling; fails the test with what was awaited. */
export async function until(cond: () => unknown, what = 'condition', ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!(await cond())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
