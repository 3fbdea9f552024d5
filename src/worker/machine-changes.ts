/**
 * What changed on the machine, and who hears of it. While a command runs,
 * its own stream does (CommandIo.changed, then its result): changes wait
 * for the end of a burst, so a command that ends first carries them in its
 * result and nothing else crosses to the page. Between commands, the
 * subscribers hear the new state.
 */
import type { DirEntry, MachineChange, MachineState } from '../shared/worker-api';

/** Writes come in bursts (an extraction is thousands): a burst is told once. */
export const BURST_MS = 100;
/**
 * More changed paths than this in one change and it says 'all' instead of
 * naming them (a burst of an extraction names about 500: files and folders).
 */
export const NAMED_PATHS_LIMIT = 1024;
/**
 * The listings a kernel change alters: /proc (config.gz; kheaders.tar.xz in
 * the proc era), /sys/kernel (kheaders.tar.xz), /sys/module (a folder per
 * loaded module). See vfs/procfs.ts and vfs/sysfs.ts.
 */
const KERNEL_DIRS = ['/proc', '/sys/kernel', '/sys/module'];
/** Writes under these change the machine's memory (tmpfs pages). */
const TMPFS = /^\/(tmp|home)(\/|$)/;

const parentOf = (path: string) => path.slice(0, path.lastIndexOf('/')) || '/';

/** What the changes are read from. */
export interface ChangeSource {
  /** The machine's state now; undefined before it has booted. */
  state(): MachineState | undefined;
  /** A directory's entries, as readDir gives them (rejects when it is gone). */
  list(path: string): Promise<DirEntry[]>;
}

/** A running command's stream: the directories its page shows, and how to tell it. */
interface CommandStream {
  watch: ReadonlySet<string>;
  tell(change: MachineChange): void;
  /** Settles when every change told so far has been read and told, in order. */
  told: Promise<void>;
}

export class MachineChanges {
  private stateChanged = false;
  private readonly paths = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stream: CommandStream | undefined;
  private readonly subscribers: ((s: MachineState) => void)[] = [];

  constructor(private readonly source: ChangeSource) {}

  /** Between commands, listener hears each new state; it hears the present one at once. */
  subscribe(listener: (s: MachineState) => void): void {
    this.subscribers.push(listener);
    // A command may have changed the kernel between boot()'s answer and this call.
    this.note(true, []);
    this.soon(0);
  }

  /** The kernel changed (a module, the config): its state and the listings under /proc and /sys. */
  kernel(): void {
    this.note(true, KERNEL_DIRS);
    this.soon(0);
  }

  /** An archive was mounted at path (under /mnt). */
  mounted(path: string): void {
    this.note(true, [parentOf(path), path]);
    this.soon(0);
  }

  /** The shell wrote or removed path: its folder's listing changed, and the memory if it is tmpfs. */
  wrote(path: string): void {
    this.note(TMPFS.test(path), [parentOf(path), path]);
    this.soon(BURST_MS);
  }

  /** A command starts: what changes from now on is its stream's to tell. */
  begin(watch: readonly string[], tell: (change: MachineChange) => void): void {
    this.stream = { watch: new Set(watch), tell, told: Promise.resolve() };
    // A change still waiting from before is the command's to carry, after a burst.
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.soon(BURST_MS);
    }
  }

  /** The command ended: what it changed since it last told, for its result. Its stream closes. */
  async end(): Promise<MachineChange> {
    const stream = this.stream;
    if (!stream) return { dirs: [], listings: [] };
    clearTimeout(this.timer);
    this.timer = undefined;
    await stream.told;
    const change = await this.take(stream.watch);
    this.stream = undefined;
    return change ?? { dirs: [], listings: [] };
  }

  private note(state: boolean, paths: readonly string[]): void {
    if (state) this.stateChanged = true;
    for (const p of paths) this.paths.add(p);
  }

  private soon(delayMs: number): void {
    const delay = this.stream ? BURST_MS : delayMs;
    if (this.timer !== undefined) {
      if (delay > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, delay);
  }

  private flush(): void {
    const stream = this.stream;
    if (stream) {
      // One after another: a listing read for one change must not overtake the next.
      stream.told = stream.told.then(async () => {
        const change = await this.take(stream.watch);
        if (change) stream.tell(change);
      });
      return;
    }
    const state = this.stateChanged ? this.source.state() : undefined;
    this.stateChanged = false;
    this.paths.clear();
    if (state) for (const l of this.subscribers) l(state);
  }

  /** What changed since the last take, with the listings of the watched folders it touched. */
  private async take(watch: ReadonlySet<string>): Promise<MachineChange | undefined> {
    if (!this.stateChanged && !this.paths.size) return undefined;
    const state = this.stateChanged ? this.source.state() : undefined;
    const paths = [...this.paths];
    this.stateChanged = false;
    this.paths.clear();
    const listings = await Promise.all(
      paths
        .filter((p) => watch.has(p))
        .map(async (path) => ({
          path,
          entries: await this.source.list(path).then(
            (e) => e,
            () => null,
          ),
        })),
    );
    return {
      ...(state ? { state } : {}),
      dirs: paths.length > NAMED_PATHS_LIMIT ? 'all' : paths,
      listings,
    };
  }
}
