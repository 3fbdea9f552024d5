/**
 * The prompt and the line being edited, as xterm draws them: written after
 * the prompt, wrapped at the terminal's width, with the cursor put back
 * where the line editor has it. Redrawing goes up to the line's first row
 * and writes it again, so an edit in the middle of a wrapped line shows.
 */
import type { Terminal } from '@xterm/xterm';
import type { LineEditor } from './line-editor';
import { stripAnsi } from './terminal-session';

const visibleLength = (s: string) => stripAnsi(s).length;

export class PromptLine {
  /** Cell index (from the prompt's start) where the cursor was drawn. */
  private drawnCursor = 0;

  constructor(
    private readonly term: () => Terminal,
    private readonly prompt: () => string,
    private readonly editor: () => LineEditor,
  ) {}

  /** Writes the prompt and the line from where the terminal's cursor is. */
  show(): void {
    const prompt = this.prompt();
    const { text, cursor } = this.editor();
    this.term().write(prompt + text);
    this.moveCursorFrom(visibleLength(prompt) + text.length);
    this.drawnCursor = visibleLength(prompt) + cursor;
  }

  /** Redraws the prompt line, wrapping included, and places the cursor. */
  redraw(): void {
    const up = Math.floor(this.drawnCursor / this.term().cols);
    this.term().write((up ? `\x1b[${up}A` : '') + '\r\x1b[J');
    this.show();
  }

  /** From the end of the written line, moves back to the editor's cursor. */
  private moveCursorFrom(endIndex: number): void {
    const cols = this.term().cols;
    let out = '';
    // At an exact multiple of the width xterm waits to wrap: force the wrap.
    if (endIndex > 0 && endIndex % cols === 0) out += ' \r';
    const target = visibleLength(this.prompt()) + this.editor().cursor;
    const endRow = Math.floor(endIndex / cols);
    const row = Math.floor(target / cols);
    if (endRow > row) out += `\x1b[${endRow - row}A`;
    out += '\r';
    if (target % cols) out += `\x1b[${target % cols}C`;
    this.term().write(out);
  }
}
