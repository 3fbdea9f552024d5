import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { FitAddon } from '@xterm/addon-fit';
import type { ITheme, Terminal } from '@xterm/xterm';
import type { DirEntry, MachineApi } from '../../shared/worker-api';
import { loadHistory, saveHistory } from './history-store';
import type { BarKey, BarKeyEvent } from './kh-key-bar';
import './kh-key-bar';
import { LineEditor, commonPrefix } from './line-editor';
import { colourLs, isColourableLs, lsOperands } from './ls-colors';
import { sanitizeTerminal } from './terminal-sanitize';

/** A command started or finished in the terminal (from the keyboard or the UI). */
export type TerminalCommandEvent = CustomEvent<{ command: string; exitCode?: number }>;

const DARK: ITheme = { background: '#16181d', foreground: '#d8dee9', cursor: '#d8dee9' };
const LIGHT: ITheme = {
  background: '#fbfbfc',
  foreground: '#1d1f21',
  cursor: '#1d1f21',
  selectionBackground: '#b3d4fc',
  blue: '#0b4fb3',
  brightBlue: '#0b4fb3',
  green: '#1b6e20',
  brightGreen: '#1b6e20',
  cyan: '#006b75',
  brightCyan: '#006b75',
  red: '#b00020',
  brightRed: '#b00020',
};
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
const visibleLength = (s: string) => stripAnsi(s).length;
const TRANSCRIPT_LIMIT = 100;

/**
 * The shell's terminal: xterm.js (loaded after first paint) over a line
 * editor of our own; each line goes to the machine's `run()`. Commands the
 * UI issues go through here too, so the screen shows every command run.
 */
@customElement('kh-terminal')
export class KhTerminal extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      min-height: 0;
    }
    .screen {
      flex: 1;
      min-height: 8rem;
      padding: 0.25rem 0 0 0.5rem;
      background: var(--kh-term-bg);
      border-radius: 6px;
      overflow: hidden;
    }
    .screen:focus-within {
      outline: 2px solid var(--kh-focus);
      outline-offset: 2px;
    }
    .loading {
      color: var(--kh-term-fg);
      font:
        0.9rem ui-monospace,
        monospace;
    }
    .notice {
      font-size: 0.85rem;
      color: var(--kh-muted);
      margin: 0.25rem 0 0;
    }
    kh-key-bar {
      display: none;
    }
    @media (pointer: coarse), (any-pointer: coarse), (max-width: 40rem) {
      kh-key-bar {
        display: flex;
      }
    }
    .sr-only {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
  `;

  /** The machine that runs the commands. */
  @property({ attribute: false }) machine: MachineApi | undefined;

  /** Text size in CSS pixels; 0 follows the page's text size (0.8125 rem, 13 px at 100%). */
  @property({ type: Number }) fontSize = 0;

  @state() private _ready = false;
  @state() private _notice = '';
  @state() private _transcript: string[] = [];
  @state() private _ctrl = false;
  @query('.screen') private _screen!: HTMLDivElement;

  private term: Terminal | undefined;
  private fit: FitAddon | undefined;
  private readonly editor = new LineEditor(loadHistory());
  private running = false;
  /** Keys typed while a command runs, replayed at the next prompt as a tty would. */
  private typeahead: string[] = [];
  private cwd = '/root';
  private queue: Promise<unknown> = Promise.resolve();
  private readonly whenReady: Promise<void>;
  private resolveReady!: () => void;
  private resizer: ResizeObserver | undefined;
  private readonly scheme = matchMedia('(prefers-color-scheme: dark)');

  constructor() {
    super();
    this.whenReady = new Promise((r) => (this.resolveReady = r));
  }

  override render() {
    return html`
      <div class="screen" role="group" aria-label="Terminal" aria-describedby="help">
        ${this._ready ? '' : html`<div class="loading">Loading the terminal…</div>`}
      </div>
      <kh-key-bar .ctrl=${this._ctrl} @kh-key=${this.onBarKey}></kh-key-bar>
      <p class="sr-only" id="help">
        Type a shell command and press Enter. Tab completes, up and down arrows walk the history,
        Control C interrupts. Press Escape then Tab to move on. Output is announced from the
        transcript.
      </p>
      ${this._notice ? html`<p class="notice" role="status">${this._notice}</p>` : ''}
      <div class="sr-only" role="log" aria-live="polite" aria-label="Terminal transcript">
        ${this._transcript.map((t) => html`<pre>${t}</pre>`)}
      </div>
    `;
  }

  override firstUpdated(): void {
    // After first paint: xterm is the biggest piece of the page's JS.
    requestAnimationFrame(() => void this.start());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizer?.disconnect();
    this.scheme.removeEventListener('change', this.onScheme);
    this.term?.dispose();
    this.term = undefined;
  }

  /** Runs a command as if typed and entered; resolves to its exit code. */
  execute(command: string): Promise<number> {
    const job = this.queue.then(async () => {
      await this.whenReady;
      const draft = this.editor.text;
      this.editor.set(command);
      this.redraw();
      this.term!.write('\r\n');
      this.editor.accept();
      this.persist();
      const code = await this.runLine(command);
      if (draft) {
        this.editor.set(draft);
        this.redraw();
      }
      return code;
    });
    this.queue = job.catch(() => undefined);
    return job;
  }

  /** Puts a command on the prompt line for the user to edit or run. */
  async typeIn(command: string): Promise<void> {
    await this.whenReady;
    if (!this.running) {
      this.editor.set(command);
      this.redraw();
    }
    this.term!.focus();
  }

  /** The shell's directory, as the prompt shows it (updated after each command). */
  get directory(): string {
    return this.cwd;
  }

  override focus(): void {
    this.term?.focus();
  }

  /** Text on screen (and in scrollback) once pending writes are parsed. */
  /**
   * Prints what the machine says on its own (a reboot after a config
   * change) above the prompt, keeping what is being typed; after the
   * running command if there is one.
   */
  async announce(text: string): Promise<void> {
    await this.queue;
    const term = this.term;
    if (!term) return;
    term.write(`\r\x1b[2K\x1b[2m${sanitizeTerminal(text).replace(/\n/g, '\r\n')}\x1b[0m`);
    this.showPrompt();
  }

  async screenText(): Promise<string> {
    const term = this.term;
    if (!term) return '';
    await new Promise<void>((resolve) => term.write('', resolve));
    const buf = term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buf.length; i++) lines.push(buf.getLine(i)?.translateToString(true) ?? '');
    return lines.join('\n').trimEnd();
  }

  private async start(): Promise<void> {
    const [{ Terminal }, { FitAddon }, xtermCss] = await Promise.all([
      import('@xterm/xterm'),
      import('@xterm/addon-fit'),
      // Vite inlines the stylesheet; a runner without `?inline` gets none and xterm still works.
      import('./xterm-css').then((m) => m.default as string).catch(() => ''),
    ]);
    if (!this.isConnected) return;
    if (xtermCss) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(xtermCss);
      this.shadowRoot!.adoptedStyleSheets = [...this.shadowRoot!.adoptedStyleSheets, sheet];
    }
    const term = new Terminal({
      convertEol: true,
      cursorBlink: true,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: this.fontPx(),
      scrollback: 5000,
      theme: this.theme(),
      screenReaderMode: false,
    });
    this.term = term;
    this.fit = new FitAddon();
    term.loadAddon(this.fit);
    this._ready = true;
    await this.updateComplete;
    term.open(this._screen);
    term.textarea?.setAttribute('aria-label', 'Shell command line');
    term.attachCustomKeyEventHandler((e) => this.onKeyEvent(e));
    term.onData((d) => this.onData(d));
    this.fitNow();
    this.resizer = new ResizeObserver(() => this.fitNow());
    this.resizer.observe(this._screen);
    this.scheme.addEventListener('change', this.onScheme);
    term.writeln(
      '\x1b[2mTab completes, ↑/↓ walk the history, Ctrl-C interrupts, Esc Tab leaves. Try a sample command.\x1b[0m',
    );
    try {
      this.cwd = (await this.machine?.cwd()) ?? this.cwd;
    } catch {
      // The machine may still be booting; the prompt shows the default.
    }
    this.showPrompt();
    this.toggleAttribute('ready', true);
    this.resolveReady();
  }

  private readonly onScheme = () => {
    if (this.term) this.term.options.theme = this.theme();
  };

  private theme(): ITheme {
    return this.scheme.matches ? DARK : LIGHT;
  }

  /** The size to draw at: the set one, or the page's rem (so 200% text doubles it). */
  private fontPx(): number {
    if (this.fontSize > 0) return Math.round(this.fontSize);
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    return Math.round(rem * 0.8125);
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('fontSize')) this.fitNow();
  }

  /** Rows and columns the screen shows now (tests and the layout read them). */
  get size(): { rows: number; cols: number; fontSize: number } {
    const t = this.term;
    return { rows: t?.rows ?? 0, cols: t?.cols ?? 0, fontSize: t?.options.fontSize ?? 0 };
  }

  private fitNow(): void {
    try {
      const px = this.fontPx();
      if (this.term && this.term.options.fontSize !== px) this.term.options.fontSize = px;
      this.fit?.fit();
      if (this.term) {
        this.dataset.rows = String(this.term.rows);
        this.dataset.fontSize = String(px);
      }
    } catch {
      // Not laid out yet (display: none): the next resize fits.
    }
  }

  private get prompt(): string {
    const dir = this.cwd === '/root' ? '~' : this.cwd.replace(/^\/root\//, '~/');
    return `\x1b[1;32mroot@kheaders\x1b[0m:\x1b[1;34m${sanitizeTerminal(dir)}\x1b[0m# `;
  }

  private showPrompt(): void {
    this.term!.write(this.prompt + this.editor.text);
    this.moveCursorFrom(visibleLength(this.prompt) + this.editor.text.length);
    this.drawnCursor = visibleLength(this.prompt) + this.editor.cursor;
  }

  /** Cell index (from the prompt's start) where the cursor was drawn. */
  private drawnCursor = 0;

  /** Redraws the prompt line, wrapping included, and places the cursor. */
  private redraw(): void {
    const term = this.term!;
    const cols = term.cols;
    const up = Math.floor(this.drawnCursor / cols);
    term.write((up ? `\x1b[${up}A` : '') + '\r\x1b[J');
    this.showPrompt();
  }

  /** From the end of the written line, moves back to the editor's cursor. */
  private moveCursorFrom(endIndex: number): void {
    const term = this.term!;
    const cols = term.cols;
    let out = '';
    // At an exact multiple of the width xterm waits to wrap: force the wrap.
    if (endIndex > 0 && endIndex % cols === 0) out += ' \r';
    const target = visibleLength(this.prompt) + this.editor.cursor;
    const endRow = Math.floor(endIndex / cols);
    const row = Math.floor(target / cols);
    if (endRow > row) out += `\x1b[${endRow - row}A`;
    out += '\r';
    if (target % cols) out += `\x1b[${target % cols}C`;
    term.write(out);
  }

  /** Escape, then Tab, leaves the terminal (Tab alone completes): no keyboard trap. */
  private escapeArmed = false;

  private onKeyEvent(e: KeyboardEvent): boolean {
    if (e.type !== 'keydown') return true;
    if (e.key === 'Tab' && this.escapeArmed) {
      this.escapeArmed = false;
      return false;
    }
    this.escapeArmed = e.key === 'Escape';
    const mod = e.ctrlKey || e.metaKey;
    // Copy: Ctrl-C with a selection (or Ctrl-Shift-C) copies instead of interrupting.
    if (mod && e.key.toLowerCase() === 'c' && (e.shiftKey || this.term?.hasSelection())) {
      void navigator.clipboard?.writeText(this.term?.getSelection() ?? '').catch(() => {});
      return false;
    }
    // Paste: leave Ctrl-V to the browser, whose paste event xterm turns into data.
    if (mod && e.key.toLowerCase() === 'v') return false;
    return true;
  }

  private onBarKey(e: BarKeyEvent): void {
    const key: BarKey = e.detail.key;
    if (key === 'Ctrl') {
      this._ctrl = !this._ctrl;
    } else {
      const data: Record<Exclude<BarKey, 'Ctrl'>, string> = {
        Tab: '\t',
        '|': '|',
        '/': '/',
        '-': '-',
        Up: '\x1b[A',
        Down: '\x1b[B',
        Esc: '\x1b',
      };
      this.onData(data[key]);
    }
    this.term?.focus();
  }

  private onData(data: string): void {
    if (!this.term) return;
    if (this._ctrl && data.length === 1 && /[a-z]/i.test(data)) {
      this._ctrl = false;
      data = String.fromCharCode(data.toUpperCase().charCodeAt(0) - 64);
    }
    if (data === '\x03') return this.onCtrlC();
    if (this.running) {
      this.typeahead.push(data);
      return;
    }
    const e = this.editor;
    switch (data) {
      case '\r':
        return this.onEnter();
      case '\x7f':
      case '\b':
        e.backspace();
        break;
      case '\t':
        void this.onTab();
        return;
      case '\x1b[A':
        e.previous();
        break;
      case '\x1b[B':
        e.next();
        break;
      case '\x1b[C':
        e.right();
        break;
      case '\x1b[D':
        e.left();
        break;
      case '\x1b[H':
      case '\x1bOH':
      case '\x01':
        e.home();
        break;
      case '\x1b[F':
      case '\x1bOF':
      case '\x05':
        e.end();
        break;
      case '\x1b[3~':
      case '\x04':
        e.deleteForward();
        break;
      case '\x15':
        e.killToStart();
        break;
      case '\x0b':
        e.killToEnd();
        break;
      case '\x17':
        e.killWord();
        break;
      case '\x0c':
        this.term.clear();
        break;
      default: {
        if (data.startsWith('\x1b')) return;
        // A paste with newlines runs each full line in turn.
        const lines = data.replace(/\r\n?/g, '\n').split('\n');
        const last = lines.pop() ?? '';
        if (lines.length) {
          lines[0] = e.text + lines[0];
          e.set('');
          for (const line of lines) if (line.trim()) void this.execute(line);
          if (last) void this.queue.then(() => this.typeIn(last));
          return;
        }
        e.insert(data.replace(/[\x00-\x1f]/g, ''));
      }
    }
    this.redraw();
  }

  private onEnter(): void {
    this.editor.end();
    this.redraw();
    this.term!.write('\r\n');
    const line = this.editor.accept();
    this.persist();
    if (!line.trim()) {
      this.showPrompt();
      return;
    }
    const job = this.queue.then(() => this.runLine(line));
    this.queue = job.catch(() => undefined);
  }

  private onCtrlC(): void {
    this.typeahead = []; // as the tty flushes its input on SIGINT
    if (this.running) {
      void this.machine?.interrupt();
      return;
    }
    this.editor.end();
    this.redraw();
    this.term!.write('^C\r\n');
    this.editor.clear();
    this.showPrompt();
  }

  private async onTab(): Promise<void> {
    const m = this.machine;
    if (!m) return;
    const { text, cursor } = this.editor;
    let result: { from: number; candidates: string[] };
    try {
      result = await m.complete(text, cursor);
    } catch {
      return;
    }
    // The line changed while the worker answered: drop the stale answer.
    if (this.editor.text !== text || this.editor.cursor !== cursor || this.running) return;
    const { from, candidates } = result;
    if (!candidates.length) return;
    const typed = text.slice(from, cursor);
    if (candidates.length === 1) {
      const c = candidates[0];
      this.editor.replaceBeforeCursor(from, c.endsWith('/') ? c : c + ' ');
      this.redraw();
      return;
    }
    const prefix = commonPrefix(candidates);
    if (prefix.length > typed.length) {
      this.editor.replaceBeforeCursor(from, prefix);
      this.redraw();
      return;
    }
    this.editor.end();
    this.redraw();
    this.term!.write(
      '\r\n' + sanitizeTerminal(formatColumns(candidates, this.term!.cols)) + '\r\n',
    );
    this.editor.cursor = cursor;
    this.showPrompt();
  }

  private persist(): void {
    const notice = saveHistory(this.editor.entries);
    if (notice) this._notice = notice;
  }

  private async runLine(line: string): Promise<number> {
    const term = this.term!;
    const machine = this.machine;
    this.running = true;
    this.dispatchEvent(
      new CustomEvent('kh-command-start', {
        detail: { command: line },
        bubbles: true,
        composed: true,
      }),
    );
    let out = '';
    let lastChar = '\n';
    const colour = isColourableLs(line);
    let code = 1;
    try {
      if (!machine) throw new Error('The machine has not started yet; try again in a moment.');
      let buffered = '';
      code = await machine.run(line, {
        write: (chunk, stream) => {
          out += chunk;
          if (colour && stream === 'stdout') {
            buffered += chunk;
            return;
          }
          if (chunk) lastChar = chunk[chunk.length - 1];
          const shown = sanitizeTerminal(chunk);
          term.write(stream === 'stderr' ? `\x1b[31m${shown}\x1b[0m` : shown);
        },
      });
      if (buffered) {
        term.write(sanitizeTerminal(colourLs(buffered, await this.lsEntries(line))));
        lastChar = buffered[buffered.length - 1];
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      out += message + '\n';
      term.write(`\x1b[31m${message}\x1b[0m\n`);
      lastChar = '\n';
    }
    if (lastChar !== '\n') term.write('\x1b[7m%\x1b[0m\n');
    try {
      this.cwd = (await machine?.cwd()) ?? this.cwd;
    } catch {
      // Keep the last known directory.
    }
    this.running = false;
    this._transcript = [...this._transcript, `$ ${line}\n${stripAnsi(out)}`].slice(
      -TRANSCRIPT_LIMIT,
    );
    this.showPrompt();
    this.replayTypeahead();
    this.dispatchEvent(
      new CustomEvent('kh-command-done', {
        detail: { command: line, exitCode: code },
        bubbles: true,
        composed: true,
      }),
    );
    return code;
  }

  /** The keys typed during the last command, up to the Enter that starts the next one. */
  private replayTypeahead(): void {
    while (this.typeahead.length && !this.running) {
      const data = this.typeahead.shift()!;
      this.onData(data);
      if (data.includes('\r')) break;
    }
  }

  /** Entries of the listed directories, so short ls output can be coloured by kind. */
  private async lsEntries(line: string): Promise<Map<string, DirEntry>> {
    const map = new Map<string, DirEntry>();
    for (const operand of lsOperands(line)) {
      const path = operand.startsWith('/') ? operand : `${this.cwd}/${operand}`;
      try {
        for (const e of (await this.machine?.readDir(path)) ?? []) map.set(e.name, e);
      } catch {
        // A file operand, or a missing one: ls already said so.
      }
    }
    return map;
  }
}

/** Candidates in columns, as bash lists them on a second Tab. */
function formatColumns(words: string[], cols: number): string {
  const width = Math.max(...words.map((w) => w.length)) + 2;
  const perRow = Math.max(1, Math.floor(cols / width));
  const rows: string[] = [];
  for (let i = 0; i < words.length; i += perRow) {
    rows.push(
      words
        .slice(i, i + perRow)
        .map((w) => w.padEnd(width))
        .join('')
        .trimEnd(),
    );
  }
  return rows.join('\r\n');
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-terminal': KhTerminal;
  }
  interface HTMLElementEventMap {
    'kh-command-start': TerminalCommandEvent;
    'kh-command-done': TerminalCommandEvent;
  }
}
