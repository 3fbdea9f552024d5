import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { MemoryState, ModuleState } from '../shared/worker-api';
import { formatSize } from './format';

/**
 * Where the machine's memory goes, with the loaded modules' embedded data
 * drawn apart: the cost Christoph Hellwig objected to in 2019, paid only
 * while the module is loaded.
 */
@customElement('kh-memory-gauge')
export class KhMemoryGauge extends LitElement {
  static override styles = css`
    :host {
      display: block;
      font-size: 0.9rem;
    }
    .bar {
      display: flex;
      height: 0.9rem;
      border-radius: 4px;
      overflow: hidden;
      background: var(--kh-surface);
      border: 1px solid var(--kh-border);
    }
    .used {
      background: var(--kh-muted);
      opacity: 0.5;
    }
    .modules {
      background: var(--kh-accent);
      transition: width 0.2s;
    }
    .numbers {
      color: var(--kh-muted);
      font-variant-numeric: tabular-nums;
      margin-top: 0.25rem;
    }
    strong {
      color: var(--kh-fg);
    }
  `;

  /** The machine's memory accounting. */
  @property({ attribute: false }) memory: MemoryState | undefined;

  /** The modules, to name what holds the module memory. */
  @property({ attribute: false }) modules: ModuleState[] = [];

  override render() {
    const m = this.memory;
    if (!m)
      return html`<div class="bar" aria-hidden="true"></div>
        <div class="numbers">&nbsp;</div>`;
    const total = Math.max(m.totalKb, 1);
    const modules = m.modulesKb;
    const used = Math.max(m.totalKb - m.availableKb - modules, 0);
    const holders = this.modules.filter((x) => x.status === 'loaded' || x.status === 'builtin');
    const summary = modules
      ? `${holders.map((x) => x.name).join(' and ') || 'modules'}: ${formatSize(modules * 1024)} of kernel memory`
      : 'No module data in memory';
    return html`
      <div
        class="bar"
        role="img"
        aria-label=${`Memory: ${summary}; ${formatSize(m.availableKb * 1024)} available of ${formatSize(m.totalKb * 1024)}`}
      >
        <span class="used" style=${`width:${(used / total) * 100}%`}></span>
        <span
          class="modules"
          style=${`width:${Math.max((modules / total) * 100, modules ? 1 : 0)}%`}
        ></span>
      </div>
      <div class="numbers">
        <strong>${summary}</strong> · ${formatSize(m.availableKb * 1024)} available of
        ${formatSize(m.totalKb * 1024)}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-memory-gauge': KhMemoryGauge;
  }
}
