/**
 * A tiny stand-in for the worker's machine, for component tests only: it
 * keeps files in a Map and knows modprobe/rmmod/echo/sleep. The E2E suite
 * runs the real worker. Callbacks arrive as they do through Comlink: each
 * in a later task, never in the same turn as the call that made it, and all
 * of them before that call settles (the contract's ordering rule).
 */
import type {
  ArchiveSource,
  ArchiveSummary,
  CommandIo,
  DirEntry,
  DiskStatus,
  KernelConfig,
  LoadProgress,
  MachineSnapshot,
  MachineState,
  RebootedState,
  ModuleName,
  RunOptions,
} from '../../src/shared/worker-api';
import type { MachineFault, SupervisedMachine } from '../../src/client/machine-client';

const text = (s: string) => new TextEncoder().encode(s);
const ARCHIVE = '/sys/kernel/kheaders.tar.xz';
const XZ = new Uint8Array([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0, 0, 4, 1, 2, 3]);

export class FakeMachine implements SupervisedMachine {
  readonly files = new Map<string, Uint8Array>();
  readonly ran: string[] = [];
  readonly configs: Partial<KernelConfig>[] = [];
  /** Whether each command ran for a terminal (RunOptions.terminal). */
  readonly terminal: boolean[] = [];
  readonly faultListeners: ((f: MachineFault) => void)[] = [];
  terminated = false;
  private listeners: ((s: MachineState) => void)[] = [];
  private stop: (() => void) | undefined;
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

  private delivering: Promise<void>[] = [];
  private held: (() => void) | undefined;

  /** Ends a running `hold` (a command that runs until the test says so). */
  release(): void {
    this.held?.();
  }

  /** Calls back in a later task, as a message from the worker would arrive. */
  private later<A extends unknown[]>(fn: ((...args: A) => void) | undefined, ...args: A): void {
    if (!fn) return;
    this.delivering.push(new Promise<void>((resolve) => setTimeout(() => resolve(fn(...args)))));
  }

  /** What the worker does before a call settles: waits until its callbacks are delivered. */
  private async delivered<T>(value: T): Promise<T> {
    while (this.delivering.length) await Promise.all(this.delivering.splice(0));
    return value;
  }

  constructor(files: Record<string, string> = {}) {
    this.files.set('/proc/config.gz', new Uint8Array([0x1f, 0x8b, 8, 0]));
    for (const [path, body] of Object.entries(files)) this.files.set(path, text(body));
  }

  async boot(_url: string, onProgress?: (p: LoadProgress) => void): Promise<MachineState> {
    this.later(onProgress, { phase: 'done', bytesIn: 10, totalIn: 10, bytesOut: 20 });
    return this.delivered(this.state);
  }

  async getState(): Promise<MachineState> {
    return this.state;
  }

  async subscribe(onChange: (state: MachineState) => void): Promise<void> {
    this.listeners.push(onChange);
  }

  async setConfig(patch: Partial<KernelConfig>): Promise<RebootedState> {
    this.configs.push(patch);
    this.change({ ...this.state, config: { ...this.state.config, ...patch } });
    return { ...this.state, rebootNotice: 'Rebuilt the kernel and rebooted.\n' };
  }

  onFault(listener: (f: MachineFault) => void): void {
    this.faultListeners.push(listener);
  }

  terminate(): void {
    this.terminated = true;
  }

  async run(line: string, io: CommandIo, options?: RunOptions): Promise<number> {
    this.terminal.push(!!options?.terminal);
    return this.delivered(await this.runLine(line, io, !!options?.terminal));
  }

  private async runLine(line: string, io: CommandIo, tty: boolean): Promise<number> {
    const write = (chunk: string, stream: 'stdout' | 'stderr') =>
      this.later((c: string, s: typeof stream) => io.write(c, s), chunk, stream);
    this.ran.push(line);
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
      write(
        tty
          ? '\x1b[1;34minclude\x1b[0m\n\x1b[1;31mkheaders.tar.xz\x1b[0m\n'
          : 'include\nkheaders.tar.xz\n',
        'stdout',
      );
      return 0;
    }
    write(`${cmd}: command not found\n`, 'stderr');
    return 127;
  }

  async interrupt(): Promise<void> {
    this.stop?.();
  }

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

  async snapshot(): Promise<MachineSnapshot> {
    const loaded = this.state.modules.filter((m) => m.status === 'loaded').map((m) => m.name);
    return { generation: 0, config: this.state.config, loaded, cwd: '/root', env: {}, takenAt: 0 };
  }

  async restore(): Promise<MachineState> {
    return this.state;
  }

  async shareInterruptFlag(): Promise<void> {}

  /** The disk, as a browser without OPFS has it: nothing kept. */
  disk: DiskStatus = {
    kept: false,
    why: 'the fake machine has no disk',
    rebooted: false,
    files: 0,
    bytes: 0,
    sizeBytes: 0,
    mountMs: 0,
  };
  async diskStatus(): Promise<DiskStatus> {
    return this.disk;
  }
  async exportHome(): Promise<Uint8Array> {
    return new Uint8Array();
  }
  async importHome() {
    return { ...this.disk, restored: 0, skipped: [] };
  }
  async resetDisk(): Promise<DiskStatus> {
    return this.disk;
  }

  private noIndex = (): never => {
    throw new Error('the fake machine has no identifier index; test/index/ uses the real one');
  };
  findDefinitions = async () => this.noIndex();
  searchSymbols = async () => this.noIndex();
  findReferences = async () => this.noIndex();
  conditionals = async () => this.noIndex();
  diffTrees = async () => this.noIndex();
  diffFiles = async () => this.noIndex();

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
    this.later(onProgress, { phase: 'done', bytesIn: bytes.length, bytesOut: 100 });
    this.files.set(`/mnt/${source.name}/include/a.h`, text('int a;\n'));
    this.change({
      ...this.state,
      mounts: [{ path: `/mnt/${source.name}`, name: source.name, entries: 1 }],
    });
    return this.delivered<ArchiveSummary>({
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
    });
  }

  private setModule(name: ModuleName, load: boolean): void {
    const modules = this.state.modules.map((m) =>
      m.name === name ? { ...m, status: load ? ('loaded' as const) : ('unloaded' as const) } : m,
    );
    if (name === 'kheaders') {
      if (load) this.files.set(ARCHIVE, XZ);
      else this.files.delete(ARCHIVE);
    }
    this.change({
      ...this.state,
      modules,
      headersPath: name === 'kheaders' ? (load ? ARCHIVE : null) : this.state.headersPath,
      memory: { ...this.state.memory, modulesKb: load ? 4030 : 30 },
    });
  }

  private change(state: MachineState): void {
    this.state = state;
    for (const l of this.listeners) l(state);
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
