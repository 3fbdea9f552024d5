/**
 * The end of what a real machine's console printed, to see its shell's
 * prompt arrive. The manifest spells the first prompt (`root@kheaders:~# `);
 * the part after the first `:` is the directory, so any directory matches
 * (`root@kheaders:/tmp# `). busybox's line editor follows its prompt with
 * a cursor-position query (ESC [6n), so control sequences may trail it.
 * Used by the worker (boot reached the prompt) and the page (a command
 * line finished).
 */
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const TRAILING_CONTROLS = '(?:\\x1b\\[[0-9;?]*[A-Za-z])*$';

export function promptPattern(prompt: string): RegExp {
  const colon = prompt.indexOf(':');
  const end = prompt.trimEnd().slice(-1);
  if (colon < 0 || !end) return new RegExp(`${escape(prompt)}${TRAILING_CONTROLS}`);
  const head = prompt.slice(0, colon + 1);
  const tail = prompt.slice(prompt.lastIndexOf(end));
  return new RegExp(`${escape(head)}[^\\r\\n]*${escape(tail)}${TRAILING_CONTROLS}`);
}

export class ConsoleTail {
  private tail = '';
  private readonly pattern: RegExp;
  /** How many times output has come to rest at a prompt. */
  prompts = 0;

  constructor(prompt: string) {
    this.pattern = promptPattern(prompt);
  }

  /** Takes the next bytes of output; true when they end at a prompt. */
  push(bytes: Uint8Array): boolean {
    let text = '';
    for (const b of bytes) text += String.fromCharCode(b);
    if (!text) return false;
    this.tail = (this.tail + text).slice(-512);
    const at = this.pattern.test(this.tail);
    if (at) this.prompts++;
    return at;
  }
}
