import { LitElement, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { FitAddon } from '@xterm/addon-fit';
import type { ITheme, Terminal } from '@xterm/xterm';
import { BAR_KEY_DATA, type BarKey, type BarKeyEvent } from './kh-key-bar';
import './kh-key-bar';
import { EDIT_KEYS, commonPrefix, formatColumns } from './line-editor';
import { DARK, LIGHT, terminalStyles } from './terminal-look';
import { sanitizeTerminal } from './terminal-sanitize';
import { loadXterm, terminalFontPx } from './xterm-load';
import { TerminalSession, type TerminalMachine, type TerminalScreen } from './terminal-session';
import { PromptLine } from './prompt-line';

/**
 * The shell's terminal: xterm.js (loaded after first paint) drawing a
 * TerminalSession, with a line editor of our own; each line goes to the
 * session, which runs it on the machine. Commands the UI issues go through
 * the session too, so the screen shows every command run.
 */
@customElement('kh-terminal')
export class KhTerminal extends LitElement {
  static override styles = terminalStyles;

  /** The session drawn here (the app's); without one, the terminal runs its own on `machine`. */
  @property({ attribute: false }) session: TerminalSession | undefined;

  /** The machine of the terminal's own session, when it was given none. */
  @property({ attribute: false }) machine: TerminalMachine | undefined;

  /** Text size in CSS pixels; 0 follows the page's text size (0.8125 rem, 13 px at 100%). */
  @property({ type: Number }) fontSize = 0;

  @state() private _ready = false;
  @state() private _ctrl = false;
  @query('.screen') private _screen!: HTMLDivElement;

  private term: Terminal | undefined;
  private fit: FitAddon | undefined;
  /** Keys typed while a command runs, replayed at the next prompt as a tty would. */
  private typeahead: string[] = [];
  private readonly whenReady: Promise<void>;
  private resolveReady!: () => void;
  private resizer: ResizeObserver | undefined;
  private readonly scheme = matchMedia('(prefers-color-scheme: dark)');

  constructor() {
    super();
    this.whenReady = new Promise((r) => (this.resolveReady = r));
  }

  private get live(): TerminalSession {
    return (this.session ??= new TerminalSession(() => this.machine));
  }

  private get editor() {
    return this.live.editor;
  }

  /** How the session draws here. */
  private readonly screen: TerminalScreen = {
    write: (text) => this.term?.write(text),
    redraw: () => this.line.redraw(),
    prompt: () => {
      this.line.show();
      this.replayTypeahead();
    },
  };

  private readonly onSessionChange = () => this.requestUpdate();

  override connectedCallback(): void {
    super.connectedCallback();
    this.live.addEventListener('change', this.onSessionChange);
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
      ${this.live.notice ? html`<p class="notice" role="status">${this.live.notice}</p>` : ''}
      <div class="sr-only" role="log" aria-live="polite" aria-label="Terminal transcript">
        ${this.live.transcript.map(
          // The running command's entry grows while it prints; data-running marks it.
          (t, i, all) =>
            html`<pre ?data-running=${this.live.running && i === all.length - 1}>${t}</pre>`,
        )}
      </div>
    `;
  }

  override firstUpdated(): void {
    // After first paint: xterm is the biggest piece of the page's JS.
    requestAnimationFrame(() => void this.start());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.live.removeEventListener('change', this.onSessionChange);
    this.live.detach(this.screen);
    this.resizer?.disconnect();
    this.scheme.removeEventListener('change', this.onScheme);
    this.term?.dispose();
    this.term = undefined;
  }

  /** Runs a command as if typed and entered; resolves to its exit code. */
  execute(command: string): Promise<number> {
    return this.live.execute(command);
  }

  /** Puts a command on the prompt line for the user to edit or run. */
  async typeIn(command: string): Promise<void> {
    await this.whenReady;
    if (!this.live.running) {
      this.editor.set(command);
      this.line.redraw();
    }
    this.term!.focus();
  }

  override focus(): void {
    this.term?.focus();
  }

  /** Text on screen (and in scrollback) once pending writes are parsed. */
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
    // Asked while xterm loads: the machine's answer and xterm's code arrive side by side.
    const whereNow = this.live.refreshCwd();
    const { term, fit } = await loadXterm(this.shadowRoot!, this.fontPx(), this.theme());
    if (!this.isConnected) return void term.dispose();
    this.term = term;
    this.fit = fit;
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
    // The first prompt is the login's, as every boot starts (root in ~): drawn
    // now, not after a round trip to a worker that may still be starting. A
    // line typed meanwhile waits in the session's queue for the machine.
    const drawn = this.prompt;
    term.write(this.live.attach(this.screen));
    if (!this.live.running) this.line.show();
    performance.mark('kh:prompt'); // the bench's time to prompt, by phase (bench/prompt-bench.mjs)
    void whereNow.then(() => {
      if (!this.live.running && this.prompt !== drawn) this.line.redraw();
    });
    this.toggleAttribute('ready', true);
    this.resolveReady();
  }

  private readonly onScheme = () => {
    if (this.term) this.term.options.theme = this.theme();
  };

  private theme(): ITheme {
    return this.scheme.matches ? DARK : LIGHT;
  }

  private fontPx(): number {
    return terminalFontPx(this.fontSize);
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
    return this.live.prompt;
  }

  /** Draws the prompt and the edited line on xterm. */
  private readonly line = new PromptLine(
    () => this.term!,
    () => this.prompt,
    () => this.editor,
  );

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
    if (key === 'Ctrl') this._ctrl = !this._ctrl;
    else this.onData(BAR_KEY_DATA[key]);
    this.term?.focus();
  }

  private onData(data: string): void {
    if (!this.term) return;
    if (this._ctrl && data.length === 1 && /[a-z]/i.test(data)) {
      this._ctrl = false;
      data = String.fromCharCode(data.toUpperCase().charCodeAt(0) - 64);
    }
    if (data === '\x03') return this.onCtrlC();
    if (this.live.running) {
      this.typeahead.push(data);
      return;
    }
    const e = this.editor;
    const edit = EDIT_KEYS[data];
    if (edit) {
      edit(e);
      return this.line.redraw();
    }
    switch (data) {
      case '\r':
        return this.onEnter();
      case '\t':
        void this.onTab();
        return;
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
          if (last) void this.live.settled().then(() => this.typeIn(last));
          return;
        }
        e.insert(data.replace(/[\x00-\x1f]/g, ''));
      }
    }
    this.line.redraw();
  }

  private onEnter(): void {
    this.editor.end();
    this.line.redraw();
    this.term!.write('\r\n');
    const line = this.editor.accept();
    if (!line.trim()) {
      this.line.show();
      return;
    }
    this.live.submit(line);
  }

  private onCtrlC(): void {
    this.typeahead = []; // as the tty flushes its input on SIGINT
    if (this.live.running) {
      this.live.interrupt();
      return;
    }
    this.editor.end();
    this.line.redraw();
    this.term!.write('^C\r\n');
    this.editor.clear();
    this.line.show();
  }

  private async onTab(): Promise<void> {
    const { text, cursor } = this.editor;
    const result = await this.live.complete(text, cursor);
    // The line changed while the worker answered: drop the stale answer.
    if (!result || this.editor.text !== text || this.editor.cursor !== cursor) return;
    if (this.live.running) return;
    const { from, candidates } = result;
    if (!candidates.length) return;
    const typed = text.slice(from, cursor);
    if (candidates.length === 1) {
      const c = candidates[0];
      this.editor.replaceBeforeCursor(from, c.endsWith('/') ? c : c + ' ');
      this.line.redraw();
      return;
    }
    const prefix = commonPrefix(candidates);
    if (prefix.length > typed.length) {
      this.editor.replaceBeforeCursor(from, prefix);
      this.line.redraw();
      return;
    }
    this.editor.end();
    this.line.redraw();
    this.term!.write(
      '\r\n' + sanitizeTerminal(formatColumns(candidates, this.term!.cols)) + '\r\n',
    );
    this.editor.cursor = cursor;
    this.line.show();
  }

  /** The keys typed during the last command, up to the Enter that starts the next one. */
  private replayTypeahead(): void {
    while (this.typeahead.length && !this.live.running) {
      const data = this.typeahead.shift()!;
      this.onData(data);
      if (data.includes('\r')) break;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-terminal': KhTerminal;
  }
}
