/**
 * What teaching adds to the page, kept out of the coordinator: presenter
 * mode's text size (from the window and the presenter's zoom), its keys
 * (Esc, `b` to blank, Ctrl +/−), the terminal/viewer split the link
 * remembers, the embedded pane, and the teacher's lesson file. A Lit
 * controller: its host re-renders when any of it changes.
 */
import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { EmbedPane, ShareState } from '../../share/share-state';
import { TeacherLesson } from '../../lessons/teacher-lesson';
import { typedIntoField } from '../../share/share-router';
import { isLessonFileName } from '../../lessons/lesson-loader';
import type { Lesson } from '../../lessons/lesson-types';
import { loadZoom, presenterAction, presenterFontPx, zoomBy } from './presenter-view';

/** The terminal's share by default: 24 rows and more at 1280×800, the sample commands above it. */
export const DEFAULT_SPLIT = 66;

export interface TeachHost extends ReactiveControllerHost, HTMLElement {}

export interface TeachActions {
  /** Whether presenter mode is on now. */
  presenting(): boolean;
  /** Leaves presenter mode. */
  leave(): void;
  /** Opens step 1 of a lesson just loaded from a file. */
  openLesson(lesson: Lesson): void;
  /** The split changed by the user's hand: the address bar follows. */
  splitChanged(): void;
}

export class TeachView implements ReactiveController {
  readonly teacher = new TeacherLesson();
  /** Percent of the work column the terminal takes. */
  split = DEFAULT_SPLIT;
  embed: EmbedPane | undefined;
  blank = false;
  zoom = loadZoom();
  /** Why the last lesson file could not be opened. */
  fileError = '';
  private width = innerWidth;
  private height = innerHeight;

  constructor(
    private readonly host: TeachHost,
    private readonly actions: TeachActions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('resize', this.onResize);
    addEventListener('keydown', this.onKey, true);
  }

  hostDisconnected(): void {
    removeEventListener('resize', this.onResize);
    removeEventListener('keydown', this.onKey, true);
  }

  /** The host's attribute its styles key on: presenter mode's layout and text. */
  hostUpdate(): void {
    this.host.toggleAttribute('presenting', this.actions.presenting());
  }

  /** The classes of the panes' container (the embedded pane's). */
  mainClass(): string {
    return this.embed ? `embed embed-${this.embed}` : '';
  }

  /** Over the page: the blanked screen, and in an embed the way out to the full playground. */
  overlays(fullLink: string) {
    return html`${this.blank ? html`<div class="blank" aria-label="Screen blanked: press any key"></div>` : ''}${
      this.embed
        ? html`<a class="full-link" href=${fullLink} target="_blank" rel="noopener"
            >Open in full ↗</a
          >`
        : ''
    }`;
  }

  /** Presenter mode's code and terminal size in px. */
  get presentPx(): number {
    return presenterFontPx(this.width, this.height, this.zoom);
  }

  /** The terminal's text size: presenter mode's, or 0 for the page's own. */
  terminalPx(): number {
    return this.actions.presenting() ? this.presentPx : 0;
  }

  /** Custom properties for the host's layout. */
  hostStyle(): string {
    return `--kh-split:${this.split}%;--kh-present-size:${this.presentPx}px`;
  }

  /** What a link says about split and embedding (a link without them means the defaults). */
  showOf(link: ShareState): void {
    this.split = link.split ?? DEFAULT_SPLIT;
    this.embed = link.embed;
    this.host.toggleAttribute('embed', !!this.embed);
    this.host.requestUpdate();
  }

  /** The link's part: only what differs from the defaults. */
  linkPart(): Pick<ShareState, 'split' | 'embed'> {
    return {
      ...(this.split !== DEFAULT_SPLIT ? { split: this.split } : {}),
      ...(this.embed ? { embed: this.embed } : {}),
    };
  }

  setSplit(percent: number): void {
    this.split = percent;
    this.host.requestUpdate();
    this.actions.splitChanged();
  }

  /** Readies the teacher's lesson a link names; '' or what went wrong. */
  prepare(link: ShareState): Promise<string> {
    return this.teacher.prepare(link);
  }

  /** A dropped or picked file: a lesson if its name says so (true), else not ours (false). */
  dropped(file: File): boolean {
    if (!isLessonFileName(file.name)) return false;
    void this.openFile(file);
    return true;
  }

  async openFile(file: File): Promise<void> {
    try {
      const lesson = await this.teacher.openFile(file);
      this.fileError = '';
      this.actions.openLesson(lesson);
    } catch (err) {
      this.fileError = `The lesson could not be opened: ${err instanceof Error ? err.message : String(err)}.`;
    }
    this.host.requestUpdate();
  }

  private readonly onResize = () => {
    this.width = innerWidth;
    this.height = innerHeight;
    this.host.requestUpdate();
  };

  /** Presenter keys other than the steps' (the router's step keys move between steps). */
  private readonly onKey = (e: KeyboardEvent) => {
    if (this.blank) {
      // Any key brings the screen back, and does nothing else.
      e.preventDefault();
      e.stopImmediatePropagation();
      this.blank = false;
      this.host.requestUpdate();
      return;
    }
    if (!this.actions.presenting()) return;
    const action = presenterAction(e);
    // In the terminal or a field, Esc and letters are theirs; only the zoom keys are ours.
    if (!action || (typedIntoField(e) && !action.startsWith('zoom'))) return;
    e.preventDefault();
    e.stopPropagation();
    if (action === 'leave') this.actions.leave();
    else if (action === 'blank') this.blank = true;
    else this.zoom = zoomBy(this.zoom, action === 'zoom-in' ? 1 : action === 'zoom-out' ? -1 : 0);
    this.host.requestUpdate();
  };
}
