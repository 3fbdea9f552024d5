import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { smallButton } from './common-styles';

/**
 * A "copy link" button. The link is given, not computed here: the app
 * knows the state. When the clipboard is not available (an insecure page,
 * a denied permission) the link is shown selected, for Ctrl+C.
 */
@customElement('kh-share-button')
export class KhShareButton extends LitElement {
  static override styles = css`
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
      font-size: 0.85rem;
    }
    button {
      font: inherit;
      ${smallButton}
    }
    button:focus-visible {
      outline: 2px solid var(--kh-focus);
      outline-offset: 2px;
    }
    .done {
      color: var(--kh-ok);
    }
    :host {
      flex-wrap: wrap;
    }
    .notes {
      flex-basis: 100%;
      margin: 0.2rem 0 0;
      padding-left: 1.1rem;
      color: var(--kh-error);
    }
    input {
      font:
        0.8rem ui-monospace,
        monospace;
      width: 22rem;
      max-width: 60vw;
    }
  `;

  /** The full URL to copy. */
  @property() link = '';

  /** What the link cannot carry, said when it is copied. */
  @property({ attribute: false }) notes: string[] = [];

  /** The button's words. */
  @property() label = 'Copy link';

  @state() private _status: 'idle' | 'copied' | 'manual' = 'idle';

  override render() {
    return html`<button type="button" @click=${this.copy} title=${this.link}>${this.label}</button>
      ${
        this._status === 'copied'
          ? html`<span class="done" role="status">Copied</span>`
          : this._status === 'manual'
            ? html`<input
                readonly
                aria-label="Link to copy"
                .value=${this.link}
                @focus=${(e: Event) => (e.target as HTMLInputElement).select()}
              />`
            : ''
      }
      ${
        this._status !== 'idle' && this.notes.length
          ? html`<ul class="notes" role="status">
              ${this.notes.map((n) => html`<li>${n}</li>`)}
            </ul>`
          : ''
      }`;
  }

  private async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.link);
      this._status = 'copied';
      // What the link leaves out stays until read; the "Copied" mark goes.
      if (!this.notes.length) setTimeout(() => (this._status = 'idle'), 2000);
    } catch {
      this._status = 'manual';
      await this.updateComplete;
      this.renderRoot.querySelector('input')?.focus();
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-share-button': KhShareButton;
  }
}
