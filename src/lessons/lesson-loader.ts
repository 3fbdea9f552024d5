/**
 * Brings a teacher's lesson in: from a URL (a link's `lesson-url=`) or a
 * file the user dropped or picked. Either way it is a stranger's data: read
 * as text, size-checked, parsed (lesson-file.ts), and its commands follow
 * the link rules when its steps open. Errors name the URL or file and line.
 */
import { LESSONS } from './lessons';
import type { Lesson } from './lesson-types';
import { LESSON_FILE_LIMITS, parseLessonFile } from './lesson-file';

const builtInIds = () => LESSONS.map((l) => l.id);
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const tooBig = (where: string, bytes: number) =>
  new Error(
    `${where} is ${bytes.toLocaleString('en')} bytes; a lesson file may have at most ${LESSON_FILE_LIMITS.maxBytes.toLocaleString('en')}`,
  );

/** Whether a name looks like a lesson file rather than an archive (for drops). */
export function isLessonFileName(name: string): boolean {
  return /\.(md|markdown)$/i.test(name);
}

export async function lessonFromUrl(url: string, base = location.href): Promise<Lesson> {
  let res: Response;
  const abs = new URL(url, base).href;
  try {
    res = await fetch(abs, { credentials: 'omit' });
  } catch (err) {
    throw new Error(
      `The lesson ${url} could not be fetched (${message(err)}). A server on another site must allow cross-origin reads (CORS); or download it and drop it on the page`,
    );
  }
  if (!res.ok) throw new Error(`The lesson ${url} could not be fetched: HTTP ${res.status}`);
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > LESSON_FILE_LIMITS.maxBytes) throw tooBig(url, declared);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.length > LESSON_FILE_LIMITS.maxBytes) throw tooBig(url, bytes.length);
  return { ...parseText(bytes, url), source: { kind: 'url', where: url } };
}

export async function lessonFromFile(file: File): Promise<Lesson> {
  if (file.size > LESSON_FILE_LIMITS.maxBytes) throw tooBig(file.name, file.size);
  const bytes = new Uint8Array(await file.arrayBuffer());
  return { ...parseText(bytes, file.name), source: { kind: 'file', where: file.name } };
}

function parseText(bytes: Uint8Array, where: string): Lesson {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`${where} is not UTF-8 text; a lesson is a Markdown file`);
  }
  return parseLessonFile(text, where, builtInIds());
}
