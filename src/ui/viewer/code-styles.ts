/**
 * How code-html.ts's markup looks: the scrolling code box, line numbers,
 * selected and matching lines, search marks, and the C token colours
 * (their colours are the page's --kh-syn-* variables, light and dark).
 */
import { css } from 'lit';

export const codeStyles = css`
  .code {
    flex: 1;
    min-height: 12rem;
    overflow: auto;
    margin: 0;
    border: 1px solid var(--kh-border);
    border-radius: 6px;
    background: var(--kh-bg);
    /* Presenter mode sets --kh-code-size from the window (teach-view). */
    font:
      var(--kh-code-size, 0.8rem) / 1.45 ui-monospace,
      'DejaVu Sans Mono',
      monospace;
    tab-size: 8;
  }
  .chunk {
    content-visibility: auto;
  }
  .l {
    display: flex;
    white-space: pre;
  }
  .n {
    flex: none;
    width: 5ch;
    padding-right: 1ch;
    margin-right: 1ch;
    text-align: right;
    color: var(--kh-muted);
    user-select: none;
    cursor: pointer;
    border-right: 1px solid var(--kh-border);
  }
  .l.sel {
    background: var(--kh-select);
  }
  .l.hit .n {
    color: var(--kh-fg);
  }
  .l.current {
    outline: 1px solid var(--kh-accent);
  }
  mark {
    background: var(--kh-mark);
    color: inherit;
  }
  .t-keyword {
    color: var(--kh-syn-keyword);
    font-weight: 600;
  }
  .t-type {
    color: var(--kh-syn-type);
  }
  .t-string,
  .t-char {
    color: var(--kh-syn-string);
  }
  .t-number {
    color: var(--kh-syn-number);
  }
  .t-comment {
    color: var(--kh-syn-comment);
    font-style: italic;
  }
  .t-preproc {
    color: var(--kh-syn-preproc);
  }
  .t-macro {
    color: var(--kh-syn-macro);
  }
  .t-include {
    color: var(--kh-syn-string);
    text-decoration: underline;
  }
`;
