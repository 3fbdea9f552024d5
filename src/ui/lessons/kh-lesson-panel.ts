import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LESSONS, fillFacts, type Lesson, type LessonFacts } from '../../lessons/lessons';
import './kh-memory-timeline';
import '../kh-share-button';

/** Go to a lesson step (step 0 closes the lesson). */
export type LessonGoEvent = CustomEvent<{ id: string; step: number }>;
export type PresenterEvent = CustomEvent<{ on: boolean }>;

/** `code` spans in a lesson's words; nothing else is markup. */
function words(text: string) {
  return text.split(/`([^`]+)`/).map((part, i) => (i % 2 ? html`<code>${part}</code>` : part));
}

/**
 * The lesson on screen: its step's text, step navigation, and the step's
 * link. Without a lesson it lists them. The app turns "go" into the step's
 * link, so every step is opened exactly as its link opens it.
 */
@customElement('kh-lesson-panel')
export class KhLessonPanel extends LitElement {
  static override styles = css`
    :host {
      display: block;
      border: 1px solid var(--kh-border);
      border-radius: 8px;
      padding: 0.5em 0.75em;
      background: var(--kh-surface);
    }
    h2 {
      font-size: 1em;
      margin: 0 0 0.3em;
    }
    h3 {
      font-size: 1.05em;
      margin: 0.2em 0;
    }
    p {
      margin: 0.35em 0;
    }
    ul {
      margin: 0;
      padding: 0;
      list-style: none;
      display: flex;
      flex-direction: column;
      gap: 0.25em;
    }
    button {
      font: inherit;
      border: 1px solid var(--kh-border);
      background: var(--kh-bg);
      color: var(--kh-fg);
      border-radius: 6px;
      padding: 0.15em 0.55em;
      cursor: pointer;
      text-align: left;
    }
    button:focus-visible {
      outline: 2px solid var(--kh-focus);
      outline-offset: 2px;
    }
    button:disabled {
      opacity: 0.5;
      cursor: default;
    }
    .nav {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4em;
      align-items: center;
      margin-top: 0.4em;
    }
    .count {
      color: var(--kh-muted);
    }
    .link {
      font:
        0.85em ui-monospace,
        monospace;
      overflow-wrap: anywhere;
      color: var(--kh-muted);
      margin-top: 0.4em;
    }
    :host([presenter]) {
      font-size: 1.35rem;
      line-height: 1.45;
    }
    :host([presenter]) .link {
      font-size: 0.7em;
      color: var(--kh-fg);
    }
    kh-memory-timeline {
      margin: 0.4em 0;
    }
  `;

  /** The lesson shown; undefined lists them all. */
  @property({ attribute: false }) lesson: Lesson | undefined;

  /** The current step, 1-based. */
  @property({ type: Number }) step = 1;

  /** Sizes and names from the manifest, for the text. */
  @property({ attribute: false }) facts: LessonFacts | undefined;

  /** The current step's short link (lesson and step only), shown as text. */
  @property() link = '';

  /** The same step with its whole state written out, for the copy button. */
  @property() fullLink = '';

  /** Bytes the archive costs in memory, for the timeline. */
  @property({ type: Number }) bytes = 0;

  /** Presenter mode: large type. */
  @property({ type: Boolean, reflect: true }) presenter = false;

  override render() {
    const lesson = this.lesson;
    if (!lesson)
      return html`<h2>Lessons</h2>
        <ul>
          ${LESSONS.map(
            (l) =>
              html`<li>
                <button type="button" data-lesson=${l.id} @click=${() => this.go(l.id, 1)}>
                  ${l.title}
                </button>
              </li>`,
          )}
        </ul>`;
    const n = lesson.steps.length;
    const step = lesson.steps[this.step - 1];
    if (!step) return html`<p>This lesson has no step ${this.step}.</p>`;
    const fill = (t: string) => (this.facts ? fillFacts(t, this.facts) : t);
    return html`<h2>${lesson.title}</h2>
      <h3 aria-live="polite">${step.title}</h3>
      ${step.text.map((t) => html`<p>${words(fill(t))}</p>`)}
      ${step.timeline ? html`<kh-memory-timeline .bytes=${this.bytes}></kh-memory-timeline>` : ''}
      <div class="nav">
        <button
          type="button"
          class="prev"
          ?disabled=${this.step <= 1}
          @click=${() => this.go(lesson.id, this.step - 1)}
        >
          ← Back
        </button>
        <span class="count">Step ${this.step} of ${n}</span>
        <button
          type="button"
          class="next"
          ?disabled=${this.step >= n}
          @click=${() => this.go(lesson.id, this.step + 1)}
        >
          Next →
        </button>
        <button type="button" class="presenter" @click=${this.togglePresenter}>
          ${this.presenter ? 'Leave presenter mode' : 'Presenter mode'}
        </button>
        <button type="button" class="close" @click=${() => this.go(lesson.id, 0)}>
          All lessons
        </button>
        <kh-share-button label="Copy step link" .link=${this.fullLink}></kh-share-button>
      </div>
      <div class="link" aria-label="This step's link">${this.link}</div>`;
  }

  /** Moves by delta steps within the lesson, if there is a step there. */
  move(delta: number): void {
    const lesson = this.lesson;
    const to = this.step + delta;
    if (lesson && to >= 1 && to <= lesson.steps.length) this.go(lesson.id, to);
  }

  private go(id: string, step: number): void {
    this.dispatchEvent(
      new CustomEvent('kh-lesson-go', { detail: { id, step }, bubbles: true, composed: true }),
    );
  }

  private togglePresenter(): void {
    this.dispatchEvent(
      new CustomEvent('kh-presenter', {
        detail: { on: !this.presenter },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-lesson-panel': KhLessonPanel;
  }
  interface HTMLElementEventMap {
    'kh-lesson-go': LessonGoEvent;
    'kh-presenter': PresenterEvent;
  }
}
