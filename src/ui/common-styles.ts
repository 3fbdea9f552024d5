/** Styles more than one element uses. */
import { css } from 'lit';

/** Text for screen readers only. */
export const srOnly = css`
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

/** The small bordered button of the header and the viewer (declarations, to put in a rule). */
export const smallButton = css`
  border: 1px solid var(--kh-border);
  background: var(--kh-surface);
  color: var(--kh-fg);
  border-radius: 6px;
  padding: 0.15rem 0.55rem;
  cursor: pointer;
`;

/** The bordered inputs and buttons of the panels (declarations, to put in a rule). */
export const formControl = css`
  font: inherit;
  color: inherit;
  background: var(--kh-bg);
  border: 1px solid var(--kh-border);
  border-radius: 4px;
`;
