import { LitElement, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { ITheme, Terminal } from '@xterm/xterm';
import type { FitAddon } from '@xterm/addon-fit';
import type { RealKernelClient } from '../../client/real-kernel-client';
import { DARK, LIGHT, terminalStyles } from '../terminal/terminal-look';
import { loadXterm, terminalFontPx } from '../terminal/xterm-load';

/**
 * The real machine's serial console in xterm.js: raw bytes both ways. The
 * guest's shell echoes and edits the line itself, so every key (Tab,
 * arrows, Ctrl-C) goes to it as typed; nothing is edited here.
 */
@customElement('kh-real-console')
export class KhRealConsole extends LitElement {
  static override styles = terminalStyles;

  /** The machine whose console this is. */
  @property({ attribute: false }) client: RealKernelClient | undefined;
  /** Text size in CSS pixels; 0 follows the page's. */
  @property({ type: Number }) fontSize = 0;

  @query('.screen') private _screen!: HTMLDivElement;
  private term: Terminal | undefined;
  private fit: FitAddon | undefined;
  private resizer: ResizeObserver | undefined;
  private readonly scheme = matchMedia('(prefers-color-scheme: dark)');
  /** Escape, then Tab, leaves the console (Tab alone goes to the guest): no keyboard trap. */
  private escapeArmed = false;

  override render() {
    return html`<div
        class="screen"
        role="group"
        aria-label="Real Linux console"
        aria-describedby="real-help"
      ></div>
      <p class="sr-only" id="real-help">
        The serial console of a real Linux kernel in an emulated PC: keys go to its busybox shell as
        typed. Press Escape then Tab to move on.
      </p>`;
  }

  override async firstUpdated(): Promise<void> {
    const theme: ITheme = this.scheme.matches ? DARK : LIGHT;
    const { term, fit } = await loadXterm(this.shadowRoot!, terminalFontPx(this.fontSize), theme);
    if (!this.isConnected) return void term.dispose();
    this.term = term;
    this.fit = fit;
    term.open(this._screen);
    term.textarea?.setAttribute('aria-label', 'Real Linux console input');
    term.attachCustomKeyEventHandler((e) => this.onKey(e));
    term.onData((d) => this.client?.send(d));
    this.fitNow();
    this.resizer = new ResizeObserver(() => this.fitNow());
    this.resizer.observe(this._screen);
    this.client?.listen((bytes) => term.write(bytes));
    this.toggleAttribute('ready', true);
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('client') && this.term) {
      const term = this.term;
      this.client?.listen((bytes) => term.write(bytes));
    }
    if (changed.has('fontSize')) this.fitNow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.client?.listen(undefined);
    this.resizer?.disconnect();
    this.term?.dispose();
    this.term = undefined;
  }

  override focus(): void {
    this.term?.focus();
  }

  /** Types text at the guest's prompt (a sample command: the user presses Enter). */
  typeIn(text: string): void {
    this.client?.send(text);
    this.term?.focus();
  }

  /** Text on screen and in scrollback once pending writes are parsed. */
  async screenText(): Promise<string> {
    const term = this.term;
    if (!term) return '';
    await new Promise<void>((resolve) => term.write('', resolve));
    return this.shownText;
  }

  /** Text on screen and in scrollback as parsed so far (for a test's synchronous poll). */
  get shownText(): string {
    const term = this.term;
    if (!term) return '';
    const buf = term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buf.length; i++) lines.push(buf.getLine(i)?.translateToString(true) ?? '');
    return lines.join('\n').trimEnd();
  }

  private fitNow(): void {
    try {
      const px = terminalFontPx(this.fontSize);
      if (this.term && this.term.options.fontSize !== px) this.term.options.fontSize = px;
      this.fit?.fit();
    } catch {
      // Not laid out (hidden while the simulation is shown): the next resize fits.
    }
  }

  private onKey(e: KeyboardEvent): boolean {
    if (e.type !== 'keydown') return true;
    if (e.key === 'Tab' && this.escapeArmed) {
      this.escapeArmed = false;
      return false;
    }
    this.escapeArmed = e.key === 'Escape';
    const mod = e.ctrlKey || e.metaKey;
    // Ctrl-C copies when text is selected (or with Shift); otherwise it goes to the guest.
    if (mod && e.key.toLowerCase() === 'c' && (e.shiftKey || this.term?.hasSelection())) {
      void navigator.clipboard?.writeText(this.term?.getSelection() ?? '').catch(() => {});
      return false;
    }
    if (mod && e.key.toLowerCase() === 'v') return false;
    return true;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-real-console': KhRealConsole;
  }
}
