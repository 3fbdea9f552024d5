/**
 * Owns the worker that runs the simulated machine: starts it on first use
 * (never at page load), hands out the typed remote, and supervises it. One
 * per page. It is itself a MachineApi, so views take "a machine" and tests
 * can pass a fake.
 *
 * Supervision: after every command (and config change, and archive load)
 * the client keeps a snapshot of the machine: config, loaded modules, shell
 * directory and variables, and the files a user can write. When the worker
 * dies (an uncaught error, a WebAssembly trap it reports) or ignores Ctrl-C,
 * the client ends it, starts a new one, boots it, puts the snapshot back and
 * reopens the archives that were mounted. Calls made meanwhile wait for it.
 */
import { proxy, transfer, wrap, type Remote } from 'comlink';
import type {
  ArchiveSource,
  ArchiveSummary,
  CommandIo,
  DirEntry,
  FaultDrill,
  FaultDrillMessage,
  KernelConfig,
  LoadProgress,
  MachineApi,
  MachineFaultMessage,
  MachineSnapshot,
  MachineState,
  RebootedState,
  RunOptions,
} from '../shared/worker-api';
import { describeRestore } from './restore-notice';
import { keptBlob } from './kept-blob';

/**
 * How long the worker may leave Ctrl-C unanswered before it is restarted.
 * Longer than any bounded command runs without yielding (just-bash caps
 * loops, recursion and pattern work; the worst seen is about 2 s).
 */
export const INTERRUPT_GRACE_MS = 5000;
/** More restarts than this within RESTART_WINDOW_MS and the client gives up (a crash loop). */
export const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;

/** What the page is told when the machine fails and comes back. */
export interface MachineFault {
  phase: 'restarting' | 'restored' | 'failed';
  /** What went wrong, in the browser's or the drill's words. */
  reason: string;
  /** One sentence for the user: what happened and what was put back. */
  message: string;
}

/** The machine as the page's coordinator holds it: with its supervisor's word on failures. */
export interface SupervisedMachine extends MachineApi {
  /** Hears about failures and restarts (the page shows a notice). */
  onFault(listener: (f: MachineFault) => void): void;
  /** Ends the worker (the page is going away). */
  terminate(): void;
}

/** A call that was running on a worker that is gone. */
export class MachineLostError extends Error {
  override name = 'MachineLost';
}

/** A source as the client keeps it for a restart: a buffer as a Blob the worker can't take away, a File as itself. */
type KeptSource = Exclude<ArchiveSource, { kind: 'bytes' }>;

/** Dispatched on the page's global once a boot has the kernel's bytes. */
export const KERNEL_ARRIVED = 'kh-kernel-arrived';

export class MachineClient implements SupervisedMachine {
  private worker: Worker | undefined;
  private remote: Remote<MachineApi> | undefined;
  /**
   * The calls in flight on the current worker, rejected when it is lost.
   * Not a race against one long-lived "lost" promise: every race leaves a
   * reaction on it that holds the call's result, so each snapshot and file
   * read stayed reachable for the worker's life (150 MB a fill/empty round).
   */
  private inFlight = new Set<(err: Error) => void>();
  private loseWorker: (err: Error) => void = () => {};
  private rejectIfLost: () => Error | undefined = () => undefined;
  /** Settles when a restart is over; calls wait for it. */
  private ready: Promise<void> = Promise.resolve();
  private readonly restarts: number[] = [];
  private bootUrl: string | undefined;
  private readonly archives: KeptSource[] = [];
  private readonly listeners: ((s: MachineState) => void)[] = [];
  private readonly faultListeners: ((f: MachineFault) => void)[] = [];
  private last: MachineSnapshot | undefined;
  private checkpoints: Promise<void> = Promise.resolve();
  private runsInFlight = 0;
  private interruptTimer: ReturnType<typeof setTimeout> | undefined;
  /** The shared Ctrl-C flag, where the page may share memory (cross-origin isolated). */
  private readonly interruptFlag =
    globalThis.crossOriginIsolated && typeof SharedArrayBuffer === 'function'
      ? new Int32Array(new SharedArrayBuffer(4))
      : undefined;

  private get machine(): Remote<MachineApi> {
    if (!this.remote) this.start();
    return this.remote!;
  }

  private start(): void {
    performance.mark('kh:worker-spawn'); // phase marks: bench/prompt-bench.mjs reads them
    const worker = new Worker(new URL('../worker/main.ts', import.meta.url), {
      type: 'module',
      name: 'machine',
    });
    const inFlight = (this.inFlight = new Set());
    let lostWith: Error | undefined;
    this.loseWorker = (err) => {
      lostWith ??= err;
      for (const reject of inFlight) reject(err);
      inFlight.clear();
    };
    // A call made on a worker already lost fails at once, as the race did.
    this.rejectIfLost = () => lostWith;
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      if (this.worker === worker) void this.fail(e.message || 'the worker stopped');
    });
    // A wasm trap the worker caught and reported (see src/worker/main.ts).
    worker.addEventListener('message', (e: MessageEvent<Partial<MachineFaultMessage>>) => {
      const reason = e.data?.machineFault;
      if (reason && this.worker === worker) void this.fail(reason);
    });
    this.worker = worker;
    this.remote = wrap<MachineApi>(worker);
    if (this.interruptFlag) void this.remote.shareInterruptFlag(this.interruptFlag);
  }

  /** Runs a call on the current worker, failing if that worker is lost first. */
  private async call<T>(fn: (m: Remote<MachineApi>) => Promise<T>): Promise<T> {
    // A restart may itself be replaced by a newer one: wait for the newest.
    for (let r = this.ready; ; r = this.ready) {
      await r;
      if (r === this.ready) break;
    }
    return this.onCurrent(fn(this.machine));
  }

  /** A call to the current worker, failing if that worker is lost first. */
  private onCurrent<T>(call: Promise<T>): Promise<T> {
    const lost = this.rejectIfLost();
    if (lost) return Promise.reject(lost);
    const inFlight = this.inFlight;
    return new Promise<T>((resolve, reject) => {
      inFlight.add(reject);
      call.then(resolve, reject).finally(() => inFlight.delete(reject));
    });
  }

  /** Hears about failures and restarts (the page shows a notice). */
  onFault(listener: (f: MachineFault) => void): void {
    this.faultListeners.push(listener);
  }

  /** Loads an archive; a buffer is transferred to the worker, not copied; a File is read there. */
  async loadArchive(
    source: ArchiveSource,
    onProgress?: (p: LoadProgress) => void,
  ): Promise<ArchiveSummary> {
    const kept: KeptSource =
      source.kind === 'bytes'
        ? {
            kind: 'blob',
            blob: await keptBlob(source.bytes),
            name: source.name,
          }
        : source;
    const message = source.kind === 'bytes' ? transfer(source, [source.bytes.buffer]) : source;
    const summary = await this.call((m) => m.loadArchive(message, onProgress && proxy(onProgress)));
    const same = this.archives.findIndex((a) => a.name === kept.name);
    if (same >= 0) this.archives.splice(same, 1);
    this.archives.push(kept);
    return summary;
  }

  async boot(kernelBaseUrl: string, onProgress?: (p: LoadProgress) => void): Promise<MachineState> {
    this.bootUrl = kernelBaseUrl;
    const state = await this.call((m) => m.boot(kernelBaseUrl, onProgress && proxy(onProgress)));
    this.checkpoint();
    // The kernel's bytes are in: what waited for the link may use it now (src/main.ts).
    globalThis.dispatchEvent(new Event(KERNEL_ARRIVED));
    return state;
  }

  getState(): Promise<MachineState> {
    return this.call((m) => m.getState());
  }

  subscribe(onChange: (state: MachineState) => void): Promise<void> {
    this.listeners.push(onChange);
    return this.call((m) => m.subscribe(proxy(onChange)));
  }

  async setConfig(patch: Partial<KernelConfig>): Promise<RebootedState> {
    const state = await this.call((m) => m.setConfig(patch));
    this.checkpoint();
    return state;
  }

  async run(commandLine: string, io: CommandIo, options?: RunOptions): Promise<number> {
    this.runsInFlight++;
    try {
      return await this.call((m) =>
        m.run(commandLine, proxy({ write: io.write.bind(io) }), options),
      );
    } finally {
      this.runsInFlight--;
      this.stopInterruptTimer();
      this.checkpoint();
    }
  }

  /**
   * Ctrl-C. A worker that cannot even take the message within the grace
   * time (a loop that never yields, and no shared flag to see) is ended and
   * the machine restarted from before the command.
   */
  async interrupt(): Promise<void> {
    if (this.interruptFlag) Atomics.store(this.interruptFlag, 0, 1);
    const answered = this.call((m) => m.interrupt());
    if (this.runsInFlight > 0 && this.interruptTimer === undefined) {
      this.interruptTimer = setTimeout(() => {
        this.interruptTimer = undefined;
        if (this.runsInFlight > 0) void this.fail('the command did not stop on Ctrl-C');
      }, INTERRUPT_GRACE_MS);
      answered.then(
        () => this.stopInterruptTimer(),
        () => {},
      );
    }
    await answered;
  }

  private stopInterruptTimer(): void {
    clearTimeout(this.interruptTimer);
    this.interruptTimer = undefined;
  }

  complete(line: string, cursor: number): Promise<{ from: number; candidates: string[] }> {
    return this.call((m) => m.complete(line, cursor));
  }

  cwd(): Promise<string> {
    return this.call((m) => m.cwd());
  }

  whoami(): Promise<{ user: string; home: string }> {
    // Optional in the contract (views' test machines leave it out); the worker's Machine has it.
    type Who = { whoami(): Promise<{ user: string; home: string }> };
    return this.call((m) => (m as unknown as Who).whoami());
  }

  readDir(path: string): Promise<DirEntry[]> {
    return this.call((m) => m.readDir(path));
  }

  readFile(path: string, maxBytes?: number): Promise<Uint8Array> {
    return this.call((m) => m.readFile(path, maxBytes));
  }

  // MachineBrowseApi (worker: src/worker/index/browse-api.ts).
  findDefinitions(path: string, name: string) {
    return this.call((m) => m.findDefinitions(path, name));
  }

  searchSymbols(path: string, query: string, limit?: number) {
    return this.call((m) => m.searchSymbols(path, query, limit));
  }

  findReferences(path: string, name: string, limit?: number) {
    return this.call((m) => m.findReferences(path, name, limit));
  }

  conditionals(path: string) {
    return this.call((m) => m.conditionals(path));
  }

  diffTrees(a: string, b: string) {
    return this.call((m) => m.diffTrees(a, b));
  }

  diffFiles(a: string, b: string) {
    return this.call((m) => m.diffFiles(a, b));
  }

  snapshot(knownGeneration?: number): Promise<MachineSnapshot> {
    return this.call((m) => m.snapshot(knownGeneration));
  }

  restore(snapshot: MachineSnapshot): Promise<MachineState> {
    return this.call((m) => m.restore(snapshot));
  }

  // The disk for /root and /home (worker: src/worker/vfs/home-disk.ts).
  diskStatus() {
    return this.call((m) => m.diskStatus());
  }

  exportHome(): Promise<Uint8Array> {
    return this.call((m) => m.exportHome());
  }

  importHome(bytes: Uint8Array) {
    return this.call((m) => m.importHome(transfer(bytes, [bytes.buffer])));
  }

  resetDisk() {
    return this.call((m) => m.resetDisk());
  }

  /** Causes a fault drill (tests): a message of its own, not a MachineApi call. */
  drill(fault: FaultDrill): Promise<void> {
    return this.call(async () => {
      this.worker!.postMessage({ faultDrill: fault } satisfies FaultDrillMessage);
    });
  }

  shareInterruptFlag(flag: Int32Array): Promise<void> {
    return this.call((m) => m.shareInterruptFlag(flag));
  }

  /** Resolves once every snapshot asked for so far has been taken (tests wait on it). */
  checkpointed(): Promise<void> {
    return this.checkpoints;
  }

  /** The newest consistent point, kept for a restart (files only travel when they changed). */
  private checkpoint(): void {
    this.checkpoints = this.checkpoints.then(async () => {
      try {
        const s = await this.snapshot(this.last?.generation);
        this.last = s.files ? s : { ...s, files: this.last?.files ?? [] };
      } catch {
        // A lost worker keeps the previous point.
      }
    });
  }

  /** Ends the worker and brings the machine back from the last snapshot. */
  private async fail(reason: string): Promise<void> {
    const now = Date.now();
    this.restarts.push(now);
    while (this.restarts[0]! < now - RESTART_WINDOW_MS) this.restarts.shift();
    const ignoredCtrlC = reason.includes('Ctrl-C');
    const before = ignoredCtrlC
      ? 'The command did not stop on Ctrl-C, so the machine was restarted'
      : `The machine stopped (${reason})`;
    this.worker?.terminate();
    this.worker = undefined;
    this.remote = undefined;
    if (this.restarts.length > MAX_RESTARTS) {
      const message = `${before}, for the ${this.restarts.length}th time in a minute, so it was not restarted again. Reload the page to start a new machine.`;
      this.loseWorker(new MachineLostError(message));
      this.emit({ phase: 'failed', reason, message });
      this.ready = Promise.reject(new MachineLostError(message));
      this.ready.catch(() => {});
      return;
    }
    const lostMessage = `${before}; it is restarting with the state it had before this command.`;
    this.loseWorker(new MachineLostError(lostMessage));
    this.emit({ phase: 'restarting', reason, message: `${before}. Restarting it…` });
    this.ready = this.revive(reason, before);
  }

  private async revive(reason: string, before: string): Promise<void> {
    try {
      const m = this.machine;
      const snapshot = this.last;
      if (this.bootUrl) await this.onCurrent(m.boot(this.bootUrl));
      if (snapshot) {
        await this.onCurrent(m.restore(snapshot));
        // The new worker counts writes from zero, with the snapshot's files as its own.
        this.last = { ...snapshot, generation: 0 };
      }
      for (const l of this.listeners) await this.onCurrent(m.subscribe(proxy(l)));
      const missing: string[] = [];
      const reopened: string[] = [];
      for (const a of this.archives) {
        await this.onCurrent(m.loadArchive(a)).then(
          () => reopened.push(a.name),
          (err: unknown) => {
            if (err instanceof MachineLostError) throw err;
            missing.push(a.name);
          },
        );
      }
      const state = await this.onCurrent(m.getState());
      for (const l of this.listeners) l(state);
      this.emit({
        phase: 'restored',
        reason,
        message: describeRestore(before, snapshot, missing, reopened),
      });
    } catch (err) {
      // This worker was lost too: the newer restart reports for both.
      if (err instanceof MachineLostError) return;
      const message = `${before} and could not be restarted (${err instanceof Error ? err.message : String(err)}). Reload the page to start a new machine.`;
      this.emit({ phase: 'failed', reason, message });
      throw new MachineLostError(message);
    }
  }

  private emit(f: MachineFault): void {
    for (const l of this.faultListeners) l(f);
  }

  terminate(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.remote = undefined;
  }
}
