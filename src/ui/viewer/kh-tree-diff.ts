/**
 * Two header trees compared on request: files added, removed and changed,
 * counted, each changed file a link (its diff -u shows beside it there).
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { MachineApi, TreeDiffInfo } from '../../shared/worker-api';
import { formControl } from '../common-styles';

@customElement('kh-tree-diff')
export class KhTreeDiff extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    button {
      ${formControl}
      background: var(--kh-surface);
      padding: 0.15rem 0.35rem;
      cursor: pointer;
    }
    ul {
      list-style: none;
      margin: 0.25rem 0;
      padding: 0;
      max-height: 10rem;
      overflow: auto;
      font-family: ui-monospace, monospace;
    }
    .muted {
      color: var(--kh-muted);
    }
  `;

  @property({ attribute: false }) machine: Pick<MachineApi, 'diffTrees'> | undefined;
  /** This tree's root and the other one's. */
  @property() a = '';
  @property() b = '';

  @state() private _diff: (TreeDiffInfo & { a: string; b: string }) | undefined;
  @state() private _status = '';

  private async compare(): Promise<void> {
    if (!this.machine) return;
    const [a, b] = [this.a, this.b];
    this._status = 'Comparing the trees…';
    try {
      const d = await this.machine.diffTrees(a, b);
      this._diff = { ...d, a, b };
      this._status = '';
    } catch (err) {
      this._status = err instanceof Error ? err.message : String(err);
    }
  }

  private open(rel: string): void {
    const detail = { path: `${this.a}/${rel}`, line: 1 };
    this.dispatchEvent(new CustomEvent('kh-goto', { detail, bubbles: true, composed: true }));
  }

  override render() {
    if (!this.a || !this.b) return '';
    const d = this._diff?.a === this.a && this._diff.b === this.b ? this._diff : undefined;
    return html`<button type="button" @click=${this.compare}>Compare the trees</button>
      ${this._status ? html`<p class="muted" role="status">${this._status}</p>` : ''}
      ${
        d
          ? html`<p class="counts" role="status">
                ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed,
                ${d.unchanged} the same
              </p>
              <ul aria-label="Files changed">
                ${d.changed.map(
                  (p) =>
                    html`<li>
                      <a
                        href="#"
                        @click=${(e: Event) => {
                          e.preventDefault();
                          this.open(p);
                        }}
                        >M ${p}</a
                      >
                    </li>`,
                )}
                ${d.added.map((p) => html`<li class="muted">A ${p}</li>`)}
                ${d.removed.map((p) => html`<li class="muted">D ${p}</li>`)}
              </ul>`
          : ''
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-tree-diff': KhTreeDiff;
  }
}
