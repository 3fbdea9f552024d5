/**
 * The terminal's history, kept per browser in localStorage. Storage can be
 * missing (private modes) or full: saving then reports it, and the terminal
 * carries on with history for this page only.
 */
const KEY = 'kheaders-playground:history';

/** What the saved history keeps (2 MB at most: well inside a site's storage). */
export const HISTORY_LIMITS = {
  /** Lines kept, the newest. */
  maxEntries: 500,
  /** A longer line is used but not saved. */
  maxEntryChars: 4_096,
} as const;

export function loadHistory(storage: Storage | undefined = globalThis.localStorage): string[] {
  try {
    const raw = storage?.getItem(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed.filter((e): e is string => typeof e === 'string') : [];
  } catch {
    return [];
  }
}

/** Saves the history; returns a sentence for the user when it could not. */
export function saveHistory(
  entries: readonly string[],
  storage: Storage | undefined = globalThis.localStorage,
): string | undefined {
  const { maxEntries, maxEntryChars } = HISTORY_LIMITS;
  const kept = entries.filter((e) => e.length <= maxEntryChars).slice(-maxEntries);
  try {
    storage?.setItem(KEY, JSON.stringify(kept));
    if (kept.length < Math.min(entries.length, maxEntries))
      return `A command longer than history.maxEntryChars = ${maxEntryChars.toLocaleString('en')} characters is not saved in the history; it still ran.`;
    return undefined;
  } catch (err) {
    const full = err instanceof DOMException && err.name === 'QuotaExceededError';
    return full
      ? 'History is not saved: this browser’s storage for the site is full. It still works until you leave the page.'
      : 'History is not saved: this browser does not allow the site to store it. It still works until you leave the page.';
  }
}
