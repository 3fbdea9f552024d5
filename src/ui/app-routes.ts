/**
 * What following a link does to the page, for the share router: shows a
 * link's view, replays one on the machine (through the terminal session, so
 * it never waits for xterm), asks before a link from outside runs commands,
 * and says what could not be opened. A Lit controller: its notices re-render
 * the host.
 */
import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { DemoFacts } from '../share/demo-manifest';
import { planShareState, restoreShareState, type RestoreMachine } from '../share/share-restore';
import type { RouterHost } from '../share/share-router';
import type { ShareState } from '../share/share-state';
import { TeacherLesson } from '../lessons/teacher-lesson';
import { expandLesson, stepHash, type AppSession } from './app-links';
import type { LinkAnswerEvent } from './kh-link-confirm';
import type { LessonView } from './lessons/lesson-view';
import type { TerminalSession } from './terminal/terminal-session';
import type { OpenFile } from './viewer/open-file';
import './kh-link-confirm';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The parts of the app a link reaches. */
export interface RoutedParts {
  machine(): RestoreMachine;
  facts(): DemoFacts | undefined;
  session: AppSession;
  terminal: TerminalSession;
  file: OpenFile;
  lessons: LessonView;
  viewHash(): string;
  moveLesson(delta: number): void;
  /** The machine's state changed (after a replay). */
  stateChanged(): Promise<void>;
  /** Which machine the terminal talks to: the real kernel (a link's `r=1`) or the simulation. */
  selectReal(on: boolean): void;
  /** Runs a link's command on the real kernel; whether anything was typed there. */
  real: { run(line: string): Promise<number>; used(): boolean };
  /** Whether the disk holds files in ~ from before (the user's work, though typed on another day). */
  disk: { holdsWork(): boolean };
}

export class AppRoutes implements RouterHost, ReactiveController {
  /** What a link could not do, in words ('' for nothing). */
  said = '';
  /** A link from outside waiting for the user's yes or no. */
  private question: { plan: string[]; answer: (run: boolean) => void } | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & { dataset: DOMStringMap },
    private readonly app: RoutedParts,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** A teacher's lesson the link names by URL is fetched first (once), then the step filled in. */
  async expand(link: ShareState): Promise<ShareState> {
    const why = await this.app.lessons.teach.prepare(link);
    if (why) this.notice(why);
    return expandLesson(link, this.app.facts());
  }

  async plan(link: ShareState): Promise<string[]> {
    // A link to the real kernel runs its commands there; the simulation is left as it is.
    if (link.real) return link.commands?.length ? realPlan(link) : [];
    return planShareState(link, await this.app.machine().getState());
  }

  hasUserWork(sinceLastLink?: boolean): boolean {
    return (
      this.app.session.hasUserWork(sinceLastLink) ||
      this.app.real.used() ||
      (!sinceLastLink && this.app.disk.holdsWork())
    );
  }

  /** A built-in lesson's steps run without asking; a teacher's file's do not. */
  trusts(link: ShareState): boolean {
    return TeacherLesson.isBuiltIn(link);
  }

  /** Whether a notice or a question is on screen (presenter mode then shows the header). */
  get speaking(): boolean {
    return !!this.said || !!this.question;
  }

  confirm(plan: string[]): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const answer = (run: boolean) => {
        this.question = undefined;
        this.host.requestUpdate();
        resolve(run);
      };
      this.question = { plan, answer };
      this.host.requestUpdate();
    });
  }

  viewHash(): string {
    return this.app.viewHash();
  }

  /** The router's word for the reader ('' clears it). */
  notice(text: string): void {
    this.said = text;
    this.host.requestUpdate();
  }

  stepHash(at: { id: string; step: number }): string {
    return stepHash(this.app.facts(), at, this.app.lessons.stepLayout);
  }

  lessonShown(): boolean {
    return !!this.app.lessons.lesson;
  }

  presenting(): boolean {
    return this.app.lessons.presenting;
  }

  moveLesson(delta: number): void {
    this.app.moveLesson(delta);
  }

  /** The view of a link (an entry of our own history, or a link declined): the machine is left alone. */
  async show(link: ShareState): Promise<void> {
    const { file } = this.app;
    if (link.errorText !== undefined) this.app.lessons.showError(link.errorText);
    if (link.v >= 1) this.showLessonOf(link);
    // A view of ours names its machine; an old link or none leaves the switch as it is.
    if (link.v >= 1) this.app.selectReal(!!link.real);
    if (link.file && link.file !== file.path) await file.open(link.file, undefined, 'none');
    if (!link.file && file.path) file.close();
    file.lines(link.from ?? 0, link.to ?? link.from ?? 0);
  }

  /** Layout and lesson at once, before the machine and the views. */
  private showLessonOf(link: ShareState): void {
    const notice = this.app.lessons.showOf(link);
    if (notice) this.notice(notice);
  }

  /** Replays a link on the machine: through the terminal session, not waiting for xterm. */
  async apply(link: ShareState): Promise<void> {
    const { file, terminal, lessons } = this.app;
    const facts = this.app.facts();
    if (link.errorText !== undefined) lessons.showError(link.errorText);
    this.showLessonOf(link);
    lessons.v1 = true;
    if (!facts) {
      this.notice('The demo kernel manifest could not be read, so this link was not opened.');
      return;
    }
    const openFile = async (path: string, from: number, to: number) => {
      const ok = await file.open(path, undefined, 'none');
      file.lines(from, to);
      return ok;
    };
    const execute = (command: string) => terminal.execute(command);
    try {
      const notice = link.real
        ? await this.applyReal(link)
        : await restoreShareState(link, { machine: this.app.machine(), execute, openFile }, facts);
      if (notice) this.notice(notice);
    } catch (err) {
      this.notice(`The link was only partly opened: ${message(err)}.`);
    }
    await this.app.stateChanged();
    this.app.session.linkOpened();
    // How many links have been fully opened: tests and presenters can wait on it.
    this.host.dataset.restored = String(Number(this.host.dataset.restored ?? 0) + 1);
  }

  /** A link to the real kernel: boot it, run the link's commands at its shell, open the file. */
  private async applyReal(link: ShareState): Promise<string> {
    this.app.selectReal(true);
    for (const line of link.commands ?? []) await this.app.real.run(line);
    if (link.file) await this.app.file.open(link.file, undefined, 'none');
    return '';
  }

  /** The notice and the question, under the header's line. */
  render() {
    const q = this.question;
    return html`${
      this.said ? html`<p class="error share-notice" role="alert">${this.said}</p>` : ''
    }${
      q
        ? html`<kh-link-confirm
            .plan=${q.plan}
            @kh-link-answer=${(e: LinkAnswerEvent) => q.answer(e.detail.run)}
          ></kh-link-confirm>`
        : ''
    }`;
  }
}

/** What a link to the real kernel would do, for the user to read before saying yes. */
function realPlan(link: ShareState): string[] {
  return [
    '(switch the terminal to the real Linux kernel, booted in v86)',
    ...(link.commands ?? []),
  ];
}
