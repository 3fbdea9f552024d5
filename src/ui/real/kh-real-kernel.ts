import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { RealBootProgress, RealBootResult } from '../../shared/real-kernel-api';
import { formatSize } from '../format';

/** Asks for the real kernel (detail.on) or the simulation. */
export type RealSelectEvent = CustomEvent<{ on: boolean }>;

const PHASE: Record<RealBootProgress['phase'], string> = {
  download: 'Downloading the kernel, BIOS and emulator',
  restoring: 'Restoring the saved machine',
  booting: 'Booting Linux',
  saving: 'Saving the booted machine for next time',
  prompt: 'At the shell prompt',
};

/**
 * Which machine the terminal talks to, said plainly: the switch between
 * the simulation and a real Linux kernel (v86), its boot progress, and a
 * badge naming the machine. The `machine` attribute and `data-phase`
 * (`ready` at the prompt, boot settled) say the same to tests.
 */
@customElement('kh-real-kernel')
export class KhRealKernel extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.25rem 0.6rem;
      font-size: 0.85rem;
      margin: 0 0 0.3rem;
    }
    button {
      font: inherit;
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
      border: 1px solid var(--kh-border);
      border-radius: 6px;
      background: var(--kh-surface);
      color: var(--kh-fg);
      padding: 0.15rem 0.5rem;
      cursor: pointer;
    }
    button:focus-visible {
      outline: 2px solid var(--kh-focus);
      outline-offset: 2px;
    }
    .track {
      width: 1.8rem;
      height: 1rem;
      border-radius: 0.5rem;
      background: var(--kh-border);
      position: relative;
    }
    .track::after {
      content: '';
      position: absolute;
      top: 0.125rem;
      left: 0.125rem;
      width: 0.75rem;
      height: 0.75rem;
      border-radius: 50%;
      background: var(--kh-bg);
      transition: transform 0.15s;
    }
    [aria-checked='true'] .track {
      background: var(--kh-accent);
    }
    [aria-checked='true'] .track::after {
      transform: translateX(0.8rem);
    }
    .badge {
      font-weight: 600;
      border-radius: 4px;
      padding: 0.1rem 0.45rem;
      background: var(--kh-surface);
      border: 1px solid var(--kh-border);
    }
    :host([machine='real']) .badge {
      background: var(--kh-accent);
      color: var(--kh-bg);
      border-color: var(--kh-accent);
    }
    progress {
      width: 7rem;
      height: 0.7rem;
    }
    .muted {
      color: var(--kh-muted);
    }
    .error {
      color: var(--kh-error);
      flex-basis: 100%;
    }
  `;

  /** True while the terminal talks to the real kernel. */
  @property({ type: Boolean }) selected = false;
  @property({ attribute: false }) progress: RealBootProgress | undefined;
  @property({ attribute: false }) result: RealBootResult | undefined;
  @property() error = '';

  override willUpdate(): void {
    this.setAttribute('machine', this.selected ? 'real' : 'simulation');
    const phase = this.error ? 'failed' : (this.progress?.phase ?? 'off');
    // `ready` once the boot has settled (after the state is saved); the phases before it as they come.
    this.dataset.phase = this.result ? 'ready' : phase;
    if (this.result) {
      this.dataset.promptMs = String(this.result.promptMs);
      this.dataset.restored = String(this.result.restored);
    }
  }

  override render() {
    const r = this.result;
    const badge = this.selected
      ? `Real Linux ${r?.manifest.release ?? ''} (i386, v86)`.replace('  ', ' ')
      : 'Simulation';
    return html`
      <button
        type="button"
        role="switch"
        aria-checked=${this.selected ? 'true' : 'false'}
        title="Run the terminal on a real Linux kernel booted in an emulated PC (v86), or on the simulation"
        @click=${() => this.select(!this.selected)}
      >
        <span class="track" aria-hidden="true"></span> Real kernel
      </button>
      <span class="badge" role="status" aria-label=${`The terminal talks to: ${badge}`}
        >${badge}</span
      >
      ${this.selected ? this.status() : ''}
      ${this.error ? html`<span class="error" role="alert">${this.error}</span>` : ''}
    `;
  }

  private status() {
    const r = this.result;
    if (r)
      return html`<span class="muted"
        >${r.restored ? 'restored from a saved machine' : 'booted'} in
        ${(r.promptMs / 1000).toFixed(1)} s · busybox userland</span
      >`;
    const p = this.progress;
    if (!p || this.error) return '';
    const fraction = p.phase === 'download' && p.total ? p.loaded! / p.total : undefined;
    return html`<label class="muted"
      >${PHASE[p.phase]}
      <progress max="1" .value=${fraction ?? null}></progress>
      ${
        p.phase === 'download' && p.total
          ? `${formatSize(p.loaded ?? 0)} of ${formatSize(p.total)}`
          : ''
      }</label
    >`;
  }

  private select(on: boolean): void {
    this.dispatchEvent(
      new CustomEvent('kh-real-select', { detail: { on }, bubbles: true, composed: true }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-real-kernel': KhRealKernel;
  }
  interface HTMLElementEventMap {
    'kh-real-select': RealSelectEvent;
  }
}
