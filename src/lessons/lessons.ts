/**
 * The lessons: the built-in ones, and at most one a teacher opened (from a
 * URL or a dropped file, see lesson-file.ts). Text and paths may name sizes
 * as {archive}, {core}, {object}, {configgz}, {tar}, {files}, {release}:
 * they are filled from the demo's manifest when shown, never written here.
 */
import type { ShareState } from '../share/share-state';
import { HEADERS_MATCH } from './headers-match';
import { HEADERS_NOT_FOUND } from './headers-not-found';
import { AFTER, DEBATE } from './history-lessons';
import type { Lesson, LessonStep, StepState } from './lesson-types';
import { CONFIG_GZ, LOAD, UNLOAD } from './machine-lessons';
import { REAL_KERNEL } from './real-kernel-lesson';

export type { Lesson, LessonStep, StepState } from './lesson-types';

export const LESSONS: Lesson[] = [
  CONFIG_GZ,
  LOAD,
  UNLOAD,
  DEBATE,
  AFTER,
  HEADERS_MATCH,
  HEADERS_NOT_FOUND,
  REAL_KERNEL,
];

/** The teacher's lesson opened in this tab, if any. */
let teacherLesson: Lesson | undefined;

/** Makes a teacher's lesson findable by its id (replacing the one before); undefined forgets it. */
export function useTeacherLesson(lesson: Lesson | undefined): void {
  teacherLesson = lesson;
}

export function findLesson(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id) ?? (teacherLesson?.id === id ? teacherLesson : undefined);
}

/** Sizes and names a lesson's text and paths may mention, from the manifest. */
export type LessonFacts = Record<
  'archive' | 'core' | 'object' | 'configgz' | 'tar' | 'files' | 'release',
  string
>;

export function fillFacts(text: string, facts: LessonFacts): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) =>
    k in facts ? facts[k as keyof LessonFacts] : m,
  );
}

/** A step's state with the manifest's facts put into its paths and commands. */
export function stepState(step: LessonStep, facts: LessonFacts): StepState {
  const out: StepState = { ...step.state };
  if (out.file) out.file = fillFacts(out.file, facts);
  if (out.commands) out.commands = out.commands.map((c) => fillFacts(c, facts));
  return out;
}

/**
 * A lesson link that names only the step (`#v=1&a=…&l=load.2`): short enough
 * to read off a projector. It opens with the step's state from this file.
 */
export function isBareLessonLink(s: ShareState): boolean {
  return !!s.lesson && !s.config && !s.modules && !s.commands && !s.file;
}
