/**
 * What a link says about the screen besides the machine: the layout, the
 * lesson step shown, whether the lesson list is open, and whether a
 * version 1 link was opened (the address bar then keeps that form); and
 * teaching's part (presenter keys and size, the split, the embedded pane,
 * the teacher's lesson file) in its TeachView. A Lit controller: its host
 * re-renders when any of it changes.
 */
import { html, type ReactiveController } from 'lit';
import type { DemoFacts } from '../../share/demo-manifest';
import type { PanelLayout, ShareState } from '../../share/share-state';
import { findLesson } from '../../lessons/lessons';
import { lessonFacts, stepHash } from '../app-links';
import { TeachView, type TeachHost } from './teach-view';
import './kh-lesson-panel';

/** What the lessons need of the app's router. */
export interface LessonRoutes {
  /** Rewrites the address bar's entry to the view on screen. */
  replaceView(): void;
  /** Goes to a lesson step (in the layout on screen), as a link of our own. */
  goStep(at: { id: string; step: number }): void;
}

export class LessonView implements ReactiveController {
  layout: PanelLayout = 'split';
  lesson: { id: string; step: number } | undefined;
  /** The lesson list is open (no step chosen yet). */
  open = false;
  /** What a link put in the error search (`#error=`). */
  errorText = '';
  v1 = false;
  readonly teach: TeachView;

  constructor(
    private readonly host: TeachHost,
    private readonly routes: LessonRoutes,
  ) {
    host.addController(this);
    this.teach = new TeachView(host, {
      presenting: () => this.presenting,
      leave: () => this.switchPresenter(false),
      openLesson: (lesson) => routes.goStep({ id: lesson.id, step: 1 }),
      splitChanged: () => routes.replaceView(),
    });
  }

  hostConnected(): void {}

  private set(
    patch: Partial<Pick<LessonView, 'layout' | 'lesson' | 'open' | 'v1' | 'errorText'>>,
  ): void {
    Object.assign(this, patch);
    this.host.requestUpdate();
  }

  get presenting(): boolean {
    return this.layout === 'presenter';
  }

  /** The layout to write into a step's link: presenter mode carries over. */
  get stepLayout(): PanelLayout | undefined {
    return this.presenting ? 'presenter' : undefined;
  }

  /** The view's part a link carries: layout, lesson step, the split and embed when not the defaults. */
  viewPart() {
    const { layout, lesson, v1 } = this;
    return { layout, lesson, v1, extra: this.teach.linkPart() };
  }

  /** Shows a version 1 link's layout and lesson; returns what to tell the reader ('' when all is well). */
  showOf(link: ShareState): string {
    this.teach.showOf(link);
    const lesson = link.lesson && findLesson(link.lesson.id) ? link.lesson : undefined;
    this.set({ layout: link.layout ?? 'split', lesson });
    return link.lesson && !lesson
      ? `There is no lesson "${link.lesson.id}" in this playground.`
      : '';
  }

  /** The list of lessons with this text in its error search (a link's `#error=`). */
  showError(text: string): void {
    this.set({ lesson: undefined, open: true, errorText: text, layout: 'split' });
  }

  /** Back to the list of lessons (out of presenter mode). */
  close(): void {
    this.set({ lesson: undefined, open: true, layout: this.presenting ? 'split' : this.layout });
  }

  toggleList(): void {
    this.set({ open: !this.open });
  }

  present(on: boolean): void {
    this.set({ layout: on ? 'presenter' : 'split' });
  }

  /** Presenter mode on or off by the user's hand: the address bar follows. */
  switchPresenter(on: boolean): void {
    this.present(on);
    this.routes.replaceView();
  }

  /** The lesson panel, when a lesson or the list is shown. */
  panel(facts: DemoFacts | undefined, linkTo: (hash: string) => string) {
    const at = this.lesson;
    if (!at && !this.open && this.teach.embed !== 'lesson') return '';
    return html`<kh-lesson-panel
      .lesson=${at && findLesson(at.id)}
      .step=${at?.step ?? 1}
      .facts=${lessonFacts(facts)}
      .bytes=${facts?.coreBytes ?? 0}
      .teacherLesson=${this.teach.teacher.lesson}
      .fileError=${this.teach.fileError}
      .errorText=${this.errorText}
      .link=${at ? linkTo(stepHash(facts, at, undefined, true)) : ''}
      .fullLink=${at ? linkTo(stepHash(facts, at)) : ''}
      ?presenter=${this.presenting}
    ></kh-lesson-panel>`;
  }
}
