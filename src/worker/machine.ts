/**
 * The simulated machine: the worker-side object behind MachineApi. It owns
 * everything the page sees through the API; the page holds no state of it.
 * The kernel state is the one source of truth; /proc, /sys and the module
 * tools are views and verbs over it; the shell loads on first use.
 */
import type {
  ArchiveSource,
  ArchiveSummary,
  CommandIo,
  DirEntry,
  FaultDrill,
  KernelConfig,
  LoadProgress,
  MachineApi,
  MachineSnapshot,
  MachineState,
  RebootedState,
} from '../shared/worker-api';
import { delivery } from './callback-delivery';
import { BrowseApi } from './index/browse-api';
import { armWasmTrap, hasTrapped } from './faults/wasm-trap';
import { loadArchive, type LoadedArchive } from './archive-loader';
import { Kernel } from './kernel/kernel';
import { rebootNotice } from './kernel/kernel-text';
import { MODULE_NAMES } from './kernel/module-registry';
import { fetchKernelArtifacts, type KernelArtifacts } from './kernel/kernel-manifest';
import { errnoText } from './shell/command-kit';
import { EXIT_INTERRUPTED, Shell, type ShellOptions } from './shell/shell';
import { fixedLength, prepareMount, type ArchiveMount } from './vfs/archive-mounts';
import { restoreFs, snapshotFs } from './vfs/fs-snapshot';
import { XzError } from './xz/xz-error';

/** Writes under /tmp come in bursts (an extraction is thousands): tell listeners once per burst. */
const STATE_DEBOUNCE_MS = 100;

export class Machine implements MachineApi {
  private archive: LoadedArchive | undefined;
  private kernel: Kernel | undefined;
  private shell: Promise<Shell> | undefined;
  private readonly listeners: ((s: MachineState) => void)[] = [];
  private pending: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<number> | undefined;
  /** The user's archives by mount point, oldest first; kept here so they outlive a reboot. */
  private readonly archiveMounts = new Map<string, ArchiveMount>();
  /** Counts writes to the machine's files, so an unchanged tree is not snapshotted again. */
  private generation = 0;
  /** The page's shared Ctrl-C flag, handed to the shell once it exists. */
  private interruptFlag: Int32Array | undefined;

  constructor(private readonly options: ShellOptions = {}) {}

  async loadArchive(
    source: ArchiveSource,
    onProgress?: (p: LoadProgress) => void,
  ): Promise<ArchiveSummary> {
    const progress = delivery(onProgress);
    try {
      // What the user had stays until the new archive is fully verified and indexed.
      const decoded = await loadArchive(await this.resolveSource(source), progress.call);
      const loaded = { ...decoded, bytes: fixedLength(decoded.bytes) };
      const mount = prepareMount(source.name, loaded.summary.format, loaded.bytes);
      this.archive = loaded;
      // A second archive of the same name replaces the first; the newest is listed last.
      this.archiveMounts.delete(mount.path);
      this.archiveMounts.set(mount.path, mount);
      this.settled?.machineFs.mountArchive(mount);
      this.notifySoon(0);
      return mount.notice ? { ...loaded.summary, notice: mount.notice } : loaded.summary;
    } catch (err) {
      throw asPlainError(err);
    } finally {
      await progress.settled();
    }
  }

  /** A path on the machine becomes its bytes, read as the shell would read them. */
  private async resolveSource(
    source: ArchiveSource,
  ): Promise<Exclude<ArchiveSource, { kind: 'path' }>> {
    if (source.kind !== 'path') return source;
    const fs = (await this.shellReady()).fs;
    try {
      return { kind: 'bytes', bytes: await fs.readFileBuffer(source.path), name: source.name };
    } catch (err) {
      throw new Error(`cannot read ${source.path}: ${errnoText(err)}`);
    }
  }

  /** The current archive's decoded bytes (for the worker's own parts). */
  get archiveBytes(): Uint8Array | undefined {
    return this.archive?.bytes;
  }

  async boot(kernelBaseUrl: string, onProgress?: (p: LoadProgress) => void): Promise<MachineState> {
    const progress = delivery(onProgress);
    const booted = fetchKernelArtifacts(kernelBaseUrl, progress.call).then((a) => this.bootWith(a));
    // A command typed while the kernel is still arriving waits for it instead of failing.
    this.booting = booted.then(
      () => undefined,
      () => undefined,
    );
    try {
      return await booted;
    } finally {
      await progress.settled();
    }
  }

  /** Set while boot() fetches the kernel. */
  private booting: Promise<void> | undefined;

  /** Boots from artifacts already in memory (tests, a page that fetched them itself). */
  bootWith(artifacts: KernelArtifacts): MachineState {
    this.kernel = new Kernel(artifacts, () => this.tmpfsBytes());
    this.kernel.onChange(() => this.notifySoon(0));
    this.shell = undefined;
    return this.kernel.state(this.mounts());
  }

  private requireKernel(): Kernel {
    if (!this.kernel) throw new Error('the machine has not booted yet: call boot() first');
    return this.kernel;
  }

  private async shellReady(): Promise<Shell> {
    if (!this.kernel) await this.booting;
    const kernel = this.requireKernel();
    this.shell ??= Shell.create(kernel, {
      ...this.options,
      onWrite: (path) => {
        this.generation++;
        if (/^\/(tmp|home)(\/|$)/.test(path)) this.notifySoon(STATE_DEBOUNCE_MS);
      },
    }).then((s) => {
      s.interruptFlag = this.interruptFlag;
      for (const m of this.archiveMounts.values()) s.machineFs.mountArchive(m);
      return (this.settled = s);
    });
    return this.shell;
  }

  private settled: Shell | undefined;

  private tmpfsBytes(): number {
    return this.settled?.machineFs.tmpfsBytes() ?? 0;
  }

  private mounts(): MachineState['mounts'] {
    return [...this.archiveMounts.values()].map(({ path, name, entries }) => ({
      path,
      name,
      entries,
    }));
  }

  private notifySoon(delayMs: number): void {
    if (this.pending !== undefined) {
      if (delayMs > 0) return;
      clearTimeout(this.pending);
    }
    this.pending = setTimeout(() => {
      this.pending = undefined;
      if (!this.kernel) return;
      const state = this.kernel.state(this.mounts());
      for (const l of this.listeners) l(state);
    }, delayMs);
  }

  async getState(): Promise<MachineState> {
    return this.requireKernel().state(this.mounts());
  }

  async subscribe(onChange: (state: MachineState) => void): Promise<void> {
    this.listeners.push(onChange);
  }

  async setConfig(patch: Partial<KernelConfig>): Promise<RebootedState> {
    const kernel = this.requireKernel();
    kernel.setConfig(patch);
    return {
      ...kernel.state(this.mounts()),
      rebootNotice: rebootNotice(kernel.artifacts.manifest, kernel.boot),
    };
  }

  async run(commandLine: string, io: CommandIo): Promise<number> {
    const shell = await this.shellReady();
    // One command at a time, as at a terminal.
    while (this.running) await this.running.catch(() => EXIT_INTERRUPTED);
    const output = delivery((chunk: string, stream: 'stdout' | 'stderr') =>
      io.write(chunk, stream),
    );
    const run = shell.run(commandLine, { write: output.call }).finally(() => output.settled());
    this.running = run;
    try {
      return await run;
    } finally {
      this.running = undefined;
    }
  }

  async interrupt(): Promise<void> {
    this.settled?.interrupt();
  }

  async shareInterruptFlag(flag: Int32Array): Promise<void> {
    this.interruptFlag = flag;
    if (this.settled) this.settled.interruptFlag = flag;
  }

  async complete(line: string, cursor: number): Promise<{ from: number; candidates: string[] }> {
    const shell = await this.shellReady();
    const before = line.slice(0, cursor);
    const from =
      Math.max(before.lastIndexOf(' '), before.lastIndexOf('|'), before.lastIndexOf(';')) + 1;
    const word = before.slice(from);
    const firstWord =
      before.slice(0, from).trim() === '' || /[|;&]\s*$/.test(before.slice(0, from));
    if (firstWord && !word.includes('/')) {
      return { from, candidates: shell.commandNames.filter((c) => c.startsWith(word)) };
    }
    const tool = /(?:^|[|;&]\s*)(modprobe|rmmod|modinfo)(?:\s+-\S+)*\s+$/.exec(
      before.slice(0, from),
    )?.[1];
    if (tool && !word.startsWith('-')) {
      // kmod's bash completion: rmmod offers the loaded modules, modprobe and modinfo the known ones.
      const modules = this.requireKernel().modules;
      const names = tool === 'rmmod' ? modules.loadedNames() : MODULE_NAMES;
      return { from, candidates: names.filter((n) => n.startsWith(word)) };
    }
    const slash = word.lastIndexOf('/');
    const dirPart = slash >= 0 ? word.slice(0, slash + 1) : '';
    const prefix = word.slice(slash + 1);
    const dir = shell.fs.resolvePath(shell.workingDirectory, dirPart || '.');
    try {
      const entries = await this.readDir(dir);
      const candidates = entries
        .filter(
          (e) => e.name.startsWith(prefix) && (prefix.startsWith('.') || !e.name.startsWith('.')),
        )
        .map((e) => `${dirPart}${e.name}${e.kind === 'directory' ? '/' : ''}`);
      return { from, candidates };
    } catch {
      return { from, candidates: [] };
    }
  }

  async cwd(): Promise<string> {
    return (await this.shellReady()).workingDirectory;
  }

  async readDir(path: string): Promise<DirEntry[]> {
    const fs = (await this.shellReady()).fs;
    const names = await fs.readdir(path);
    const base = path.endsWith('/') ? path : `${path}/`;
    return Promise.all(
      names.map(async (name): Promise<DirEntry> => {
        const st = await fs.lstat(`${base}${name}`);
        const kind = st.isDirectory ? 'directory' : st.isSymbolicLink ? 'symlink' : 'file';
        return { name, kind, size: st.size, mode: st.mode };
      }),
    );
  }

  async readFile(path: string, maxBytes?: number): Promise<Uint8Array> {
    const fs = (await this.shellReady()).fs;
    const bytes = await fs.readFileBuffer(path);
    // A copy crosses the boundary; the machine's buffer stays whole.
    return bytes.slice(0, maxBytes ?? bytes.length);
  }

  async snapshot(knownGeneration?: number): Promise<MachineSnapshot> {
    // Between commands only: a half-run command is not a consistent point.
    while (this.running) await this.running.catch(() => EXIT_INTERRUPTED);
    if (hasTrapped()) throw new Error('the xz decoder trapped: this machine’s state is not saved');
    const state = this.requireKernel().state();
    const shell = this.settled;
    const unchanged = knownGeneration === this.generation;
    return {
      generation: this.generation,
      config: { ...state.config },
      loaded: state.modules.filter((m) => m.status === 'loaded').map((m) => m.name),
      ...(shell ? shell.session : { cwd: '/root', env: {} }),
      ...(unchanged ? {} : { files: shell ? snapshotFs(shell.machineFs.writable) : [] }),
      takenAt: Date.now(),
    };
  }

  async restore(snapshot: MachineSnapshot): Promise<MachineState> {
    const kernel = this.requireKernel();
    kernel.setConfig(snapshot.config);
    for (const name of snapshot.loaded) kernel.load(name);
    const shell = await this.shellReady();
    if (snapshot.files) await restoreFs(shell.fs, snapshot.files);
    shell.session = { cwd: snapshot.cwd, env: snapshot.env };
    this.generation = 0;
    return kernel.state(this.mounts());
  }

  private async browse(): Promise<BrowseApi> {
    const shell = await this.shellReady();
    return new BrowseApi(shell.fs, shell.indexes);
  }

  async findDefinitions(path: string, name: string) {
    return (await this.browse()).findDefinitions(path, name);
  }

  async searchSymbols(path: string, query: string, limit?: number) {
    return (await this.browse()).searchSymbols(path, query, limit);
  }

  async findReferences(path: string, name: string, limit?: number) {
    return (await this.browse()).findReferences(path, name, limit);
  }

  async conditionals(path: string) {
    return (await this.browse()).conditionals(path);
  }

  async diffTrees(a: string, b: string) {
    return (await this.browse()).diffTrees(a, b);
  }

  async diffFiles(a: string, b: string) {
    return (await this.browse()).diffFiles(a, b);
  }

  async drill(fault: FaultDrill): Promise<void> {
    if (fault === 'wasm-trap') armWasmTrap();
    else if (fault === 'hang') hangSoon();
    else crashSoon();
  }
}

/** The fault drill's crash: an error no one catches, as a bug in the worker would throw. */
function crashSoon(): void {
  setTimeout(() => {
    throw new Error('fault drill: the machine’s worker crashed');
  });
}

/** The fault drill's hang: the worker's thread never comes back to its event loop. */
function hangSoon(): void {
  setTimeout(() => {
    for (;;) {
      // spin: only terminate() ends this worker now
    }
  });
}

/** Comlink passes Error's message; keep the kind and offset in it too. */
function asPlainError(err: unknown): Error {
  if (err instanceof XzError) {
    const e = new Error(err.message);
    e.name = `XzError:${err.kind}`;
    return e;
  }
  return err instanceof Error ? err : new Error(String(err));
}
