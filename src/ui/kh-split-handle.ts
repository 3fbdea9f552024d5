import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';

/** The terminal's new share of the column, in percent. */
export type SplitEvent = CustomEvent<{ percent: number }>;

export const SPLIT_MIN = 10;
export const SPLIT_MAX = 90;
const clamp = (p: number) => Math.min(SPLIT_MAX, Math.max(SPLIT_MIN, Math.round(p)));

/**
 * The divider between the terminal and the viewer: drag it, or focus it and
 * use the arrow keys. It measures against its parent, the column the two
 * panes share, and says the new split; the app keeps it (and the link does).
 */
@customElement('kh-split-handle')
export class KhSplitHandle extends LitElement {
  static override styles = css`
    :host {
      display: block;
      flex: 0 0 0.6rem;
      cursor: row-resize;
      touch-action: none;
      position: relative;
    }
    :host::after {
      content: '';
      position: absolute;
      left: 40%;
      right: 40%;
      top: calc(50% - 2px);
      height: 4px;
      border-radius: 2px;
      background: var(--kh-border);
    }
    :host(:hover)::after,
    :host(:focus-visible)::after {
      background: var(--kh-focus);
    }
    :host(:focus-visible) {
      outline: 2px solid var(--kh-focus);
    }
  `;

  /** The terminal's share now, in percent. */
  @property({ type: Number }) percent = 60;

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute('role', 'separator');
    this.setAttribute('aria-orientation', 'horizontal');
    this.setAttribute('aria-label', 'Terminal and viewer divider');
    this.setAttribute('aria-valuemin', String(SPLIT_MIN));
    this.setAttribute('aria-valuemax', String(SPLIT_MAX));
    this.tabIndex = 0;
    this.addEventListener('pointerdown', this.onDown);
    this.addEventListener('keydown', this.onKey);
  }

  override updated(): void {
    this.setAttribute('aria-valuenow', String(this.percent));
  }

  override render() {
    return html``;
  }

  private readonly onDown = (e: PointerEvent) => {
    e.preventDefault();
    this.setPointerCapture(e.pointerId);
    const move = (m: PointerEvent) => {
      const box = this.parentElement?.getBoundingClientRect();
      if (box && box.height > 0) this.say(((m.clientY - box.top) / box.height) * 100);
    };
    const up = () => {
      this.removeEventListener('pointermove', move);
      this.removeEventListener('pointerup', up);
      this.removeEventListener('pointercancel', up);
    };
    this.addEventListener('pointermove', move);
    this.addEventListener('pointerup', up);
    this.addEventListener('pointercancel', up);
  };

  private readonly onKey = (e: KeyboardEvent) => {
    const delta = e.key === 'ArrowUp' ? -5 : e.key === 'ArrowDown' ? 5 : 0;
    if (!delta) return;
    e.preventDefault();
    e.stopPropagation();
    this.say(this.percent + delta);
  };

  private say(percent: number): void {
    const p = clamp(percent);
    if (p === this.percent) return;
    this.dispatchEvent(new CustomEvent('kh-split', { detail: { percent: p }, bubbles: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-split-handle': KhSplitHandle;
  }
  interface HTMLElementEventMap {
    'kh-split': SplitEvent;
  }
}
