/**
 * A file against its namesake in another tree, as `diff -u` prints it,
 * each hunk's header a pair of links: to the line in this file and to the
 * line in the other one.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { FileDiffInfo, MachineApi } from '../../shared/worker-api';

@customElement('kh-diff-view')
export class KhDiffView extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    pre {
      margin: 0.25rem 0;
      max-height: 18rem;
      overflow: auto;
      font:
        0.75rem/1.4 ui-monospace,
        monospace;
      border: 1px solid var(--kh-border);
      border-radius: 4px;
      padding: 0.25rem;
    }
    .add {
      color: var(--kh-syn-string);
    }
    .del {
      color: var(--kh-error);
    }
    .hunk {
      color: var(--kh-accent);
    }
    .muted {
      color: var(--kh-muted);
    }
  `;

  @property({ attribute: false }) machine: Pick<MachineApi, 'diffFiles'> | undefined;
  /** This file. */
  @property() a = '';
  /** The other tree's file of the same name ('' for none). */
  @property() b = '';

  @state() private _diff: FileDiffInfo | undefined;
  @state() private _error = '';

  override updated(changed: Map<string, unknown>): void {
    if ((changed.has('a') || changed.has('b')) && this.machine && this.a && this.b) {
      const [a, b] = [this.a, this.b];
      this._diff = undefined;
      this._error = '';
      this.machine.diffFiles(a, b).then(
        (d) => this.a === a && this.b === b && (this._diff = d),
        (err: unknown) => (this._error = err instanceof Error ? err.message : String(err)),
      );
    }
  }

  private goto(path: string, line: number): void {
    this.dispatchEvent(
      new CustomEvent('kh-goto', { detail: { path, line }, bubbles: true, composed: true }),
    );
  }

  private line(text: string, hunk: number) {
    if (text.startsWith('@@')) {
      const h = this._diff!.hunks[hunk]!;
      return html`<span class="hunk"
        >${text}
        <a href="#" @click=${(e: Event) => (e.preventDefault(), this.goto(this.a, h.a))}
          >here L${h.a}</a
        >
        <a href="#" @click=${(e: Event) => (e.preventDefault(), this.goto(this.b, h.b))}
          >there L${h.b}</a
        ></span
      > `;
    }
    const cls = text.startsWith('+') ? 'add' : text.startsWith('-') ? 'del' : '';
    return html`<span class=${cls}>${text}</span> `;
  }

  override render() {
    if (!this.b) return '';
    if (this._error) return html`<p class="muted">${this._error}</p>`;
    const d = this._diff;
    if (!d) return html`<p class="muted">Comparing…</p>`;
    if (!d.unified) return html`<p class="muted same">The file is the same in both trees.</p>`;
    let hunk = -1;
    const lines = d.unified.replace(/\n$/, '').split('\n');
    return html`<p class="muted">
        ${d.hunks.length} hunk${d.hunks.length === 1 ? '' : 's'}: diff -u
      </p>
      <pre aria-label="diff -u of this file against the other tree">
${lines.map((l) => this.line(l, l.startsWith('@@') ? ++hunk : hunk))}</pre>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-diff-view': KhDiffView;
  }
}
