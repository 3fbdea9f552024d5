import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';

/** The user's answer: run the link's commands here, or leave the machine alone. */
export type LinkAnswerEvent = CustomEvent<{ run: boolean }>;

/**
 * Asks before a link from outside changes a machine the user has worked
 * on: lists what it would run, word for word, and waits for a yes or no.
 */
@customElement('kh-link-confirm')
export class KhLinkConfirm extends LitElement {
  static override styles = css`
    :host {
      display: block;
      border: 2px solid var(--kh-accent, #c60);
      border-radius: 8px;
      padding: 0.5rem 0.75rem;
      background: var(--kh-surface);
      margin-top: 0.4rem;
    }
    p {
      margin: 0 0 0.35rem;
    }
    pre {
      margin: 0 0 0.5rem;
      max-height: 12rem;
      overflow: auto;
      font:
        0.8rem ui-monospace,
        monospace;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    button {
      font: inherit;
      margin-right: 0.5rem;
    }
  `;

  /** What the link would run or change, one line each. */
  @property({ attribute: false }) plan: string[] = [];

  override render() {
    const n = this.plan.length;
    return html`<div role="alertdialog" aria-labelledby="q" aria-describedby="cmds">
      <p id="q">
        This link would run ${n === 1 ? 'a command' : `${n} commands`} on your machine, over what
        you have done here. Run ${n === 1 ? 'it' : 'them'}?
      </p>
      <pre id="cmds">${this.plan.map((c) => `$ ${c}\n`)}</pre>
      <button type="button" class="skip" @click=${() => this.answer(false)}>Don't run</button>
      <button type="button" class="run" @click=${() => this.answer(true)}>Run them here</button>
    </div>`;
  }

  override firstUpdated(): void {
    // The safe answer has the focus: Enter keeps the user's work.
    this.renderRoot.querySelector<HTMLButtonElement>('button.skip')?.focus();
  }

  private answer(run: boolean): void {
    this.dispatchEvent(new CustomEvent('kh-link-answer', { detail: { run }, bubbles: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-link-confirm': KhLinkConfirm;
  }
  interface HTMLElementEventMap {
    'kh-link-answer': LinkAnswerEvent;
  }
}
