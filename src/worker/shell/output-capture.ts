/**
 * Which of a command's streams reach the terminal, by bash's rules: a pipe
 * takes the stdout of every stage but the last (and its stderr with `|&`);
 * a redirection takes what it names for everything run inside the command
 * it is attached to; `N>&M` sends N wherever M goes at that point, read left
 * to right (so `2>&1 >/dev/null` still shows errors). Command substitution is
 * the interpreter's own depth counter (see live-session.ts).
 */

/** true: the stream is held by something around the command, not shown. */
export interface Capture {
  out: boolean;
  err: boolean;
}

/** The parts of just-bash 3.6's AST this reads. */
export interface RedirectionNode {
  fd: number | null;
  operator: string;
  target?: { parts?: { type: string; value?: unknown }[] };
}

export interface CapturingNode {
  redirections?: RedirectionNode[];
}

/** A stage of a pipe is captured on top of whatever holds the whole pipeline. */
export function stageCapture(around: Capture, stage: Capture | undefined): Capture {
  if (!stage) return around;
  return { out: around.out || stage.out, err: around.err || stage.err };
}

/** The literal target of `>&`, as a file descriptor number or '-' (close). */
function dupTarget(r: RedirectionNode): number | '-' | undefined {
  const parts = r.target?.parts;
  if (parts?.length !== 1 || parts[0]!.type !== 'Literal') return undefined;
  const v = String(parts[0]!.value);
  if (v === '-') return '-';
  return /^\d+$/.test(v) ? Number(v) : undefined;
}

/** Capture inside a command with these redirections, given the capture around it. */
export function captureAround(
  around: Capture,
  redirections: readonly RedirectionNode[] | undefined,
): Capture {
  if (!redirections?.length) return around;
  const c = { ...around };
  const set = (fd: number, held: boolean) => {
    if (fd === 1) c.out = held;
    else if (fd === 2) c.err = held;
  };
  const held = (fd: number) => (fd === 1 ? c.out : fd === 2 ? c.err : true);
  for (const r of redirections) {
    switch (r.operator) {
      case '>':
      case '>>':
      case '>|':
      case '<>':
        set(r.fd ?? (r.operator === '<>' ? 0 : 1), true);
        break;
      case '&>':
      case '&>>':
        c.out = c.err = true;
        break;
      case '>&': {
        const to = dupTarget(r);
        const fd = r.fd ?? 1;
        if (to === undefined && r.fd === null)
          c.out = c.err = true; // `>& file` is `&> file`
        else set(fd, to === '-' || to === undefined ? true : held(to));
        break;
      }
      default: // input redirections, here-documents: no output is taken
    }
  }
  return c;
}
