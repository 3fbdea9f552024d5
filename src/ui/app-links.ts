/**
 * The app's side of links: the view on screen as a link's state, lesson
 * step links, and the session since boot that "Copy link" carries. Pure
 * functions of what the app shows, plus one small class that keeps count
 * of what the user did; kh-app only wires them to its elements.
 */
import { DEFAULT_CONFIG, sameConfig } from '../common/kernel-config';
import type { MachineState } from '../shared/worker-api';
import type { DemoFacts } from '../share/demo-manifest';
import { HOME, SessionLog } from '../share/session-log';
import { buildShareLink, type ShareLink } from '../share/share-link';
import {
  encodeShareState,
  shaPrefix,
  type PanelLayout,
  type ShareState,
} from '../share/share-state';
import { findLesson, isBareLessonLink, stepState, type LessonFacts } from '../lessons/lessons';
import { formatSize } from './format';
import { formatViewerHash } from '../share/location-hash';

/** What is on screen, as far as links are concerned. */
export interface View {
  facts: DemoFacts | undefined;
  state: MachineState | undefined;
  path: string;
  from: number;
  to: number;
  layout: PanelLayout;
  lesson: { id: string; step: number } | undefined;
  /** Whether a version 1 link was opened: the address bar then keeps that form. */
  v1: boolean;
  /** The split and embedded pane, when not the defaults. */
  extra?: Pick<ShareState, 'split' | 'embed'>;
  /** The terminal talks to the real kernel. */
  real?: boolean;
}

export function lessonFacts(f: DemoFacts | undefined): LessonFacts | undefined {
  return (
    f && {
      archive: formatSize(f.archiveBytes),
      core: formatSize(f.coreBytes),
      object: formatSize(f.objectBytes),
      configgz: formatSize(f.configGzBytes),
      tar: formatSize(f.tarBytes),
      files: f.files.toLocaleString('en'),
      release: f.release,
    }
  );
}

/** The link of a lesson step on the current demo archive; `bare` names only the step. */
export function stepHash(
  f: DemoFacts | undefined,
  at: { id: string; step: number },
  layout?: PanelLayout,
  bare = false,
): string {
  const lesson = findLesson(at.id);
  const s = lesson?.steps[at.step - 1];
  const facts = lessonFacts(f);
  if (!s || !facts || !f) return '';
  return encodeShareState({
    v: 1,
    archive: { kind: 'demo', release: f.release, sha: shaPrefix(f.sha256) },
    ...(bare ? {} : stepState(s, facts)),
    ...(layout && layout !== 'split' ? { layout } : {}),
    ...lessonUrlOf(at.id),
    lesson: at,
  });
}

/** A teacher's lesson from a URL travels in its links as `lesson-url`. */
function lessonUrlOf(id: string): { lessonUrl?: string } {
  const source = findLesson(id)?.source;
  return source?.kind === 'url' ? { lessonUrl: source.where } : {};
}

/** A bare lesson link (`l=load.2` alone) opens with its step's state. */
export function expandLesson(link: ShareState, f: DemoFacts | undefined): ShareState {
  const step = link.lesson && findLesson(link.lesson.id)?.steps[link.lesson.step - 1];
  const facts = lessonFacts(f);
  return step && facts && isBareLessonLink(link) ? { ...link, ...stepState(step, facts) } : link;
}

/** The view as a link: no modules or commands (the session carries those). */
export function viewShare(v: View): ShareState {
  const share: ShareState = { v: 1 };
  if (v.facts)
    share.archive = { kind: 'demo', release: v.facts.release, sha: shaPrefix(v.facts.sha256) };
  const c = v.state?.config;
  if (c && !sameConfig(c, DEFAULT_CONFIG)) share.config = { ...c };
  if (v.path) share.file = v.path;
  if (v.path && v.from) {
    share.from = v.from;
    share.to = v.to || v.from;
  }
  if (v.layout !== 'split') share.layout = v.layout;
  if (v.real) share.real = true;
  Object.assign(share, v.extra);
  if (v.lesson) Object.assign(share, lessonUrlOf(v.lesson.id), { lesson: v.lesson });
  return share;
}

/** The address bar's fragment for the view: a lesson step on its own file stays short. */
export function viewHash(v: View): string {
  const at = v.lesson;
  const step = at && findLesson(at.id)?.steps[at.step - 1];
  const facts = lessonFacts(v.facts);
  const presenter = v.layout === 'presenter' ? 'presenter' : undefined;
  const extra = Object.keys(v.extra ?? {}).length > 0 || !!v.real;
  if (at && step && facts && !extra) {
    const st = stepState(step, facts);
    const from = st.from ?? 0;
    if ((st.file ?? '') === v.path && from === v.from && (st.to ?? from) === v.to)
      return stepHash(v.facts, at, presenter, true);
  }
  if (!v.v1 && !at && v.layout === 'split' && !extra)
    return formatViewerHash({ file: v.path, from: v.from, to: v.to });
  return encodeShareState(viewShare(v));
}

/**
 * What the user did since boot: the commands (with their directories), the
 * archives opened from disk, a config changed by hand. Rebuilds the copied
 * link when any of it, or the view, changes.
 */
export class AppSession {
  readonly log = new SessionLog();
  /** Archives opened from the user's disk, by mount point: they cannot travel. */
  private readonly ownArchives = new Map<string, string>();
  configTouched = false;
  /** What the session held when a link last finished opening: work after it is the user's own. */
  private atLink = { commands: 0, ownArchives: 0, configTouched: false };
  private cwdBefore = HOME;
  private key = '';

  constructor(private readonly onLink: (link: ShareLink) => void) {}

  started(cwd: string): void {
    this.cwdBefore = cwd;
  }

  finished(command: string, exitCode: number, cwd: string): void {
    this.log.record({ command, exitCode, cwdBefore: this.cwdBefore, cwdAfter: cwd });
  }

  openedOwn(mount: string, name: string): void {
    this.ownArchives.set(mount, name);
  }

  /** A link (or lesson step) finished opening: what the session holds now is not the user's doing. */
  linkOpened(): void {
    this.atLink = {
      commands: this.log.commands.length,
      ownArchives: this.ownArchives.size,
      configTouched: this.configTouched,
    };
  }

  /** Whether a link from outside could destroy something the user made (since the last link, if asked). */
  hasUserWork(sinceLastLink = false): boolean {
    const at = sinceLastLink ? this.atLink : { commands: 0, ownArchives: 0, configTouched: false };
    return (
      this.log.changedState(at.commands) ||
      this.ownArchives.size > at.ownArchives ||
      (this.configTouched && !at.configTouched)
    );
  }

  refresh(view: ShareState, cwd: string): void {
    const key = JSON.stringify([view, this.log.commands.length, cwd, this.ownArchives.size]);
    if (key === this.key) return;
    this.key = key;
    const own = [...this.ownArchives];
    void buildShareLink({
      view,
      replay: this.log.replay(cwd),
      lost: this.log.lost,
      ownArchives: own.map(([, name]) => name),
      fileInOwnArchive: own.some(([mount]) => view.file?.startsWith(`${mount}/`)),
    }).then((link) => {
      if (this.key === key) this.onLink(link);
    });
  }
}
