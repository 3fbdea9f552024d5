/**
 * "Paste an error, find the step": what a user's machine printed, matched
 * against the messages the lesson steps reproduce (LessonStep.finds). Both
 * sides are normalised first, so another machine's details do not matter:
 * release strings (5.15.0-91-generic, 6.1.0-13-amd64, …-microsoft-standard-WSL2),
 * paths (only the file name is kept), mkdtemp suffixes (kheaders-<rel>-Ab12Cd),
 * PIDs, line numbers and other numbers, quotes of any style. A message
 * matches a pasted line when nearly all its words are in that line; a step
 * ranks by the messages of its that matched, the most specific first.
 */
import type { ErrorSignature, Lesson } from './lesson-types';

export interface ErrorMatch {
  lessonId: string;
  /** 1-based, as links count steps. */
  step: number;
  title: string;
  /** The cause of the best message matched, in one line. */
  cause: string;
  /** The pasted line that matched it, as pasted. */
  line: string;
  score: number;
}

/** Share of a message's words a line must hold to match it. */
const MATCH_SHARE = 0.8;
/** What a generic message (ErrorSignature.generic) counts for beside a specific one. */
const GENERIC_WEIGHT = 0.2;

const RELEASE = /\b\d+\.\d+(?:\.\d+)*(?:[-+~][\w.+~-]*[\w])?/g;

/** A line in the form both sides are compared in: lower case, details replaced by placeholders. */
export function normalizeLine(line: string): string {
  return (
    line
      // A compiler's location (<built-in>:1:10:, probe.c:3:5:) is a detail people leave out when pasting.
      .replace(/^\s*\S+?:\d+:\d+:\s*/, '')
      .toLowerCase()
      .replace(/[‘’`´“”"]/g, "'")
      // Paths keep their last part: /tmp/kheaders-6.1.176/include/linux/kconfig.h -> kconfig.h.
      .replace(/(?:\.{0,2}|~|[\w.+-]*)(?:\/[\w.+~-]+)+\/?/g, (p) => {
        const last = p.replace(/\/+$/, '').split('/').pop() ?? '';
        return ` ${last.replace(/^kheaders-.*/, 'kheaders-<rel>')} `;
      })
      .replace(/kheaders-\S+/g, 'kheaders-<rel>')
      .replace(RELEASE, '<rel>')
      .replace(/\d+/g, ' ')
  );
}

/** The words of a normalised line that carry meaning (placeholders and numbers left out). */
function words(line: string): string[] {
  return (normalizeLine(line).match(/[a-z_][a-z0-9_.]*|<rel>|\*\*\*/g) ?? []).filter(
    (w) => w !== '.',
  );
}

/** How much of the message a line holds: the share of the message's words found in it, in order. */
function share(message: string[], line: string[]): number {
  if (!message.length) return 0;
  let at = 0;
  let found = 0;
  for (const w of message) {
    const i = line.indexOf(w, at);
    if (i >= 0) {
      found++;
      at = i + 1;
    }
  }
  return found / message.length;
}

interface Candidate {
  lessonId: string;
  step: number;
  title: string;
  sig: ErrorSignature;
  words: string[];
}

function candidates(lessons: readonly Lesson[]): Candidate[] {
  return lessons.flatMap((l) =>
    l.steps.flatMap((s, i) =>
      (s.finds ?? []).map((sig) => ({
        lessonId: l.id,
        step: i + 1,
        title: s.title,
        sig,
        // Any release will do: it becomes <rel> like the user's.
        words: words(sig.message.replace(/\{release\}/g, '6.1.0')),
      })),
    ),
  );
}

/** The steps whose messages are in the pasted text, best first (empty when none). */
export function searchErrors(text: string, lessons: readonly Lesson[]): ErrorMatch[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 400)
    .map((l) => ({ raw: l, words: words(l) }));
  const byStep = new Map<string, ErrorMatch & { weight: number; best: number }>();
  for (const c of candidates(lessons)) {
    let best: { score: number; raw: string } | undefined;
    for (const l of lines) {
      const s = share(c.words, l.words);
      if (s >= MATCH_SHARE && (!best || s > best.score)) best = { score: s, raw: l.raw };
    }
    if (!best) continue;
    // Longer messages say more; a line printed after several failures says little.
    const weight = best.score * c.words.length * (c.sig.generic ? GENERIC_WEIGHT : 1);
    const key = `${c.lessonId}.${c.step}`;
    const had = byStep.get(key);
    if (!had) {
      byStep.set(key, {
        lessonId: c.lessonId,
        step: c.step,
        title: c.title,
        cause: c.sig.cause,
        line: best.raw,
        score: weight,
        weight,
        best: weight,
      });
    } else {
      had.score += weight;
      if (weight > had.best) {
        had.best = weight;
        had.cause = c.sig.cause;
        had.line = best.raw;
      }
    }
  }
  return [...byStep.values()]
    .sort((a, b) => b.score - a.score)
    .map(({ lessonId, step, title, cause, line, score }) => ({
      lessonId,
      step,
      title,
      cause,
      line,
      score: Math.round(score * 10) / 10,
    }));
}
