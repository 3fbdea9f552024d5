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
  KernelConfig,
  LoadProgress,
  MachineApi,
  MachineBrowseApi,
  MachineSnapshot,
  MachineState,
  RebootedState,
  RunOptions,
} from '../shared/worker-api';
import { delivery } from './callback-delivery';
import { BrowseApi } from './index/browse-api';
import { hasTrapped } from './faults/wasm-trap';
import { fromMachinePath, loadArchive } from './archive-loader';
import { CommandLines, type LineEnding } from './command-lines';
import { MachineChanges } from './machine-changes';
import { restoreCheckpoint, takeCheckpoint } from './machine-checkpoint';
import { Kernel } from './kernel/kernel';
import { rebootNotice } from './kernel/kernel-text';
import { KernelArrival } from './kernel/kernel-arrival';
import {
  fetchKernelBytes,
  fetchManifest,
  type KernelArtifacts,
  type KernelFacts,
} from './kernel/kernel-manifest';
import { complete, type Completion } from './shell/completion';
import { Shell, type ShellOptions } from './shell/shell';
import { prepareMount, type ArchiveMount } from './vfs/archive-mounts';
import type { HomeDiskOptions } from './vfs/home-disk';
import { MachineDisk } from './machine-disk';

/** The machine's options: the shell's, and where its disk for /root and /home is kept. */
export type MachineOptions = ShellOptions & { disk?: HomeDiskOptions };

/** Where a new shell starts (its login's HOME, see shell.ts). */
const LOGIN_DIRECTORY = '/root';
/** How often boot() tells the page how much of the kernel's bytes has arrived. */
const PROGRESS_MS = 100;

/** The shell of one boot: its promise, and the shell itself once it is there. */
interface ShellSlot {
  ready: Promise<Shell>;
  shell?: Shell;
}

export class Machine implements MachineApi {
  private kernel: Kernel | undefined;
  /** A new boot gets a new slot, so a shell still loading for the old one never lands in it. */
  private shellSlot: ShellSlot | undefined;
  /** What changed, told to the running command or, between commands, to subscribers. */
  private readonly changes = new MachineChanges({
    state: () => this.kernel?.state(this.mounts()),
    list: (path) => this.readDir(path),
  });
  /** Command lines, one at a time (command-lines.ts). */
  private readonly lines = new CommandLines({
    shell: () => this.shellReady(),
    kernel: () => this.requireKernel(),
    changes: this.changes,
    ending: (known) => this.ending(known),
  });
  /** The user's archives by mount point, oldest first; kept here so they outlive a reboot. */
  private readonly archiveMounts = new Map<string, ArchiveMount>();
  /** Counts writes to the machine's files, so an unchanged tree is not snapshotted again. */
  private generation = 0;
  /** The page's shared Ctrl-C flag, handed to the shell once it exists. */
  private interruptFlag: Int32Array | undefined;

  /** The disk for /root and /home (machine-disk.ts). */
  private readonly disk: MachineDisk;

  constructor(private readonly options: MachineOptions = {}) {
    this.disk = new MachineDisk(options.disk, {
      shell: () => this.shellReady(),
      idle: () => this.idle(),
      changed: () => void this.generation++,
    });
  }

  async diskStatus() {
    return this.disk.status();
  }

  async exportHome(): Promise<Uint8Array> {
    return this.disk.export();
  }

  async importHome(bytes: Uint8Array) {
    return this.disk.import(bytes);
  }

  async resetDisk() {
    return this.disk.reset();
  }

  /** Resolves once no command runs. */
  private idle(): Promise<void> {
    return this.lines.idle();
  }

  async loadArchive(
    source: ArchiveSource,
    onProgress?: (p: LoadProgress) => void,
  ): Promise<ArchiveSummary> {
    const progress = delivery(onProgress);
    try {
      // Sniff and decode, then index and mount. What the user had stays
      // until the new archive is fully verified and indexed.
      const shellFs = async () => (await this.shellReady()).fs;
      const loaded = await loadArchive(await fromMachinePath(source, shellFs), progress.call);
      const { summary, bytes, index } = loaded;
      const mount = prepareMount(source.name, summary.format, bytes, index);
      // A second archive of the same name replaces the first; the newest is listed last.
      this.archiveMounts.delete(mount.path);
      this.archiveMounts.set(mount.path, mount);
      this.shellSlot?.shell?.machineFs.mountArchive(mount);
      this.changes.mounted(mount.path);
      return mount.notice ? { ...summary, notice: mount.notice } : summary;
    } catch (err) {
      throw err instanceof Error ? err : new Error(String(err));
    } finally {
      await progress.settled();
    }
  }

  /**
   * Boots on the manifest alone: the shell answers while kheaders.tar.xz and
   * config.gz stream in (their readers wait, see kernel-arrival.ts). Resolves
   * once the bytes are here, as the progress bar shows.
   */
  async boot(kernelBaseUrl: string, onProgress?: (p: LoadProgress) => void): Promise<MachineState> {
    const progress = delivery(onProgress);
    performance.mark('kh:boot-start');
    // The disk opens while the kernel's files arrive; the shell waits for both.
    void this.disk.open();
    const booted = fetchManifest(kernelBaseUrl).then(({ manifest, manifestUrl }) => {
      const arrival = new KernelArrival(manifest, (onChunk) =>
        fetchKernelBytes(manifest, manifestUrl, onChunk),
      );
      this.bootWith({ manifest, baseUrl: manifestUrl, arrival });
      performance.mark('kh:kernel-up');
      // The shell loads beside the bytes: a line typed meanwhile need not wait for both.
      void this.shellReady().catch(() => undefined);
      return arrival;
    });
    // A command typed while the manifest is still arriving waits for it instead of failing.
    this.booting = booted.then(
      () => undefined,
      () => undefined,
    );
    try {
      const arrival = await booted;
      progress.call(arrival.progress());
      const ticker = setInterval(() => progress.call(arrival.progress()), PROGRESS_MS);
      try {
        await arrival.arrived;
      } finally {
        clearInterval(ticker);
      }
      progress.call(arrival.progress());
      performance.mark('kh:kernel-bytes');
      void this.warmClang().catch(() => undefined);
      return this.requireKernel().state(this.mounts());
    } finally {
      await progress.settled();
    }
  }

  /** clang warmed in the background where a visit before kept it (clang-tools.ts); true once it is. */
  async warmClang(): Promise<boolean> {
    const warm = await (await this.shellReady()).warmCompiler();
    if (warm) performance.mark('kh:clang-warm');
    return warm;
  }

  /** Set while boot() fetches the manifest. */
  private booting: Promise<void> | undefined;

  /**
   * Boots from artifacts already in memory, or on their way (tests, a page
   * that fetched them itself); boot() comes here once it has the manifest.
   */
  bootWith(source: KernelArtifacts | (KernelFacts & { arrival: KernelArrival })): MachineState {
    this.kernel = new Kernel(source, () => this.tmpfsBytes());
    this.kernel.onChange(() => this.changes.kernel());
    this.shellSlot = undefined;
    return this.kernel.state(this.mounts());
  }

  private requireKernel(): Kernel {
    if (!this.kernel) throw new Error('the machine has not booted yet: call boot() first');
    return this.kernel;
  }

  private async shellReady(): Promise<Shell> {
    if (!this.kernel) await this.booting;
    const kernel = this.requireKernel();
    if (this.shellSlot) return this.shellSlot.ready;
    const slot: ShellSlot = {
      ready: Shell.create(kernel, {
        ...this.options,
        homeDisk: this.disk.open(),
        onWrite: (path) => {
          this.generation++;
          this.changes.wrote(path);
        },
      }).then((s) => {
        performance.mark('kh:shell-ready');
        s.interruptFlag = this.interruptFlag;
        for (const m of this.archiveMounts.values()) s.machineFs.mountArchive(m);
        return (slot.shell = s);
      }),
    };
    this.shellSlot = slot;
    return slot.ready;
  }

  /** The shell of this boot, if it has loaded (nothing to interrupt or save before). */
  private get loadedShell(): Shell | undefined {
    return this.shellSlot?.shell;
  }

  private tmpfsBytes(): number {
    return this.loadedShell?.machineFs.tmpfsBytes() ?? 0;
  }

  private mounts(): MachineState['mounts'] {
    return [...this.archiveMounts.values()].map(({ path, name, entries }) => ({
      path,
      name,
      entries,
    }));
  }

  async getState(): Promise<MachineState> {
    const state = this.requireKernel().state(this.mounts());
    const shell = this.loadedShell;
    return shell ? { ...state, session: await shell.sessionFacts() } : state;
  }

  async subscribe(onChange: (state: MachineState) => void): Promise<void> {
    this.changes.subscribe(onChange);
  }

  async setConfig(patch: Partial<KernelConfig>): Promise<RebootedState> {
    const kernel = this.requireKernel();
    kernel.setConfig(patch);
    return {
      ...kernel.state(this.mounts()),
      rebootNotice: rebootNotice(kernel.artifacts.manifest, kernel.boot),
    };
  }

  run(commandLine: string, io: CommandIo, options?: RunOptions): Promise<number> {
    return this.lines.run(commandLine, io, options);
  }

  /** How a line ended, beside its code and changes: the prompt's place and user, the restart point. */
  private async ending(knownGeneration?: number): Promise<LineEnding> {
    const checkpoint = hasTrapped()
      ? undefined
      : takeCheckpoint(this.requireKernel(), this.loadedShell, this.generation, knownGeneration);
    return {
      cwd: await this.cwd(),
      user: await this.whoami(),
      ...(checkpoint ? { checkpoint } : {}),
    };
  }

  async interrupt(): Promise<void> {
    this.lines.interrupt();
    this.loadedShell?.interrupt();
  }

  async shareInterruptFlag(flag: Int32Array): Promise<void> {
    this.interruptFlag = flag;
    const shell = this.loadedShell;
    if (shell) shell.interruptFlag = flag;
  }

  async complete(line: string, cursor: number): Promise<Completion> {
    const shell = await this.shellReady();
    const modules = this.requireKernel().modules;
    return complete(line, cursor, {
      commandNames: shell.commandNames,
      loadedModules: () => modules.loadedNames(),
      resolve: (path) => shell.fs.resolvePath(shell.workingDirectory, path),
      readDir: (path) => this.readDir(path),
    });
  }

  async cwd(): Promise<string> {
    // Before its shell has loaded the machine is where every login starts:
    // the terminal draws its prompt without waiting for just-bash.
    return this.loadedShell?.workingDirectory ?? LOGIN_DIRECTORY;
  }

  async whoami(): Promise<{ user: string; home: string }> {
    // Root's login shell until the shell has loaded and someone ran su.
    const { name, home } = this.loadedShell?.users.creds.current ?? { name: 'root', home: '/root' };
    return { user: name, home };
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
    await this.idle();
    return takeCheckpoint(this.requireKernel(), this.loadedShell, this.generation, knownGeneration);
  }

  async restore(snapshot: MachineSnapshot): Promise<MachineState> {
    const kernel = this.requireKernel();
    await restoreCheckpoint(kernel, () => this.shellReady(), snapshot);
    this.generation = 0;
    return kernel.state(this.mounts());
  }

  // The header browser's questions (index/browse-api.ts), asked of this boot's shell.
  findDefinitions = this.browsing('findDefinitions');
  searchSymbols = this.browsing('searchSymbols');
  findReferences = this.browsing('findReferences');
  conditionals = this.browsing('conditionals');
  diffTrees = this.browsing('diffTrees');
  diffFiles = this.browsing('diffFiles');

  private browsing<K extends keyof MachineBrowseApi>(question: K): MachineBrowseApi[K] {
    return (async (...args: unknown[]) => {
      const shell = await this.shellReady();
      const api = new BrowseApi(shell.fs, shell.indexes);
      return (api[question] as (...a: unknown[]) => unknown)(...args);
    }) as MachineBrowseApi[K];
  }
}
