/**
 * The app's layout: header, the side column (lessons, kernel, files), the
 * terminal and the viewer in a grid; the layouts a link can ask for
 * (viewer, terminal, presenter); one column on narrow screens.
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
      padding: 0.75rem 1rem;
      gap: 0.75rem;
      font:
        0.95rem/1.45 system-ui,
        sans-serif;
      color: var(--kh-fg);
      background: var(--kh-bg);
    }
    header {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(16rem, 26rem);
      gap: 0.25rem 1.5rem;
      align-items: start;
    }
    h1 {
      font-size: 1.25rem;
      margin: 0;
    }
    h2 {
      font-size: 0.95rem;
      margin: 0 0 0.4rem;
    }
    .lede {
      margin: 0.15rem 0 0;
      color: var(--kh-muted);
      max-width: 48rem;
    }
    .archive {
      /* Room for the progress bar, then the summary: nothing below moves. */
      min-height: 5.6rem;
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
      grid-template-rows: minmax(14rem, 42%) minmax(0, 1fr);
      grid-template-areas: 'side term' 'side view';
      gap: 0.75rem;
    }
    .side {
      grid-area: side;
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
    .term {
      grid-area: term;
      display: flex;
      flex-direction: column;
      gap: 0.4rem;
      min-height: 0;
    }
    kh-terminal {
      flex: 1;
    }
    .view {
      grid-area: view;
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
      grid-template-rows: minmax(8rem, 22%) minmax(0, 1fr);
    }
    main.layout-terminal {
      grid-template-rows: minmax(14rem, 70%) minmax(0, 1fr);
    }
    main.layout-presenter {
      grid-template-columns: minmax(24rem, 40%) minmax(0, 1fr);
      grid-template-rows: minmax(14rem, 55%) minmax(0, 1fr);
    }
    main.layout-presenter .side > section,
    main.layout-presenter kh-sample-commands,
    header.presenting {
      display: none;
    }
    main.layout-presenter kh-lesson-panel {
      flex: 1;
      overflow: auto;
    }
    @media (max-width: 52rem) {
      :host {
        height: auto;
        padding: 0.5rem;
      }
      header {
        grid-template-columns: 1fr;
      }
      main {
        display: flex;
        flex-direction: column;
      }
      .term {
        height: 65vh;
        order: 1;
      }
      .side {
        display: contents;
      }
      .side > section:first-child {
        order: 0;
      }
      .files {
        order: 2;
        height: 60vh;
      }
      .view {
        order: 3;
        height: 80vh;
      }
    }
  `,
];
