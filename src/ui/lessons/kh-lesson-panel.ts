import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LESSONS, fillFacts, type Lesson, type LessonFacts } from '../../lessons/lessons';
import './kh-memory-timeline';
import '../kh-share-button';
import './kh-step-qr';
import './kh-error-search';
import { lessonPanelStyles } from './lesson-panel-styles';

/** Go to a lesson step (step 0 closes the lesson). */
export type LessonGoEvent = CustomEvent<{ id: string; step: number }>;
export type PresenterEvent = CustomEvent<{ on: boolean }>;
/** A lesson file the user picked, to open as a teacher's lesson. */
export type LessonFileEvent = CustomEvent<{ file: File }>;

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
  static override styles = lessonPanelStyles;

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

  /** Presenter mode: large type, the step's link as a QR code. */
  @property({ type: Boolean, reflect: true }) presenter = false;

  /** A teacher's lesson opened in this tab, listed after the built-in ones. */
  @property({ attribute: false }) teacherLesson: Lesson | undefined;

  /** Why the last lesson file could not be opened ('' when it could). */
  @property() fileError = '';

  /** Text for the error search under the list (a link's `#error=`). */
  @property() errorText = '';

  override render() {
    const lesson = this.lesson;
    if (!lesson) {
      const all = this.teacherLesson ? [...LESSONS, this.teacherLesson] : LESSONS;
      return html`<h2>Lessons</h2>
        <ul>
          ${all.map(
            (l) =>
              html`<li>
                <button type="button" data-lesson=${l.id} @click=${() => this.go(l.id, 1)}>
                  ${l.title}
                </button>
              </li>`,
          )}
        </ul>
        <label class="file-pick"
          >Open a lesson file (.md)…<input
            type="file"
            accept=".md,.markdown,.txt,text/markdown,text/plain"
            @change=${this.onPick}
        /></label>
        ${this.fileError ? html`<p class="error" role="alert">${this.fileError}</p>` : ''}
        <kh-error-search .text=${this.errorText}></kh-error-search>`;
    }
    const n = lesson.steps.length;
    const step = lesson.steps[this.step - 1];
    if (!step) return html`<p>This lesson has no step ${this.step}.</p>`;
    const fill = (t: string) => (this.facts ? fillFacts(t, this.facts) : t);
    const nav = this.renderNav(lesson.id, n);
    // One line that always fits: the font shrinks to the box's width (container units).
    const short = this.link.replace(/^https?:\/\//, '');
    return html`<h2>${lesson.title}</h2>
      ${this.renderSource(lesson)}
      <h3 aria-live="polite">${step.title}</h3>
      <div class="text">${step.text.map((t) => html`<p>${words(fill(t))}</p>`)}</div>
      ${step.timeline ? html`<kh-memory-timeline .bytes=${this.bytes}></kh-memory-timeline>` : ''}
      ${
        this.presenter
          ? html`<div class="present-foot">
                <div class="foot-left">${nav}</div>
                <kh-step-qr .link=${this.link}></kh-step-qr>
              </div>
              <div class="link-box">
                <div
                  class="link"
                  aria-label="This step's link"
                  style=${`font-size:min(0.6em, calc(100cqw / ${Math.max(short.length, 1) * 0.62}))`}
                >
                  ${short}
                </div>
              </div>`
          : html`${nav}
              <div class="link" aria-label="This step's link">${this.link}</div>`
      }`;
  }

  private renderNav(id: string, n: number) {
    return html`<div class="nav">
      <button
        type="button"
        class="prev"
        ?disabled=${this.step <= 1}
        @click=${() => this.go(id, this.step - 1)}
      >
        ← Back
      </button>
      <span class="count" aria-label=${`Step ${this.step} of ${n}`}
        >${this.presenter ? `${this.step}/${n}` : `Step ${this.step} of ${n}`}</span
      >
      <button
        type="button"
        class="next"
        ?disabled=${this.step >= n}
        @click=${() => this.go(id, this.step + 1)}
      >
        Next →
      </button>
      <button type="button" class="presenter" @click=${this.togglePresenter}>
        ${this.presenter ? 'Leave (Esc)' : 'Presenter mode'}
      </button>
      <button type="button" class="close" @click=${() => this.go(id, 0)}>All lessons</button>
      <kh-share-button label="Copy step link" .link=${this.fullLink}></kh-share-button>
    </div>`;
  }

  /** Where a teacher's lesson came from, and what its links can carry. */
  private renderSource(lesson: Lesson) {
    const src = lesson.source;
    if (!src) return '';
    return src.kind === 'url'
      ? html`<p class="source">A teacher's lesson, from ${src.where}.</p>`
      : html`<p class="source">
          A teacher's lesson, from the file ${src.where} on this computer. Its step links carry the
          machine's state but not its text: put the file on a web server and open it with
          <code>#lesson-url=…</code> to share it.
        </p>`;
  }

  private onPick(e: Event): void {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file)
      this.dispatchEvent(
        new CustomEvent('kh-lesson-file', { detail: { file }, bubbles: true, composed: true }),
      );
  }

  private resizer: ResizeObserver | undefined;
  private fitFrame = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    // Fit again when the panel or any of its parts changes size (the QR code
    // arrives late), a frame later so the fitting itself cannot loop.
    this.resizer = new ResizeObserver(() => {
      cancelAnimationFrame(this.fitFrame);
      this.fitFrame = requestAnimationFrame(() => this.fitText());
    });
    this.resizer.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizer?.disconnect();
  }

  override updated(): void {
    for (const part of this.renderRoot.children) this.resizer?.observe(part);
    this.fitText();
  }

  /**
   * Presenter mode has nothing to scroll: a step whose text overflows the
   * panel gets its paragraphs a little smaller, step by step, down to 70%.
   */
  private fitText(): void {
    let fit = 1;
    this.style.setProperty('--kh-fit', '1');
    if (!this.presenter) return;
    while (fit > 0.7 && this.scrollHeight > this.clientHeight + 1) {
      fit = Math.round(fit * 92) / 100;
      this.style.setProperty('--kh-fit', String(fit));
    }
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
    'kh-lesson-file': LessonFileEvent;
  }
}
