/**
 * How the terminal looks: its layout around xterm.js, and xterm's colours
 * for dark and light schemes (the light one darkened to keep ls colours
 * readable on white).
 */
import { css } from 'lit';
import { srOnly } from '../common-styles';
import type { ITheme } from '@xterm/xterm';

export const DARK: ITheme = { background: '#16181d', foreground: '#d8dee9', cursor: '#d8dee9' };
export const LIGHT: ITheme = {
  background: '#fbfbfc',
  foreground: '#1d1f21',
  cursor: '#1d1f21',
  selectionBackground: '#b3d4fc',
  blue: '#0b4fb3',
  brightBlue: '#0b4fb3',
  green: '#1b6e20',
  brightGreen: '#1b6e20',
  cyan: '#006b75',
  brightCyan: '#006b75',
  red: '#b00020',
  brightRed: '#b00020',
};

export const terminalStyles = [
  srOnly,
  css`
    :host {
      display: flex;
      flex-direction: column;
      min-height: 0;
    }
    .screen {
      flex: 1;
      min-height: 8rem;
      padding: 0.25rem 0 0 0.5rem;
      background: var(--kh-term-bg);
      border-radius: 6px;
      overflow: hidden;
    }
    .screen:focus-within {
      outline: 2px solid var(--kh-focus);
      outline-offset: 2px;
    }
    .loading {
      color: var(--kh-term-fg);
      font:
        0.9rem ui-monospace,
        monospace;
    }
    .notice {
      font-size: 0.85rem;
      color: var(--kh-muted);
      margin: 0.25rem 0 0;
    }
    kh-key-bar {
      display: none;
    }
    @media (pointer: coarse), (any-pointer: coarse), (max-width: 40rem) {
      kh-key-bar {
        display: flex;
      }
    }
  `,
];
