import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { LoadProgress } from '../shared/worker-api';
import { formatSize } from './format';

const PHASE_LABEL = {
  download: 'Downloading and decoding',
  decode: 'Decoding',
  verify: 'Verifying',
  done: 'Done',
};

/** A progress bar for an archive load on one line: bytes in, bytes out, and rate. */
@customElement('kh-load-progress')
export class KhLoadProgress extends LitElement {
  static override styles = css`
    /* One line (the status line reserves one line, so nothing moves when it comes or goes). */
    :host {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      white-space: nowrap;
      font:
        0.9rem/1.4 system-ui,
        sans-serif;
    }
    label {
      display: flex;
      gap: 0.4rem;
      align-items: center;
      flex: none;
    }
    progress {
      width: 8rem;
      height: 0.8rem;
    }
    .numbers {
      flex: 1;
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      font-variant-numeric: tabular-nums;
      color: var(--kh-muted, #555);
    }
  `;

  /** The latest progress report from the machine. */
  @property({ attribute: false }) progress: LoadProgress | undefined;

  /** When the load started (performance.now()), for the rate. */
  @property({ type: Number }) startedAt = 0;

  override render() {
    const p = this.progress;
    if (!p) return html``;
    const seconds = Math.max((performance.now() - this.startedAt) / 1000, 0.001);
    const fraction = p.totalIn ? Math.min(p.bytesIn / p.totalIn, 1) : undefined;
    const label = PHASE_LABEL[p.phase];
    return html`
      <label>
        ${label}
        <progress
          max="1"
          .value=${fraction ?? null}
          aria-valuetext=${`${label}: ${formatSize(p.bytesIn)} read`}
        ></progress>
      </label>
      <div class="numbers" aria-live="polite">
        ${formatSize(p.bytesIn)}${p.totalIn ? html` of ${formatSize(p.totalIn)}` : ''} read →
        ${formatSize(p.bytesOut)} decoded ·
        ${formatSize(p.bytesOut / seconds)}/s${p.entries ? ` · ${p.entries} files listed` : ''}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-load-progress': KhLoadProgress;
  }
}
