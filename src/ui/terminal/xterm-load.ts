/**
 * xterm.js and its fit addon, loaded on demand (the biggest piece of the
 * page's JS), with xterm's stylesheet adopted into the terminal's shadow
 * root; and the text size to draw at.
 */
import type { FitAddon } from '@xterm/addon-fit';
import type { ITheme, Terminal } from '@xterm/xterm';

export async function loadXterm(
  root: ShadowRoot,
  fontSize: number,
  theme: ITheme,
): Promise<{ term: Terminal; fit: FitAddon }> {
  const [{ Terminal }, { FitAddon }, xtermCss] = await Promise.all([
    import('@xterm/xterm'),
    import('@xterm/addon-fit'),
    // Vite inlines the stylesheet; a runner without `?inline` gets none and xterm still works.
    import('./xterm-css').then((m) => m.default as string).catch(() => ''),
  ]);
  if (xtermCss) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(xtermCss);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }
  const term = new Terminal({
    convertEol: true,
    cursorBlink: true,
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
    fontSize,
    scrollback: 5000,
    theme,
    screenReaderMode: false,
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  return { term, fit };
}

/** The size to draw at: the set one, or the page's rem (so 200% text doubles it). */
export function terminalFontPx(set: number): number {
  if (set > 0) return Math.round(set);
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  return Math.round(rem * 0.8125);
}
