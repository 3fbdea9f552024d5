import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';

/** Typing a sample into the terminal (not running it: the user presses Enter). */
export type SampleEvent = CustomEvent<{ command: string }>;

/** The commands a BCC user's loader or a reader of the original patch would run. */
export const SAMPLE_COMMANDS: { command: string; why: string }[] = [
  { command: 'modprobe kheaders', why: 'load the module' },
  { command: 'ls -l /sys/kernel/kheaders.tar.xz', why: 'the file it adds' },
  {
    command:
      'mkdir -p /tmp/kheaders-$(uname -r) && tar -xf /sys/kernel/kheaders.tar.xz -C /tmp/kheaders-$(uname -r)',
    why: 'extract by hand (BCC adds an ownership check and a temporary directory: see its lesson)',
  },
  { command: 'zcat /proc/config.gz | grep IKHEADERS', why: 'how it was built' },
  { command: 'xz -l /sys/kernel/kheaders.tar.xz', why: 'streams, blocks, check' },
  { command: 'rmmod kheaders', why: 'give the memory back' },
];

/** Clickable sample commands that type themselves into the terminal. */
@customElement('kh-sample-commands')
export class KhSampleCommands extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      /* Every chip in reach: they wrap, and one wider than the row wraps inside. */
      flex-wrap: wrap;
      gap: 0.2rem 0.3rem;
    }
    li {
      flex: 0 1 auto;
      min-width: 0;
    }
    button {
      font:
        0.75rem/1.25 ui-monospace,
        monospace;
      text-align: left;
      border: 1px solid var(--kh-border);
      border-radius: 4px;
      background: var(--kh-surface);
      color: var(--kh-fg);
      padding: 0.1rem 0.35rem;
      cursor: pointer;
      max-width: 100%;
      overflow-wrap: anywhere;
    }
    button:hover {
      border-color: var(--kh-accent);
    }
    button:focus-visible {
      outline: 2px solid var(--kh-focus);
      outline-offset: 1px;
    }
  `;

  /** The commands offered; the defaults follow BCC's loader. */
  @property({ attribute: false }) commands = SAMPLE_COMMANDS;

  override render() {
    return html`<ul aria-label="Sample commands">
      ${this.commands.map(
        (c) =>
          html`<li>
            <button type="button" title=${c.why} @click=${() => this.pick(c.command)}>
              ${c.command}
            </button>
          </li>`,
      )}
    </ul>`;
  }

  private pick(command: string): void {
    this.dispatchEvent(
      new CustomEvent('kh-sample', { detail: { command }, bubbles: true, composed: true }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-sample-commands': KhSampleCommands;
  }
  interface HTMLElementEventMap {
    'kh-sample': SampleEvent;
  }
}
