/**
 * The shell session behind the terminal, apart from the xterm element that
 * draws it: commands run one after another, the history ↑/↓ walk (kept in
 * localStorage), the shell's directory, and the transcript a screen reader
 * hears. Commands may run before xterm has loaded (a link's replay): what
 * they print is kept and drawn once a screen attaches.
 */
import type { CommandIo, CommandResult, MachineApi } from '../../shared/worker-api';
import { loadHistory, saveHistory } from './history-store';
import { LineEditor } from './line-editor';
import { sanitizeTerminal } from './terminal-sanitize';
import { transcriptEntry, withEntry } from './transcript';

/** What the session needs of the machine. */
export type TerminalMachine = Pick<MachineApi, 'run' | 'cwd' | 'interrupt' | 'complete'> &
  Partial<Pick<MachineApi, 'whoami'>>;

/** A command started or finished (detail.exitCode once it has). */
export type SessionCommandEvent = CustomEvent<{ command: string; exitCode?: number }>;

/** What draws the session: the xterm element, once loaded. */
export interface TerminalScreen {
  write(text: string): void;
  /** Redraws the prompt line from the editor (the UI put a command on it). */
  redraw(): void;
  /** A command finished: a fresh prompt, then the keys typed meanwhile. */
  prompt(): void;
}

const HOME = '/root';
/** Output kept for a screen not yet attached; older lines are dropped past this. */
const PENDING_LIMIT = 1 << 20;
/**
 * A running command's output reaches the transcript (the screen reader's
 * log) in chunks at most this often: the log follows the screen without
 * making a reader announce every line of a long extraction on its own.
 */
const LIVE_TRANSCRIPT_MS = 250;
export const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

/**
 * Events: `command-start` and `command-done` (SessionCommandEvent), and
 * `change` when the transcript, the directory or the notice changed.
 */
export class TerminalSession extends EventTarget {
  /** The line being typed and the history. */
  readonly editor = new LineEditor(loadHistory());
  /** The shell's directory, as the prompt shows it (each command's result brings it). */
  cwd = HOME;
  running = false;
  /** Each finished command and its output, newest last, without colours. */
  transcript: string[] = [];
  /** Said under the terminal: the history could not be saved. */
  notice = '';
  private queue: Promise<unknown> = Promise.resolve();
  private screen: TerminalScreen | undefined;
  private pending = '';

  constructor(private readonly machine: () => TerminalMachine | undefined) {
    super();
  }

  /** Who the shell runs as (after `su`), as bash's prompt shows it. */
  user = { user: 'root', home: HOME };

  get prompt(): string {
    const { user, home } = this.user;
    const dir =
      this.cwd === home
        ? '~'
        : this.cwd.startsWith(`${home}/`)
          ? `~${this.cwd.slice(home.length)}`
          : this.cwd;
    const sign = user === 'root' ? '#' : '$';
    return `\x1b[1;32m${sanitizeTerminal(user)}@kheaders\x1b[0m:\x1b[1;34m${sanitizeTerminal(dir)}\x1b[0m${sign} `;
  }

  /** Draws on this screen from now on; returns what was printed before it came. */
  attach(screen: TerminalScreen): string {
    this.screen = screen;
    const pending = this.pending;
    this.pending = '';
    return pending;
  }

  detach(screen: TerminalScreen): void {
    if (this.screen === screen) this.screen = undefined;
  }

  /** Resolves once every command queued so far has finished. */
  settled(): Promise<unknown> {
    return this.queue;
  }

  /** Runs a command as if typed and entered; resolves to its exit code. */
  execute(command: string): Promise<number> {
    return this.enqueue(async () => {
      const draft = this.editor.text;
      this.editor.set(command);
      if (this.screen) this.screen.redraw();
      else this.write(this.prompt + sanitizeTerminal(command));
      this.write('\r\n');
      this.editor.accept();
      this.persist();
      const code = await this.runLine(command);
      if (draft) {
        this.editor.set(draft);
        this.screen?.redraw();
      }
      return code;
    });
  }

  /** A line entered at the keyboard (already echoed and taken from the editor). */
  submit(line: string): void {
    this.persist();
    void this.enqueue(() => this.runLine(line)).catch(() => undefined);
  }

  /**
   * Prints what the machine says on its own (a reboot after a config
   * change) above the prompt, keeping what is being typed; after the
   * running command if there is one.
   */
  async announce(text: string): Promise<void> {
    await this.queue;
    this.write(`\r\x1b[2K\x1b[2m${sanitizeTerminal(text).replace(/\n/g, '\r\n')}\x1b[0m`);
    this.screen?.prompt();
  }

  /** Ctrl-C while a command runs. */
  interrupt(): void {
    if (this.running) void this.machine()?.interrupt();
  }

  /** Tab completion at the cursor; undefined when the machine could not answer. */
  async complete(text: string, cursor: number) {
    try {
      return await this.machine()?.complete(text, cursor);
    } catch {
      return undefined;
    }
  }

  /** Asks the machine where the shell is (at the start, after a failed command); keeps the last known on failure. */
  async refreshCwd(): Promise<void> {
    try {
      this.cwd = (await this.machine()?.cwd()) ?? this.cwd;
      this.user = (await this.machine()?.whoami?.()) ?? this.user;
    } catch {
      // The machine may still be booting, or was lost: keep the last known directory.
    }
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private write(text: string): void {
    if (this.screen) return this.screen.write(text);
    this.pending += text;
    if (this.pending.length > PENDING_LIMIT) {
      const cut = this.pending.indexOf('\n', this.pending.length - PENDING_LIMIT);
      this.pending = this.pending.slice(cut + 1);
    }
  }

  private persist(): void {
    const notice = saveHistory(this.editor.entries);
    if (notice) {
      this.notice = notice;
      this.changed();
    }
  }

  private changed(): void {
    this.dispatchEvent(new Event('change'));
  }

  private emit(type: 'command-start' | 'command-done', command: string, exitCode?: number) {
    const detail = exitCode === undefined ? { command } : { command, exitCode };
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  private async runLine(line: string): Promise<number> {
    const machine = this.machine();
    this.running = true;
    this.emit('command-start', line);
    let out = '';
    let lastChar = '\n';
    let code = 1;
    let ended: CommandResult | undefined;
    // The command's entry is there from its start and grows as it prints (see LIVE_TRANSCRIPT_MS).
    let liveTimer: ReturnType<typeof setTimeout> | undefined;
    const showLive = () => {
      clearTimeout(liveTimer);
      liveTimer = undefined;
      this.transcript = [...this.transcript.slice(0, -1), transcriptEntry(line, stripAnsi(out))];
      this.changed();
    };
    this.transcript = withEntry(this.transcript, transcriptEntry(line, ''));
    this.changed();
    try {
      if (!machine) throw new Error('The machine has not started yet; try again in a moment.');
      // To a terminal: the machine's ls colours its names, as GNU ls does on a tty.
      const io: CommandIo = {
        write: (chunk, stream) => {
          out += chunk;
          if (chunk) lastChar = chunk[chunk.length - 1]!;
          liveTimer ??= setTimeout(showLive, LIVE_TRANSCRIPT_MS);
          const shown = sanitizeTerminal(chunk);
          this.write(stream === 'stderr' ? `\x1b[31m${shown}\x1b[0m` : shown);
        },
        done: (result) => (ended = result),
      };
      code = await machine.run(line, io, { terminal: true });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      out += message + '\n';
      this.write(`\x1b[31m${message}\x1b[0m\n`);
      lastChar = '\n';
    }
    if (lastChar !== '\n') this.write('\x1b[7m%\x1b[0m\n');
    // The line's result says where the shell is now; without one (the line failed), ask.
    if (ended) {
      this.cwd = ended.cwd;
      this.user = ended.user;
    } else await this.refreshCwd();
    this.running = false;
    showLive();
    this.screen?.prompt();
    this.emit('command-done', line, code);
    return code;
  }
}
