/**
 * The teacher's lesson of this tab: fetched once per URL a link names
 * (`lesson-url=`), or read from a dropped file, then findable by its id
 * like a built-in lesson. A failure leaves the lesson before it in place
 * and comes back as words naming the file and line.
 */
import type { ShareState } from '../share/share-state';
import { lessonFromFile, lessonFromUrl } from './lesson-loader';
import { LESSONS, useTeacherLesson } from './lessons';
import type { Lesson } from './lesson-types';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class TeacherLesson {
  private current: Lesson | undefined;
  /** The URL being fetched or fetched last, with its outcome. */
  private loading: { url: string; done: Promise<string> } | undefined;

  get lesson(): Lesson | undefined {
    return this.current;
  }

  /** Whether a link's lesson is a built-in one (its steps may run without asking). */
  static isBuiltIn(link: ShareState): boolean {
    return !link.lesson || LESSONS.some((l) => l.id === link.lesson!.id);
  }

  /**
   * Gets the lesson a link names by URL ready (fetching it once), and gives
   * the link its step when it names none. Resolves to '' or what went wrong.
   */
  async prepare(link: ShareState): Promise<string> {
    const url = link.lessonUrl;
    if (!url) return '';
    if (this.loading?.url !== url || (await this.loading.done))
      this.loading = { url, done: this.fetch(url) };
    const why = await this.loading.done;
    if (!why && this.current) {
      if (!link.lesson) link.lesson = { id: this.current.id, step: 1 };
      else if (link.lesson.id !== this.current.id)
        return `The lesson file ${url} has the id "${this.current.id}", not "${link.lesson.id}" as the link says.`;
    }
    return why;
  }

  /** Opens a dropped or picked lesson file; throws with the file's name and line. */
  async openFile(file: File): Promise<Lesson> {
    const lesson = await lessonFromFile(file);
    this.use(lesson);
    this.loading = undefined;
    return lesson;
  }

  private async fetch(url: string): Promise<string> {
    try {
      this.use(await lessonFromUrl(url));
      return '';
    } catch (err) {
      return `The lesson could not be opened: ${message(err)}.`;
    }
  }

  private use(lesson: Lesson): void {
    this.current = lesson;
    // The parser refused built-in ids, so findLesson now answers with this one.
    useTeacherLesson(lesson);
  }
}
