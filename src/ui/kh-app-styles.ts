/**
 * How the playground shares the screen. Everyday: a one-line header with a
 * reserved status line (nothing moves when an archive arrives), the side
 * column (lesson, kernel, files), and the work column where the terminal
 * takes `--kh-split` of the height above a draggable divider and the
 * viewer. Presenter: no header; the lesson and kernel panel on the left,
 * the terminal over the file tree and viewer on the right, text sized by
 * `--kh-present-size`. Embed: one pane filling the frame. Phone: one column,
 * the terminal first.
 */
import { css } from 'lit';
import { smallButton, srOnly } from './common-styles';

export const appStyles = [
  srOnly,
  css`
    :host {
      display: flex;
      flex-direction: column;
      height: 100dvh;
      box-sizing: border-box;
      padding: 0.5rem 1rem 0.6rem;
      gap: 0.5rem;
      font:
        0.95rem/1.45 system-ui,
        sans-serif;
      color: var(--kh-fg);
      background: var(--kh-bg);
    }
    header {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1.25rem;
      align-items: baseline;
    }
    .title {
      flex: 1 1 24rem;
      min-width: 0;
      display: flex;
      gap: 0 0.75rem;
      align-items: baseline;
      flex-wrap: wrap;
    }
    h1 {
      font-size: 1.2rem;
      margin: 0;
      white-space: nowrap;
    }
    h2 {
      font-size: 0.95rem;
      margin: 0 0 0.4rem;
    }
    .lede {
      margin: 0;
      color: var(--kh-muted);
      font-size: 0.85rem;
    }
    .archive {
      flex: 0 1 auto;
    }
    .error {
      color: var(--kh-error);
      margin: 0.25rem 0 0;
      font-size: 0.9rem;
    }
    .machine-notice {
      margin: 0.25rem 0 0;
      font-size: 0.9rem;
    }
    .machine-notice button {
      margin-left: 0.5rem;
    }
    .view > .error {
      margin: 0 0 0.35rem;
    }
    main {
      flex: 1;
      min-height: 0;
      display: grid;
      grid-template-columns: minmax(17rem, 24rem) minmax(0, 1fr);
      gap: 0.75rem;
    }
    .side {
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
      min-height: 0;
      overflow: auto;
    }
    .files {
      flex: 1;
      display: flex;
      flex-direction: column;
      min-height: 16rem;
    }
    kh-file-browser {
      flex: 1;
    }
    .work {
      display: flex;
      flex-direction: column;
      min-height: 0;
      min-width: 0;
    }
    .term {
      flex: 0 0 var(--kh-split, 66%);
      display: flex;
      flex-direction: column;
      gap: 0.3rem;
      min-height: 0;
    }
    kh-terminal,
    kh-real-console {
      flex: 1;
    }
    .real-modules {
      border: 1px solid var(--kh-border);
      border-radius: 6px;
      margin: 0 0 0.75rem;
      padding: 0.5rem 0.75rem;
      font-size: 0.85rem;
    }
    .real-modules p {
      margin: 0 0 0.4rem;
      color: var(--kh-muted);
    }
    .real-buttons {
      display: flex;
      flex-wrap: wrap;
      gap: 0.3rem;
    }
    .view {
      flex: 1 1 0;
      display: flex;
      flex-direction: column;
      min-height: 0;
    }
    kh-file-viewer {
      flex: 1;
    }
    .lessons-toggle {
      font: inherit;
      font-size: 0.85rem;
      ${smallButton}
    }
    .line-link {
      align-self: flex-end;
      margin-bottom: 0.3rem;
    }
    main.layout-viewer {
      --kh-split: 25%;
    }
    main.layout-terminal {
      --kh-split: 80%;
    }

    /* Presenter: text for the back of the room, everything the steps name on screen. */
    :host([presenting]) {
      padding: 0.5rem;
    }
    :host([presenting]) header {
      display: none;
    }
    :host([presenting]) header.noticed {
      display: flex;
    }
    /*
   * One grid, the panes placed by area (the side and work wrappers step
   * aside), so no element is re-created when presenting starts or ends.
   */
    main.layout-presenter {
      grid-template-columns: minmax(0, 32fr) minmax(0, 22fr) minmax(0, 46fr);
      grid-template-rows: minmax(0, 52fr) minmax(0, 20fr) auto;
      grid-template-areas:
        'lesson term term'
        'lesson files view'
        'kernel files view';
      gap: 0.5rem;
      --kh-code-size: var(--kh-present-size);
    }
    main.layout-presenter .side,
    main.layout-presenter .work {
      display: contents;
    }
    main.layout-presenter kh-lesson-panel {
      grid-area: lesson;
      min-height: 0;
      overflow: hidden;
      font-size: var(--kh-present-size);
    }
    main.layout-presenter .kernel {
      grid-area: kernel;
      min-height: 0;
      overflow: hidden;
    }
    main.layout-presenter .kernel h2,
    main.layout-presenter .files h2 {
      display: none;
    }
    main.layout-presenter .files {
      grid-area: files;
      min-height: 0;
    }
    main.layout-presenter .term {
      grid-area: term;
    }
    main.layout-presenter .view {
      grid-area: view;
    }
    main.layout-presenter kh-sample-commands,
    main.layout-presenter kh-split-handle {
      display: none;
    }
    .blank {
      position: fixed;
      inset: 0;
      background: #000;
      z-index: 10;
    }

    /* Embed: one pane, no header, the frame's whole size. */
    :host([embed]) {
      padding: 0;
      gap: 0;
    }
    :host([embed]) header {
      display: none;
    }
    main.embed {
      display: flex;
      flex-direction: column;
    }
    main.embed > .side,
    main.embed .work {
      flex: 1;
    }
    main.embed kh-split-handle,
    main.embed kh-sample-commands,
    main.embed-terminal .view,
    main.embed-terminal .side,
    main.embed-viewer .term,
    main.embed-viewer .side,
    main.embed-lesson .work,
    main.embed-lesson .side > section {
      display: none;
    }
    main.embed .work {
      min-height: 0;
      height: 100%;
    }
    main.embed .term,
    main.embed .view {
      flex: 1 1 100%;
    }
    .full-link {
      position: fixed;
      right: 0.4rem;
      bottom: 0.3rem;
      font-size: 0.75rem;
      background: var(--kh-surface);
      padding: 0 0.3rem;
      border-radius: 4px;
      z-index: 5;
    }

    /* Phone (or a narrow window, or large text): one column, the terminal first. */
    @media (max-width: 52rem) {
      :host {
        height: auto;
        padding: 0.5rem;
      }
      .lede {
        display: none;
      }
      h1 {
        white-space: normal;
      }
      main {
        display: flex;
        flex-direction: column;
      }
      .side,
      .work {
        display: contents;
      }
      kh-lesson-panel {
        order: 0;
      }
      .term {
        height: 70vh;
        order: 1;
      }
      /* The terminal first; the sample commands (wrapped, all in reach) under it. */
      .term kh-sample-commands {
        order: 1;
      }
      .kernel {
        order: 2;
      }
      .files {
        order: 3;
        height: 60vh;
      }
      .view {
        order: 4;
        height: 80vh;
      }
      kh-split-handle {
        display: none;
      }
    }

    /* An embed is sized by its frame, however narrow: not the phone's long column. */
    :host([embed]) {
      height: 100dvh;
      padding: 0;
    }
    main.embed-terminal .work,
    main.embed-viewer .work {
      display: flex;
      flex-direction: column;
    }
    main.embed-lesson > .side {
      display: flex;
      flex-direction: column;
    }
    main.embed .term,
    main.embed .view {
      height: auto;
    }
  `,
];
