/**
 * The terminal's line discipline, without a terminal: the line being typed,
 * the cursor in it, and the history that ↑/↓ walk. The element draws it.
 */
export class LineEditor {
  /** The line being typed. */
  text = '';
  /** Cursor position in text (0..text.length). */
  cursor = 0;
  private readonly history: string[];
  /** Index into history while walking it; history.length means "the new line". */
  private walk: number;
  private draft = '';

  constructor(
    history: string[] = [],
    private readonly maxHistory = 500,
  ) {
    this.history = history.slice(-maxHistory);
    this.walk = this.history.length;
  }

  get entries(): readonly string[] {
    return this.history;
  }

  insert(s: string): void {
    this.text = this.text.slice(0, this.cursor) + s + this.text.slice(this.cursor);
    this.cursor += s.length;
  }

  /** Replaces text[from..cursor) with s (completion). */
  replaceBeforeCursor(from: number, s: string): void {
    this.text = this.text.slice(0, from) + s + this.text.slice(this.cursor);
    this.cursor = from + s.length;
  }

  backspace(): void {
    if (this.cursor === 0) return;
    this.text = this.text.slice(0, this.cursor - 1) + this.text.slice(this.cursor);
    this.cursor--;
  }

  deleteForward(): void {
    this.text = this.text.slice(0, this.cursor) + this.text.slice(this.cursor + 1);
  }

  left(): void {
    this.cursor = Math.max(0, this.cursor - 1);
  }

  right(): void {
    this.cursor = Math.min(this.text.length, this.cursor + 1);
  }

  home(): void {
    this.cursor = 0;
  }

  end(): void {
    this.cursor = this.text.length;
  }

  /** Ctrl-U: delete from the start of the line to the cursor. */
  killToStart(): void {
    this.text = this.text.slice(this.cursor);
    this.cursor = 0;
  }

  /** Ctrl-K: delete from the cursor to the end. */
  killToEnd(): void {
    this.text = this.text.slice(0, this.cursor);
  }

  /** Ctrl-W: delete the word before the cursor. */
  killWord(): void {
    const before = this.text.slice(0, this.cursor).replace(/\S+\s*$/, '');
    this.text = before + this.text.slice(this.cursor);
    this.cursor = before.length;
  }

  /** ↑: the previous history entry (the typed line is kept as a draft). */
  previous(): void {
    if (this.walk === 0) return;
    if (this.walk === this.history.length) this.draft = this.text;
    this.walk--;
    this.set(this.history[this.walk]);
  }

  /** ↓: the next history entry, then back to the draft. */
  next(): void {
    if (this.walk >= this.history.length) return;
    this.walk++;
    this.set(this.walk === this.history.length ? this.draft : this.history[this.walk]);
  }

  /** Enter: returns the line, records it in history, starts a new line. */
  accept(): string {
    const line = this.text;
    if (line.trim() && this.history[this.history.length - 1] !== line) {
      this.history.push(line);
      if (this.history.length > this.maxHistory) this.history.shift();
    }
    this.walk = this.history.length;
    this.draft = '';
    this.set('');
    return line;
  }

  /** Ctrl-C at the prompt: drop the line. */
  clear(): void {
    this.walk = this.history.length;
    this.draft = '';
    this.set('');
  }

  set(text: string): void {
    this.text = text;
    this.cursor = text.length;
  }
}

/** The longest prefix all candidates share (for Tab completion). */
export function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0];
  for (const w of words) {
    while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  return prefix;
}
