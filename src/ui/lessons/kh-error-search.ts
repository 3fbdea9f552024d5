import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { searchErrors, type ErrorMatch } from '../../lessons/error-search';
import { LESSONS, findLesson } from '../../lessons/lessons';
import { smallButton } from '../common-styles';

/** Pasted text longer than this is searched only in its first part. */
const MAX_CHARS = 20_000;

/**
 * "Paste an error, find the step": a box for what the user's machine
 * printed, and the lesson steps that reproduce it, best first, each with
 * its cause in one line. Choosing one goes to the step (kh-lesson-go),
 * which opens it as its link does. The text stays on this page: nothing
 * is sent anywhere.
 */
@customElement('kh-error-search')
export class KhErrorSearch extends LitElement {
  static override styles = css`
    :host {
      display: block;
      margin-top: 0.6em;
    }
    label {
      display: block;
      font-weight: 600;
    }
    textarea {
      box-sizing: border-box;
      width: 100%;
      min-height: 4.5em;
      font:
        0.85em ui-monospace,
        monospace;
      color: inherit;
      background: var(--kh-bg);
      border: 1px solid var(--kh-border);
      border-radius: 4px;
      padding: 0.3em;
    }
    textarea:focus-visible,
    button:focus-visible {
      outline: 2px solid var(--kh-focus);
      outline-offset: 2px;
    }
    ol {
      margin: 0.3em 0 0;
      padding-left: 1.4em;
    }
    li {
      margin: 0.25em 0;
    }
    button {
      font: inherit;
      ${smallButton}
      background: var(--kh-bg);
      padding: 0.1em 0.5em;
      text-align: left;
    }
    .cause {
      display: block;
    }
    .line {
      display: block;
      color: var(--kh-muted);
      font:
        0.8em ui-monospace,
        monospace;
      overflow-wrap: anywhere;
    }
    .none {
      color: var(--kh-muted);
    }
  `;

  /** What is in the box (a link's `#error=` fills it). */
  @property() text = '';

  @state() private _matches: ErrorMatch[] = [];

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('text')) this._matches = searchErrors(this.text.slice(0, MAX_CHARS), LESSONS);
  }

  override render() {
    const typed = this.text.trim() !== '';
    return html`<label for="paste">Paste an error, find the step</label>
      <textarea
        id="paste"
        spellcheck="false"
        placeholder="e.g. modprobe: FATAL: Module kheaders not found in directory /lib/modules/…"
        .value=${this.text}
        @input=${(e: Event) => (this.text = (e.target as HTMLTextAreaElement).value)}
      ></textarea>
      <div aria-live="polite">
        ${
          this._matches.length
            ? html`<ol class="matches">
                ${this._matches.map((m) => this.renderMatch(m))}
              </ol>`
            : typed
              ? html`<p class="none">
                  No step reproduces this message. The lessons cover kheaders' own failures: not
                  root, stale or planted /tmp/kheaders-&lt;release&gt;, missing kmod or xz, a kernel
                  without it, bpftrace's headers.
                </p>`
              : ''
        }
      </div>`;
  }

  private renderMatch(m: ErrorMatch) {
    const lesson = findLesson(m.lessonId)?.title ?? m.lessonId;
    return html`<li>
      <button
        type="button"
        data-step=${`${m.lessonId}.${m.step}`}
        @click=${() => this.go(m.lessonId, m.step)}
      >
        ${lesson}, step ${m.step}: ${m.title}
      </button>
      <span class="cause">${m.cause}</span>
      <span class="line">${m.line}</span>
    </li>`;
  }

  private go(id: string, step: number): void {
    this.dispatchEvent(
      new CustomEvent('kh-lesson-go', { detail: { id, step }, bubbles: true, composed: true }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-error-search': KhErrorSearch;
  }
}
