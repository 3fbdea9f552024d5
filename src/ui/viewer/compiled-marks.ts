/**
 * The viewer's marking of #if blocks: each line of a header classed as
 * compiled in, out or unknown under a tree's config, and each branch's
 * directive line titled with why. Classes only, on the lines already
 * rendered: the markup of the file is not rebuilt.
 */
import { css } from 'lit';
import type { CompiledState, ConditionalBranchInfo } from '../../shared/worker-api';

export type OpenSymbolEvent = CustomEvent<{ name: string; from: string; line: number }>;

export const compiledStyles = css`
  .l.cfg-out .c {
    opacity: 0.45;
  }
  .l.cfg-out .n {
    border-right: 3px solid var(--kh-muted);
  }
  .l.cfg-unknown .n {
    border-right: 3px dotted var(--kh-accent);
  }
  .l.cfg-head .c {
    font-weight: 600;
  }
  .sym {
    cursor: pointer;
  }
  .sym:hover {
    text-decoration: underline;
  }
`;

export function markCompiled(
  code: HTMLElement,
  lines: CompiledState[] | undefined,
  branches: ConditionalBranchInfo[] | undefined,
): void {
  for (const el of code.querySelectorAll('.l.cfg-out, .l.cfg-unknown, .l.cfg-head')) {
    el.classList.remove('cfg-out', 'cfg-unknown', 'cfg-head');
    el.removeAttribute('title');
  }
  if (!lines) return;
  lines.forEach((state, i) => {
    if (state !== 'in') code.querySelector(`#L${i + 1}`)?.classList.add(`cfg-${state}`);
  });
  for (const b of branches ?? []) {
    const el = code.querySelector(`#L${b.line}`);
    el?.classList.add('cfg-head');
    el?.setAttribute('title', `compiled ${b.state}: ${b.reason}`);
  }
  code.dataset.compiled = String(lines.length);
}
