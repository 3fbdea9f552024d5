/**
 * What may reach the terminal from a file or a command's output: text,
 * line controls (\n \r \t \b) and SGR colours (`ESC [ ... m`), plus the
 * screen clear that `clear` prints. Everything else that a terminal obeys
 * is shown instead of obeyed: an OSC 52 could write the clipboard, a device
 * status request (`ESC [ 6 n`) makes xterm.js answer as if the user typed,
 * mode switches grab the mouse or the alternate screen, `ESC c` resets.
 * ESC becomes a visible ␛ and other control bytes their Control Pictures
 * (U+2400 + code), as `cat -v` would make them visible.
 */

/** CSI sequences passed through: SGR, and clear's "2J" / "3J" / "H". */
const ALLOWED_CSI = /^\x1b\[(?:[0-9;:]*m|[23]?J|H)$/;

/** One escape sequence (CSI, OSC/DCS/APC/PM/SOS strings, or ESC + one char), or one control byte. */
const CONTROL =
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]PX^_][\s\S]*?(?:\x07|\x1b\\|$)|\x1b[\s\S]?|[\x00-\x07\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]/g;

const picture = (c: string): string => {
  const code = c.charCodeAt(0);
  if (code === 0x1b) return '\u241b';
  if (code === 0x7f) return '\u2421';
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  return '\ufffd'; // a C1 control (8-bit CSI, OSC, ...)
};

export function sanitizeTerminal(text: string): string {
  return text.replace(CONTROL, (seq) =>
    ALLOWED_CSI.test(seq) ? seq : picture(seq[0]!) + seq.slice(1).replace(CONTROL, picture),
  );
}
