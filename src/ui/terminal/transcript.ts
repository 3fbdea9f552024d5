/**
 * The terminal's transcript for screen readers (an aria-live log): one
 * entry per command, its line and what it printed. A command can print
 * megabytes and a pasted line can be 100 KB, so each entry keeps its start
 * and its end, says how much was left out and by which limit, and only the
 * newest entries stay.
 */
export const TRANSCRIPT_LIMITS = {
  /** Commands the transcript keeps, the newest. */
  maxEntries: 100,
  /** Characters of one entry; past it the middle is left out. */
  maxEntryChars: 8_192,
} as const;

/** Characters kept from an entry's start (the command line and its first output). */
const HEAD_CHARS = 256;

export function transcriptEntry(
  line: string,
  output: string,
  max: number = TRANSCRIPT_LIMITS.maxEntryChars,
): string {
  const entry = `$ ${line}\n${output}`;
  if (entry.length <= max) return entry;
  const head = Math.min(HEAD_CHARS, Math.floor(max / 4));
  const tail = max - head;
  const dropped = entry.length - head - tail;
  const note = `\n… ${dropped.toLocaleString('en')} characters not kept here (terminal.maxTranscriptEntryChars = ${max.toLocaleString('en')}) …\n`;
  return `${entry.slice(0, head)}${note}${entry.slice(entry.length - tail)}`;
}

/** The transcript with one more entry, the oldest dropped past maxEntries. */
export function withEntry(
  transcript: readonly string[],
  entry: string,
  maxEntries: number = TRANSCRIPT_LIMITS.maxEntries,
): string[] {
  return [...transcript, entry].slice(-maxEntries);
}
