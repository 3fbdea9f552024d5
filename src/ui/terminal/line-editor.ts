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

/** What the editing keys do (xterm's sequences for them, and the readline control keys). */
export const EDIT_KEYS: Readonly<Record<string, (e: LineEditor) => void>> = {
  '\x7f': (e) => e.backspace(),
  '\b': (e) => e.backspace(),
  '\x1b[A': (e) => e.previous(),
  '\x1b[B': (e) => e.next(),
  '\x1b[C': (e) => e.right(),
  '\x1b[D': (e) => e.left(),
  '\x1b[H': (e) => e.home(),
  '\x1bOH': (e) => e.home(),
  '\x01': (e) => e.home(),
  '\x1b[F': (e) => e.end(),
  '\x1bOF': (e) => e.end(),
  '\x05': (e) => e.end(),
  '\x1b[3~': (e) => e.deleteForward(),
  '\x04': (e) => e.deleteForward(),
  '\x15': (e) => e.killToStart(),
  '\x0b': (e) => e.killToEnd(),
  '\x17': (e) => e.killWord(),
};

/** Candidates in columns, as bash lists them on a second Tab. */
export function formatColumns(words: string[], cols: number): string {
  const width = Math.max(...words.map((w) => w.length)) + 2;
  const perRow = Math.max(1, Math.floor(cols / width));
  const rows: string[] = [];
  for (let i = 0; i < words.length; i += perRow) {
    rows.push(
      words
        .slice(i, i + perRow)
        .map((w) => w.padEnd(width))
        .join('')
        .trimEnd(),
    );
  }
  return rows.join('\r\n');
}
