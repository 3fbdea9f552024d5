/**
 * The URL fragment as navigation. Two kinds of fragment reach the page:
 *
 * - a link from outside (the first load, a pasted or edited fragment): it
 *   may change the machine, so over the user's own work its commands are
 *   shown and run only on a yes;
 * - an entry of our own history (opening a file, following an #include,
 *   selecting lines, moving between lesson steps): Back and Forward show it
 *   again without replaying anything, except a lesson step's own state.
 *
 * Our entries carry `{ kh: 1 }` as history state; a fragment typed or
 * pasted makes an entry without it. Once a link is opened, its entry is
 * rewritten to the view alone (file, lines, layout, lesson), so going Back
 * to it never runs its commands again.
 *
 * Lesson steps move by links too: the step keys (PageUp/PageDown, and the
 * arrows in presenter mode) push the next step's link as our own entry.
 */
import { unpackLink } from './link-codec';
import { decodeShareState, type ShareState } from './share-state';

export interface Lesson {
  id: string;
  step: number;
}

interface EntryState {
  kh: 1;
  lesson?: Lesson;
}

export interface RouterHost {
  /** A bare lesson link filled with its step's state (a teacher's lesson fetched first); other links as they are. */
  expand(link: ShareState): ShareState | Promise<ShareState>;
  /** What opening the link would run or change here; empty when it changes nothing. */
  plan(link: ShareState): Promise<string[]>;
  /**
   * Whether the user has made state of their own that a link could destroy;
   * with `sinceLastLink`, only what they did after the last link was opened.
   */
  hasUserWork(sinceLastLink?: boolean): boolean;
  /** Whether a lesson step's state may run without asking: a built-in lesson's, not a teacher's file. */
  trusts(link: ShareState): boolean;
  /** Shows the commands and asks; true means run them. */
  confirm(plan: string[]): Promise<boolean>;
  /** Brings the machine and the views into the link's state. */
  apply(link: ShareState): Promise<void>;
  /** Shows only the view part (layout, lesson text, file, lines); the machine is left alone. */
  show(link: ShareState): Promise<void>;
  /** The fragment of what is on screen now (for the rewritten entry). */
  viewHash(): string;
  /** A message for the reader ('' clears it). */
  notice(text: string): void;
  /** The link of a lesson step in the layout on screen; '' when there is no such step. */
  stepHash(at: Lesson): string;
  /** Whether a lesson is on screen (the step keys act only then). */
  lessonShown(): boolean;
  /** Whether the layout is presenter mode (the arrows step too). */
  presenting(): boolean;
  /** Moves the lesson panel itself, when the address names no step. */
  moveLesson(delta: number): void;
}

/**
 * Whether a key belongs to where it was typed: a text field or the
 * terminal (which needs the arrows for its history), not the page.
 */
export function typedIntoField(e: KeyboardEvent): boolean {
  return e
    .composedPath()
    .some(
      (n) =>
        n instanceof HTMLElement &&
        (n.matches('input, textarea, select, [contenteditable]') || n.localName === 'kh-terminal'),
    );
}

/**
 * Step keys: PageUp/PageDown, and in presenter mode the arrows too (clickers
 * send either); 0 for any other key, for keys typed into a field or the
 * terminal, and for keys a widget took already (the file tree's arrows).
 */
export function stepDelta(e: KeyboardEvent, presenting: boolean): number {
  if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented || typedIntoField(e)) return 0;
  const next = presenting ? ['PageDown', 'ArrowRight', 'ArrowDown'] : ['PageDown'];
  const prev = presenting ? ['PageUp', 'ArrowLeft', 'ArrowUp'] : ['PageUp'];
  return next.includes(e.key) ? 1 : prev.includes(e.key) ? -1 : 0;
}

const sameLesson = (a?: Lesson, b?: Lesson) => a?.id === b?.id && a?.step === b?.step;

export class ShareRouter {
  /** The lesson step whose state the machine was last brought into. */
  private applied: Lesson | undefined;
  /** Fragments are handled one after another, in the order they came. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly host: RouterHost) {}

  start(): void {
    addEventListener('popstate', this.onPopState);
    addEventListener('hashchange', this.onHashChange);
    addEventListener('keydown', this.onKey);
    this.enqueue(() => this.openIncoming(location.hash));
  }

  stop(): void {
    removeEventListener('popstate', this.onPopState);
    removeEventListener('hashchange', this.onHashChange);
    removeEventListener('keydown', this.onKey);
  }

  /** Resolves once every fragment so far has been handled. */
  settled(): Promise<unknown> {
    return this.queue;
  }

  /** A new entry for a view change made in the app (file, include, lines). */
  push(hash: string): void {
    if (hash === location.hash) return;
    history.pushState(this.entry(), '', hash || location.pathname + location.search);
  }

  /** Rewrites the current entry (the view changed as part of opening something). */
  replace(hash: string): void {
    history.replaceState(this.entry(), '', hash || location.pathname + location.search);
  }

  /** Moves to a lesson step from the app's own controls: trusted, never asked. */
  goStep(hash: string): Promise<unknown> {
    history.pushState({ kh: 1 } satisfies EntryState, '', hash);
    return this.enqueue(() => this.openOwn(hash, true));
  }

  /**
   * Writes the opened view over the current entry, unless the user moved on
   * while it was being opened (a second step key during a step's replay):
   * that newer entry is the newer job's to write.
   */
  private settle(opened: string): void {
    // Compared as the URL parser writes a fragment, since pushState may have escaped it.
    if (new URL(opened, location.href).hash === location.hash) this.replace(this.host.viewHash());
  }

  private entry(): EntryState {
    return this.applied ? { kh: 1, lesson: this.applied } : { kh: 1 };
  }

  private enqueue(job: () => Promise<void>): Promise<unknown> {
    this.queue = this.queue.then(job).catch((err: unknown) => {
      this.host.notice(
        `The link was only partly opened: ${err instanceof Error ? err.message : String(err)}.`,
      );
    });
    return this.queue;
  }

  private readonly onKey = (e: KeyboardEvent) => {
    if (!this.host.lessonShown()) return;
    const delta = stepDelta(e, this.host.presenting());
    if (!delta) return;
    e.preventDefault();
    // Step from the link, not from the panel: the panel catches up only once the
    // previous step's state is applied, and a quick second key would count from it.
    const link = decodeShareState(location.hash);
    const at = link.ok ? link.state.lesson : undefined;
    if (!at || !this.host.stepHash(at)) {
      this.host.moveLesson(delta);
      return;
    }
    const hash = this.host.stepHash({ id: at.id, step: at.step + delta });
    if (hash) void this.goStep(hash);
  };

  private readonly onPopState = (e: PopStateEvent) => {
    if ((e.state as EntryState | null)?.kh !== 1) return; // A typed fragment: hashchange has it.
    const hash = location.hash;
    this.enqueue(() => this.openOwn(hash, false));
  };

  private readonly onHashChange = () => {
    if ((history.state as EntryState | null)?.kh === 1) return; // Our own entry: popstate had it.
    const hash = location.hash;
    this.enqueue(() => this.openIncoming(hash));
  };

  private async read(hash: string): Promise<ShareState | undefined> {
    const unpacked = await unpackLink(hash);
    const decoded = unpacked.ok ? decodeShareState(unpacked.hash) : unpacked;
    if (!decoded.ok) {
      this.host.notice(decoded.error);
      return undefined;
    }
    this.host.notice('');
    return await this.host.expand(decoded.state);
  }

  /** A link from outside: over the user's work, its changes need a yes. */
  private async openIncoming(hash: string): Promise<void> {
    const link = await this.read(hash);
    if (!link) return;
    if (link.v < 1) {
      await this.host.show(link);
      this.settle(hash);
      return;
    }
    if (await this.agreed(link, false)) {
      this.applied = link.lesson;
      await this.host.apply(link);
    }
    this.settle(hash);
  }

  /**
   * Whether the link may change the machine: yes when it changes nothing or
   * there is no work of the user's in the way, else the user's answer. A no
   * shows the link's view and says what was not run.
   */
  private async agreed(link: ShareState, sinceLastLink: boolean): Promise<boolean> {
    const plan = await this.host.plan(link);
    if (!plan.length || !this.host.hasUserWork(sinceLastLink) || (await this.host.confirm(plan)))
      return true;
    await this.host.show(link);
    this.host.notice(
      `The link's ${plan.length === 1 ? 'command was' : `${plan.length} commands were`} not run: your machine is as you left it. Open the link in a new tab to see it on a fresh machine.`,
    );
    return false;
  }

  /**
   * An entry of our own: the view again; a lesson step's state only when the
   * step changed. A teacher's lesson is a stranger's data: over what the user
   * did since its last step, its next step asks as a link from outside does.
   */
  private async openOwn(hash: string, fresh: boolean): Promise<void> {
    const link = await this.read(hash);
    if (!link) return;
    const step = link.lesson;
    if (step && (fresh || !sameLesson(step, this.applied))) {
      if (this.host.trusts(link) || (await this.agreed(link, true))) {
        this.applied = step;
        await this.host.apply(link);
      }
      this.settle(hash);
    } else await this.host.show(link);
  }
}
