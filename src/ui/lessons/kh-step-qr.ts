import { LitElement, css, html, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';

/** The QR encoder (npm `qr`), fetched the first time a code is drawn: presenter mode only. */
let encoder: Promise<typeof import('qr')> | undefined;

/**
 * A step's link as a QR code, for the room to scan off the projector. The
 * modules come from `qr` as a grid and are drawn here as one SVG path (no
 * markup from the library reaches the page).
 */
@customElement('kh-step-qr')
export class KhStepQr extends LitElement {
  static override styles = css`
    :host {
      display: block;
      aspect-ratio: 1;
      background: #fff;
      line-height: 0;
    }
    svg {
      width: 100%;
      height: 100%;
      shape-rendering: crispEdges;
    }
    .error {
      color: var(--kh-error);
      font-size: 0.8rem;
      line-height: 1.2;
    }
  `;

  /** The link to encode. */
  @property() link = '';

  @state() private _grid: boolean[][] | undefined;
  @state() private _error = '';
  private _for = '';

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('link')) void this.encode(this.link);
  }

  private async encode(link: string): Promise<void> {
    this._for = link;
    if (!link) {
      this._grid = undefined;
      return;
    }
    try {
      const { encodeQR } = await (encoder ??= import('qr'));
      if (this._for !== link) return;
      this._grid = encodeQR(link, 'raw', { ecc: 'medium', border: 2 });
      this._error = '';
      this.dataset.encoded = link;
    } catch (err) {
      if (this._for === link)
        this._error = `No QR code for this link: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  override render() {
    if (this._error) return html`<p class="error">${this._error}</p>`;
    const grid = this._grid;
    if (!grid) return '';
    let d = '';
    grid.forEach((row, y) =>
      row.forEach((dark, x) => {
        if (dark) d += `M${x} ${y}h1v1h-1z`;
      }),
    );
    const n = grid.length;
    return html`<svg viewBox="0 0 ${n} ${n}" role="img" aria-label="QR code of this step's link">
      ${svg`<path d=${d} fill="#000"></path>`}
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-step-qr': KhStepQr;
  }
}
