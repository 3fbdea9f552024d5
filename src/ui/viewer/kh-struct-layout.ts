/**
 * "Layout" for a `struct NAME {` line of the file in the viewer: offers the
 * shell's kh-layout for that struct, over this tree and the other machine's,
 * typed into the terminal for the user to run (a kh-sample event, as the
 * sample commands do), so the table appears where commands run.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';

/** `struct NAME {` at the start of a line (a definition, not a use). */
export function structOnLine(text: string): string | undefined {
  return /^\s*struct\s+(\w+)\s*\{/.exec(text)?.[1];
}

/** The header tree a file sits in: the path up to its top include/ or arch/ directory. */
export function treeOf(path: string): string | undefined {
  return /^(.*?)\/(?:include|arch)\//.exec(path)?.[1] || undefined;
}

export function layoutCommand(path: string, name: string): string | undefined {
  const tree = treeOf(path);
  if (!tree) return undefined;
  const other = '/tmp/kheaders-other';
  return tree === other ? `kh-layout ${name} ${tree}` : `kh-layout ${name} ${tree} ${other}`;
}

@customElement('kh-struct-layout')
export class KhStructLayout extends LitElement {
  static override styles = css`
    button {
      font: inherit;
      font-size: 0.85em;
    }
  `;

  /** The file shown in the viewer. */
  @property() path = '';
  /** Its bytes. */
  @property({ attribute: false }) bytes: Uint8Array | undefined;
  /** The selected line (1-based), 0 for none. */
  @property({ type: Number }) line = 0;

  private lineText(): string {
    if (!this.bytes || this.line < 1) return '';
    let start = 0;
    for (let n = 1; n < this.line; n++) {
      start = this.bytes.indexOf(10, start) + 1;
      if (start === 0) return '';
    }
    const end = this.bytes.indexOf(10, start);
    return new TextDecoder().decode(this.bytes.subarray(start, end < 0 ? undefined : end));
  }

  override render() {
    const name = structOnLine(this.lineText());
    const cmd = name && layoutCommand(this.path, name);
    if (!name || !cmd) return html``;
    return html`<button
      type="button"
      title=${`Type "${cmd}" into the terminal`}
      @click=${() =>
        this.dispatchEvent(
          new CustomEvent('kh-sample', { detail: { command: cmd }, bubbles: true, composed: true }),
        )}
    >
      Layout of struct ${name}
    </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-struct-layout': KhStructLayout;
  }
}
