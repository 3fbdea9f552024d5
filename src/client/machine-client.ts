/**
 * The machine as the page holds it: the bridge to the worker
 * (machine-bridge.ts), supervised. One per page. It is itself a MachineApi,
 * so views take "a machine"; the calls it does not watch over go straight
 * through the bridge's forwarders.
 *
 * Supervision: every command's result carries the restart point after it
 * (config, loaded modules, shell directory and variables, and the files a
 * user can write, only when they changed), so nothing is asked after a
 * command. When the worker dies (an uncaught error, a WebAssembly trap it
 * reports) or ignores Ctrl-C, the client ends it, starts a new one, boots
 * it, puts the last point back and reopens the archives that were mounted.
 * Calls made meanwhile wait for it.
 */
import type {
  ArchiveSource,
  ArchiveSummary,
  CommandIo,
  FaultDrill,
  KernelConfig,
  LoadProgress,
  MachineApi,
  MachineChange,
  MachineFaultReason,
  MachineSnapshot,
  MachineState,
  RebootedState,
  RunOptions,
} from '../shared/worker-api';
import {
  ForwardingMachine,
  MachineBridge,
  MachineLostError,
  type MachineEndpoint,
} from './machine-bridge';
import { describeRestore, faultWords } from './restore-notice';
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
  /** What went wrong, as data (its words are `message`'s). */
  reason: MachineFaultReason;
  /** One sentence for the user: what happened and what was put back. */
  message: string;
}

/** The machine as the page's coordinator holds it: with its supervisor's word on changes and failures. */
export interface SupervisedMachine extends MachineApi {
  /** Hears about failures and restarts (the page shows a notice). */
  onFault(listener: (f: MachineFault) => void): void;
  /**
   * Hears every change: a command's (the directories it named, the new
   * listings of the watched ones), and one between commands (its state;
   * dirs 'all', as the machine names none then).
   */
  onChange(listener: (change: MachineChange) => void): void;
  /** The directories the page shows: a command's changes bring their new listings. */
  watch(dirs: readonly string[]): void;
  /** Ends the worker (the page is going away). */
  terminate(): void;
}

/** A source as the client keeps it for a restart: a buffer as a Blob the worker can't take away, a File as itself. */
type KeptSource = Exclude<ArchiveSource, { kind: 'bytes' }>;

/** Dispatched on the page's global once a boot has the kernel's bytes. */
export const KERNEL_ARRIVED = 'kh-kernel-arrived';

export class MachineClient extends ForwardingMachine implements SupervisedMachine {
  private readonly bridge: MachineBridge;
  private readonly restarts: number[] = [];
  private bootUrl: string | undefined;
  private readonly archives: KeptSource[] = [];
  private readonly changeListeners: ((c: MachineChange) => void)[] = [];
  private readonly faultListeners: ((f: MachineFault) => void)[] = [];
  private watched: string[] = [];
  /** The newest restart point. */
  private last: MachineSnapshot | undefined;
  /** Restart points asked for where no command brings one (after boot, a config change). */
  private checkpoints: Promise<void> = Promise.resolve();
  /** Lines running on the worker (a line's restart point with files follows its result). */
  private readonly runs = new Set<Promise<number>>();
  private interruptTimer: ReturnType<typeof setTimeout> | undefined;
  /** The shared Ctrl-C flag, where the page may share memory (cross-origin isolated). */
  private readonly interruptFlag =
    globalThis.crossOriginIsolated && typeof SharedArrayBuffer === 'function'
      ? new Int32Array(new SharedArrayBuffer(4))
      : undefined;

  /** `start` gives the worker (tests: a port with a machine behind it). */
  constructor(start?: () => MachineEndpoint) {
    super();
    this.bridge = new MachineBridge(
      (reason) => void this.fail(reason),
      start,
      () => this.interruptFlag && void this.bridge.now.shareInterruptFlag(this.interruptFlag),
    );
  }

  protected target(): MachineApi {
    return this.bridge.machine;
  }

  onFault(listener: (f: MachineFault) => void): void {
    this.faultListeners.push(listener);
  }

  onChange(listener: (change: MachineChange) => void): void {
    this.changeListeners.push(listener);
  }

  watch(dirs: readonly string[]): void {
    this.watched = [...dirs];
  }

  /** Loads an archive; a buffer is transferred to the worker, not copied; a File is read there. */
  override async loadArchive(
    source: ArchiveSource,
    onProgress?: (p: LoadProgress) => void,
  ): Promise<ArchiveSummary> {
    const kept: KeptSource =
      source.kind === 'bytes'
        ? { kind: 'blob', blob: await keptBlob(source.bytes), name: source.name }
        : source;
    const summary = await super.loadArchive(source, onProgress);
    const same = this.archives.findIndex((a) => a.name === kept.name);
    if (same >= 0) this.archives.splice(same, 1);
    this.archives.push(kept);
    return summary;
  }

  override async boot(
    kernelBaseUrl: string,
    onProgress?: (p: LoadProgress) => void,
  ): Promise<MachineState> {
    this.bootUrl = kernelBaseUrl;
    const state = await super.boot(kernelBaseUrl, onProgress);
    await this.bridge.machine.subscribe(this.heardState);
    this.checkpoint();
    // The kernel's bytes are in: what waited for the link may use it now (src/main.ts).
    globalThis.dispatchEvent(new Event(KERNEL_ARRIVED));
    return state;
  }

  /** Page listeners of states alone: they hear them from commands and from between them. */
  override async subscribe(onChange: (state: MachineState) => void): Promise<void> {
    this.onChange((c) => c.state && onChange(c.state));
  }

  override async setConfig(patch: Partial<KernelConfig>): Promise<RebootedState> {
    const state = await super.setConfig(patch);
    this.checkpoint();
    return state;
  }

  /**
   * Runs a line; settles at its result, every callback of `io` delivered.
   * The restart point with files, when the line changed some, may still be
   * on its way then (checkpointed() waits for it).
   */
  override run(commandLine: string, io: CommandIo, options?: RunOptions): Promise<number> {
    let ended!: (exitCode: number) => void;
    const result = new Promise<number>((resolve) => (ended = resolve));
    const call = super
      .run(
        commandLine,
        {
          write: (chunk, stream) => io.write(chunk, stream),
          changed: (change) => {
            this.publish(change);
            io.changed?.(change);
          },
          done: (r) => {
            this.keep(r.checkpoint);
            this.publish(r);
            io.done?.(r);
            ended(r.exitCode);
          },
          checkpoint: (snapshot) => this.keep(snapshot),
        },
        { report: true, watch: this.watched, knownGeneration: this.last?.generation, ...options },
      )
      .finally(() => {
        this.runs.delete(call);
        this.stopInterruptTimer();
      });
    this.runs.add(call);
    return Promise.race([result, call]);
  }

  /**
   * Ctrl-C. A worker that cannot even take the message within the grace
   * time (a loop that never yields, and no shared flag to see) is ended and
   * the machine restarted from before the command.
   */
  override async interrupt(): Promise<void> {
    if (this.interruptFlag) Atomics.store(this.interruptFlag, 0, 1);
    const answered = super.interrupt();
    if (this.runs.size && this.interruptTimer === undefined) {
      this.interruptTimer = setTimeout(() => {
        this.interruptTimer = undefined;
        if (this.runs.size) void this.fail({ kind: 'ignored-interrupt' });
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

  /** Causes a fault drill (tests): a message of its own, not a MachineApi call. */
  drill(fault: FaultDrill): Promise<void> {
    return this.bridge.drill(fault);
  }

  /** Resolves once the commands running now have ended and the restart points asked for are in (tests wait on it). */
  async checkpointed(): Promise<void> {
    await Promise.allSettled(this.runs);
    await this.checkpoints;
  }

  terminate(): void {
    this.bridge.end();
  }

  /** A state the worker told between commands (it names no directories then). */
  private readonly heardState = (state: MachineState) =>
    this.publish({ state, dirs: 'all', listings: [] });

  private publish({ state, dirs, listings }: MachineChange): void {
    const change = state ? { state, dirs, listings } : { dirs, listings };
    for (const l of this.changeListeners) l(change);
  }

  /** Keeps the newer restart point (files travel only when they changed). */
  private keep(s: MachineSnapshot | undefined): void {
    if (!s || (this.last && s.takenAt < this.last.takenAt)) return;
    this.last = s.files ? s : { ...s, files: this.last?.files ?? [] };
  }

  /** Asks for a restart point where no command brings one (after boot, a config change). */
  private checkpoint(): void {
    this.checkpoints = this.checkpoints.then(async () => {
      try {
        this.keep(await this.bridge.machine.snapshot(this.last?.generation));
      } catch {
        // A lost worker keeps the previous point.
      }
    });
  }

  /** Ends the worker and brings the machine back from the last restart point. */
  private async fail(reason: MachineFaultReason): Promise<void> {
    const now = Date.now();
    this.restarts.push(now);
    while (this.restarts[0]! < now - RESTART_WINDOW_MS) this.restarts.shift();
    const before = faultWords(reason);
    if (this.restarts.length > MAX_RESTARTS) {
      const message = `${before}, for the ${this.restarts.length}th time in a minute, so it was not restarted again. Reload the page to start a new machine.`;
      this.bridge.end(new MachineLostError(message));
      this.emit({ phase: 'failed', reason, message });
      const gone = Promise.reject(new MachineLostError(message));
      gone.catch(() => {});
      this.bridge.hold(gone);
      return;
    }
    const lostMessage = `${before}; it is restarting with the state it had before this command.`;
    this.bridge.end(new MachineLostError(lostMessage));
    this.emit({ phase: 'restarting', reason, message: `${before}. Restarting it…` });
    this.bridge.hold(this.revive(reason, before));
  }

  private async revive(reason: MachineFaultReason, before: string): Promise<void> {
    const m = this.bridge.now;
    try {
      const snapshot = this.last;
      if (this.bootUrl) await m.boot(this.bootUrl);
      if (snapshot) {
        await m.restore(snapshot);
        // The new worker counts writes from zero, with the snapshot's files as its own.
        this.last = { ...snapshot, generation: 0 };
      }
      await m.subscribe(this.heardState);
      const missing: string[] = [];
      const reopened: string[] = [];
      for (const a of this.archives) {
        await m.loadArchive(a).then(
          () => reopened.push(a.name),
          (err: unknown) => {
            if (err instanceof MachineLostError) throw err;
            missing.push(a.name);
          },
        );
      }
      this.heardState(await m.getState());
      const message = describeRestore(before, snapshot, missing, reopened);
      this.emit({ phase: 'restored', reason, message });
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
}
