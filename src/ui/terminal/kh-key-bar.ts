import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';

/** The keys a phone keyboard lacks for a shell. */
export type BarKey = 'Tab' | 'Ctrl' | '|' | 'Up' | 'Down' | 'Esc' | '/' | '-';

export type BarKeyEvent = CustomEvent<{ key: BarKey }>;

/** What each key but Ctrl types into the terminal, as the keyboard's key would. */
export const BAR_KEY_DATA: Readonly<Record<Exclude<BarKey, 'Ctrl'>, string>> = {
  Tab: '\t',
  '|': '|',
  '/': '/',
  '-': '-',
  Up: '\x1b[A',
  Down: '\x1b[B',
  Esc: '\x1b',
};

const KEYS: { key: BarKey; label: string; name: string }[] = [
  { key: 'Tab', label: 'Tab', name: 'Tab' },
  { key: 'Ctrl', label: 'Ctrl', name: 'Control (applies to the next key)' },
  { key: '|', label: '|', name: 'Pipe' },
  { key: '/', label: '/', name: 'Slash' },
  { key: '-', label: '-', name: 'Dash' },
  { key: 'Up', label: '↑', name: 'Previous command' },
  { key: 'Down', label: '↓', name: 'Next command' },
];

/** A row of keys for touch screens: Tab, a sticky Ctrl, the pipe, history. */
@customElement('kh-key-bar')
export class KhKeyBar extends LitElement {
  static override styles = css`
    /* Wraps rather than scrolls: at 200% on a phone every key stays in reach. */
    :host {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem;
      padding: 0.25rem 0;
    }
    button {
      font: inherit;
      min-width: 2.75rem;
      min-height: 2.5rem;
      border: 1px solid var(--kh-border);
      border-radius: 6px;
      background: var(--kh-surface);
      color: var(--kh-fg);
    }
    button[aria-pressed='true'] {
      background: var(--kh-accent);
      color: var(--kh-bg);
    }
    button:focus-visible {
      outline: 2px solid var(--kh-focus);
      outline-offset: 1px;
    }
  `;

  /** Whether Ctrl is armed for the next key (shown pressed). */
  @property({ type: Boolean }) ctrl = false;

  override render() {
    return html`${KEYS.map(
      (k) =>
        html`<button
          type="button"
          aria-label=${k.name}
          aria-pressed=${k.key === 'Ctrl' ? String(this.ctrl) : 'undefined'}
          @pointerdown=${(e: Event) => e.preventDefault()}
          @click=${() => this.press(k.key)}
        >
          ${k.label}
        </button>`,
    )}`;
  }

  private press(key: BarKey): void {
    this.dispatchEvent(
      new CustomEvent('kh-key', { detail: { key }, bubbles: true, composed: true }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-key-bar': KhKeyBar;
  }
  interface HTMLElementEventMap {
    'kh-key': BarKeyEvent;
  }
}
