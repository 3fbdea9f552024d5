/**
 * Command lines on the machine, one at a time as at a terminal: the disk
 * read before a line (another tab's writes) and kept after it, the
 * kernel's wait for its bytes said and ended by Ctrl-C, the output and the
 * changes on the page's io, and the result that ends its stream.
 */
import type {
  CommandIo,
  CommandResult,
  MachineChange,
  MachineSnapshot,
  RunOptions,
} from '../shared/worker-api';
import { delivery } from './callback-delivery';
import type { Kernel } from './kernel/kernel';
import type { MachineChanges } from './machine-changes';
import { EXIT_INTERRUPTED, type Shell } from './shell/shell';

/** What a line's result says beside its exit code and its changes (its checkpoint: with files, or not). */
export type LineEnding = Omit<CommandResult, 'exitCode' | keyof MachineChange>;

/** What the lines need of the machine. */
export interface LineMachine {
  shell(): Promise<Shell>;
  kernel(): Kernel;
  changes: MachineChanges;
  /** Where the shell is, who it is, and the restart point, as a line ends. */
  ending(knownGeneration?: number): Promise<LineEnding>;
}

export class CommandLines {
  private running: Promise<number> | undefined;
  /** Ends a running line's wait for the kernel's bytes (Ctrl-C). */
  private waitEnd: AbortController | undefined;

  constructor(private readonly machine: LineMachine) {}

  /** Resolves once no line runs. */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => EXIT_INTERRUPTED);
  }

  /** Ctrl-C for the wait on the kernel's bytes (the shell's own interrupt is the machine's). */
  interrupt(): void {
    this.waitEnd?.abort();
  }

  async run(commandLine: string, io: CommandIo, options: RunOptions = {}): Promise<number> {
    const shell = await this.machine.shell();
    await this.idle();
    const output = delivery((chunk: string, stream: 'stdout' | 'stderr') =>
      io.write(chunk, stream),
    );
    // A page's io hears what the line changes and how it ended; another's subscribers do.
    const told = options.report ? delivery((c: MachineChange) => io.changed?.(c)) : undefined;
    const finish = delivery((r: CommandResult) => io.done?.(r));
    const keep = delivery((s: MachineSnapshot) => io.checkpoint?.(s));
    const { changes } = this.machine;
    if (told) changes.begin(options.watch ?? [], told.call);
    // A read of the kernel's bytes before they arrive says so here; Ctrl-C ends the wait.
    const kernel = this.machine.kernel();
    const waitEnd = (this.waitEnd = new AbortController());
    kernel.waitHooks = { say: (line) => output.call(line, 'stderr'), signal: waitEnd.signal };
    const disk = shell.machineFs.disk;
    const run = Promise.resolve(disk?.sync().catch(() => {}))
      .then(() => shell.run(commandLine, { write: output.call }, options))
      .then(async (exitCode) => {
        const unsaved = await disk?.flush().then(
          () => undefined,
          (err: unknown) => (err instanceof Error ? err.message : String(err)),
        );
        if (unsaved)
          output.call(`bash: the disk did not keep the last changes to ~: ${unsaved}\n`, 'stderr');
        if (told) {
          const change = await changes.end();
          const { checkpoint, ...ending } = await this.machine.ending(options.knownGeneration);
          // A restart point with files may be big: it follows the result, not holding up the prompt.
          const small = checkpoint && !checkpoint.files;
          finish.call({ exitCode, ...change, ...ending, ...(small ? { checkpoint } : {}) });
          if (checkpoint && !small) keep.call(checkpoint);
        }
        return exitCode;
      })
      .finally(async () => {
        // A line that failed ends its stream without a result; the page's call rejects.
        if (told) await changes.end();
        await Promise.all([output.settled(), told?.settled(), finish.settled(), keep.settled()]);
      });
    this.running = run;
    try {
      return await run;
    } finally {
      this.running = undefined;
      kernel.waitHooks = undefined;
    }
  }
}
