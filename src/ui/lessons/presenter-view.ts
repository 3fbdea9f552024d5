/**
 * Presenter mode's sizes and keys: text that the back of a room can read
 * (at least 20 px at 1280×800, growing with the window, times a zoom the
 * presenter sets with Ctrl +/− and this browser remembers), and the keys
 * presentation clickers send.
 */

const ZOOM_KEY = 'kh-presenter-zoom';
export const ZOOM_MIN = 0.7;
export const ZOOM_MAX = 2.5;
const ZOOM_STEP = 1.1;

/** Code and terminal text in CSS px for a window, at zoom 1 never under 20 px. */
export function presenterFontPx(width: number, height: number, zoom: number): number {
  return Math.round(Math.max(20, (0.9 * (width + height)) / 100) * zoom);
}

export function loadZoom(): number {
  const z = Number(localStorage.getItem(ZOOM_KEY));
  return z >= ZOOM_MIN && z <= ZOOM_MAX ? z : 1;
}

export function zoomBy(zoom: number, direction: 1 | -1 | 0): number {
  const next = direction === 0 ? 1 : zoom * ZOOM_STEP ** direction;
  const z = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, Math.round(next * 100) / 100));
  try {
    localStorage.setItem(ZOOM_KEY, String(z));
  } catch {
    // Storage refused (private mode): the zoom lasts for this page only.
  }
  return z;
}

export type PresenterAction = 'leave' | 'blank' | 'zoom-in' | 'zoom-out' | 'zoom-reset';

/**
 * What a key does in presenter mode besides stepping (the step keys,
 * PageUp/PageDown and the arrows, are the router's: stepDelta), or
 * undefined. Clickers send `b` or `.` to blank; Ctrl +/−/0 zoom the text
 * instead of the page.
 */
export function presenterAction(e: KeyboardEvent): PresenterAction | undefined {
  if (e.ctrlKey || e.metaKey) {
    if (e.key === '+' || e.key === '=') return 'zoom-in';
    if (e.key === '-' || e.key === '_') return 'zoom-out';
    if (e.key === '0') return 'zoom-reset';
    return undefined;
  }
  if (e.altKey) return undefined;
  if (e.key === 'Escape') return 'leave';
  if (e.key === 'b' || e.key === 'B' || e.key === '.') return 'blank';
  return undefined;
}
