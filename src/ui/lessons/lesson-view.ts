/**
 * What a link says about the screen besides the machine: the layout, the
 * lesson step shown, whether the lesson list is open, and whether a
 * version 1 link was opened (the address bar then keeps that form). A Lit
 * controller: its host re-renders when any of it changes.
 */
import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { DemoFacts } from '../../share/demo-manifest';
import type { PanelLayout, ShareState } from '../../share/share-state';
import { findLesson } from '../../lessons/lessons';
import { lessonFacts, stepHash } from '../app-links';
import './kh-lesson-panel';

export class LessonView implements ReactiveController {
  layout: PanelLayout = 'split';
  lesson: { id: string; step: number } | undefined;
  /** The lesson list is open (no step chosen yet). */
  open = false;
  v1 = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  private set(patch: Partial<Pick<LessonView, 'layout' | 'lesson' | 'open' | 'v1'>>): void {
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

  /** Shows a version 1 link's layout and lesson; returns what to tell the reader ('' when all is well). */
  showOf(link: ShareState): string {
    const lesson = link.lesson && findLesson(link.lesson.id) ? link.lesson : undefined;
    this.set({ layout: link.layout ?? 'split', lesson });
    return link.lesson && !lesson
      ? `There is no lesson "${link.lesson.id}" in this playground.`
      : '';
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

  /** The lesson panel, when a lesson or the list is shown. */
  panel(facts: DemoFacts | undefined, linkTo: (hash: string) => string) {
    const at = this.lesson;
    if (!at && !this.open) return '';
    return html`<kh-lesson-panel
      .lesson=${at && findLesson(at.id)}
      .step=${at?.step ?? 1}
      .facts=${lessonFacts(facts)}
      .bytes=${facts?.objectBytes ?? 0}
      .link=${at ? linkTo(stepHash(facts, at, undefined, true)) : ''}
      .fullLink=${at ? linkTo(stepHash(facts, at)) : ''}
      ?presenter=${this.presenting}
    ></kh-lesson-panel>`;
  }
}
