/**
 * The terminal's history, kept per browser in localStorage. Storage can be
 * missing (private modes) or full: saving then reports it, and the terminal
 * carries on with history for this page only.
 */
const KEY = 'kheaders-playground:history';

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
  try {
    storage?.setItem(KEY, JSON.stringify(entries));
    return undefined;
  } catch (err) {
    const full = err instanceof DOMException && err.name === 'QuotaExceededError';
    return full
      ? 'History is not saved: this browser’s storage for the site is full. It still works until you leave the page.'
      : 'History is not saved: this browser does not allow the site to store it. It still works until you leave the page.';
  }
}
