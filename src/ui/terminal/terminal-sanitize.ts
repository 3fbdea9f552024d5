/**
 * What may reach the terminal from a file or a command's output: text,
 * line controls (\n \r \t \b) and SGR colours (`ESC [ ... m`), plus the
 * screen clear that `clear` prints. Everything else that a terminal obeys
 * is shown instead of obeyed: an OSC 52 could write the clipboard, a device
 * status request (`ESC [ 6 n`) makes xterm.js answer as if the user typed,
 * mode switches grab the mouse or the alternate screen, `ESC c` resets.
 * Control bytes are shown in `cat -v`'s caret notation (ESC as ^[, DEL as
 * ^?, an 8-bit CSI as M-^[), which every terminal font can draw.
 */

/** CSI sequences passed through: SGR, and clear's "2J" / "3J" / "H". */
const ALLOWED_CSI = /^\x1b\[(?:[0-9;:]*m|[23]?J|H)$/;

/** One escape sequence (CSI, OSC/DCS/APC/PM/SOS strings, or ESC + one char), or one control byte. */
const CONTROL =
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]PX^_][\s\S]*?(?:\x07|\x1b\\|$)|\x1b[\s\S]?|[\x00-\x07\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]/g;

const caret = (c: string): string => {
  const code = c.charCodeAt(0);
  if (code === 0x7f) return '^?';
  if (code >= 0x80) return `M-^${String.fromCharCode(code - 0x80 + 64)}`; // a C1 control
  return `^${String.fromCharCode(code + 64)}`;
};

export function sanitizeTerminal(text: string): string {
  return text.replace(CONTROL, (seq) =>
    ALLOWED_CSI.test(seq) ? seq : caret(seq[0]!) + seq.slice(1).replace(CONTROL, caret),
  );
}
