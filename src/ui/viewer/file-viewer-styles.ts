/** How the file viewer looks: its bar (path, search, line range), notices and the hex view. */
import { css } from 'lit';
import { formControl } from '../common-styles';

export const fileViewerStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    font-size: 0.875rem;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4rem;
    padding-bottom: 0.35rem;
  }
  .path {
    font-family: ui-monospace, monospace;
    font-weight: 600;
    overflow-wrap: anywhere;
    flex: 1 1 12rem;
  }
  .meta,
  .count {
    color: var(--kh-muted);
    font-variant-numeric: tabular-nums;
  }
  input,
  button {
    ${formControl}
    padding: 0.2rem 0.4rem;
  }
  input[type='search'] {
    width: 10rem;
  }
  .lines {
    width: 5.5rem;
  }
  button {
    background: var(--kh-surface);
    cursor: pointer;
  }
  :focus-visible {
    outline: 2px solid var(--kh-focus);
    outline-offset: 1px;
  }
  .hex {
    padding: 0.25rem 0.5rem;
    white-space: pre;
  }
  .browse {
    margin-left: 0.5rem;
  }
  .notice {
    margin: 0 0 0.35rem;
    padding: 0.4rem 0.6rem;
    border-left: 3px solid var(--kh-accent);
    background: var(--kh-surface);
  }
  .notice.error {
    border-color: var(--kh-error);
  }
  .empty {
    color: var(--kh-muted);
    padding: 1rem;
  }
`;
