/** How the lesson panel looks: the list, a step's text, its navigation, and presenter mode's large type. */
import { css } from 'lit';
import { smallButton } from '../common-styles';

export const lessonPanelStyles = css`
  :host {
    display: block;
    border: 1px solid var(--kh-border);
    border-radius: 8px;
    padding: 0.5em 0.75em;
    background: var(--kh-surface);
  }
  h2 {
    font-size: 1em;
    margin: 0 0 0.3em;
  }
  h3 {
    font-size: 1.05em;
    margin: 0.2em 0;
  }
  p {
    margin: 0.35em 0;
  }
  ul {
    margin: 0;
    padding: 0;
    list-style: none;
    display: flex;
    flex-direction: column;
    gap: 0.25em;
  }
  button {
    font: inherit;
    ${smallButton}
    background: var(--kh-bg);
    padding: 0.15em 0.55em;
    text-align: left;
  }
  button:focus-visible {
    outline: 2px solid var(--kh-focus);
    outline-offset: 2px;
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  .nav {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em;
    align-items: center;
    margin-top: 0.4em;
  }
  .count {
    color: var(--kh-muted);
  }
  .link {
    font:
      0.85em ui-monospace,
      monospace;
    overflow-wrap: anywhere;
    color: var(--kh-muted);
    margin-top: 0.4em;
  }
  :host([presenter]) {
    font-size: 1.35rem;
    line-height: 1.45;
  }
  :host([presenter]) h2 {
    font-size: 0.7em;
    color: var(--kh-muted);
    margin: 0;
  }
  :host([presenter]) h3 {
    font-size: 1.05em;
  }
  :host([presenter]) .nav {
    font-size: 0.75em;
  }
  :host([presenter]) .close,
  :host([presenter]) kh-share-button {
    display: none;
  }
  :host([presenter]) .link {
    font-size: 0.6em;
    color: var(--kh-fg);
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    overflow-wrap: normal;
  }
  .present-foot {
    display: flex;
    gap: 0.5em;
    align-items: flex-end;
    margin-top: 0.3em;
  }
  .link-box {
    container-type: inline-size;
  }
  .foot-left {
    flex: 1;
    min-width: 0;
  }
  kh-step-qr {
    flex: 0 0 auto;
    width: clamp(5.5rem, 8vw, 12rem);
  }
  .error {
    color: var(--kh-error);
  }
  /* Presenter mode shrinks a long step's paragraphs to fit (fitText), never below 0.7. */
  :host([presenter]) .text {
    font-size: calc(1em * var(--kh-fit, 1));
  }
  .source {
    color: var(--kh-muted);
    font-size: 0.85em;
    margin: 0 0 0.3em;
  }
  .file-pick {
    display: inline-block;
    border: 1px dashed var(--kh-border);
    border-radius: 6px;
    padding: 0.15em 0.55em;
    cursor: pointer;
    margin-top: 0.4em;
  }
  .file-pick:focus-within {
    outline: 2px solid var(--kh-focus);
  }
  .file-pick input {
    position: absolute;
    opacity: 0;
    width: 1px;
    height: 1px;
  }
  kh-memory-timeline {
    margin: 0.4em 0;
  }
`;
