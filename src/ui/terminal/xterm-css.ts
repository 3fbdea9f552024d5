/** xterm.js's own stylesheet as text, for the terminal's shadow root (Vite `?inline`). */
export { default } from '@xterm/xterm/css/xterm.css?inline';
