import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { MemoryState, ModuleState } from '../shared/worker-api';
import { formatSize } from './format';

/** The module bar's full scale: room for kheaders' few megabytes, in whole MiB. */
export function moduleScaleMiB(modulesKb: number): number {
  return Math.max(8, Math.ceil(modulesKb / 1024 / 4) * 4);
}

/**
 * Where the machine's memory goes, with the loaded modules' embedded data
 * drawn apart: the cost Christoph Hellwig objected to in 2019, paid only
 * while the module is loaded. Against the whole memory a 4 MB module is a
 * sliver, so it gets a bar of its own on a scale of a few MiB, stated.
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
    .scale {
      display: flex;
      justify-content: space-between;
      color: var(--kh-muted);
      font-size: 0.75rem;
      font-variant-numeric: tabular-nums;
    }
    .whole {
      height: 0.5rem;
      margin-top: 0.3rem;
    }
    .numbers {
      color: var(--kh-muted);
      font-variant-numeric: tabular-nums;
      margin-top: 0.25rem;
    }
    strong {
      color: var(--kh-fg);
    }
    :host([compact]) .whole,
    :host([compact]) .all {
      display: none;
    }
  `;

  /** The machine's memory accounting. */
  @property({ attribute: false }) memory: MemoryState | undefined;

  /** Presenter mode: the module bar and one line, without the whole-memory bar. */
  @property({ type: Boolean, reflect: true }) compact = false;

  /** The modules, to name what holds the module memory. */
  @property({ attribute: false }) modules: ModuleState[] = [];

  override render() {
    const m = this.memory;
    if (!m)
      return html`<div class="bar" aria-hidden="true"></div>
        <div class="scale">&nbsp;</div>
        <div class="bar whole" aria-hidden="true"></div>
        <div class="numbers">&nbsp;</div>`;
    const total = Math.max(m.totalKb, 1);
    const modules = m.modulesKb;
    const used = Math.max(m.totalKb - m.availableKb - modules, 0);
    const holders = this.modules.filter((x) => x.status === 'loaded' || x.status === 'builtin');
    const summary = modules
      ? `${holders.map((x) => x.name).join(' and ') || 'modules'}: ${formatSize(modules * 1024)} of kernel memory`
      : 'No module data in memory';
    const scale = moduleScaleMiB(modules);
    const ticks = [0, 1, 2, 3, 4].map((i) => (scale / 4) * i);
    return html`
      <div
        class="bar module-bar"
        role="img"
        aria-label=${`Module data: ${summary}, on a scale of 0 to ${scale} MiB`}
      >
        <span class="modules" style=${`width:${(modules / 1024 / scale) * 100}%`}></span>
      </div>
      <div class="scale" aria-hidden="true">
        ${ticks.map((t) => html`<span>${t}${t === scale ? ' MiB' : ''}</span>`)}
      </div>
      <div
        class="bar whole"
        role="img"
        aria-label=${`All memory: ${formatSize(m.availableKb * 1024)} available of ${formatSize(m.totalKb * 1024)}`}
      >
        <span class="used" style=${`width:${(used / total) * 100}%`}></span>
        <span
          class="modules"
          style=${`width:${Math.max((modules / total) * 100, modules ? 1 : 0)}%`}
        ></span>
      </div>
      <div class="numbers">
        <strong>${summary}</strong> (top bar: 0–${scale} MiB)<span class="all">
          · ${formatSize(m.availableKb * 1024)} available of ${formatSize(m.totalKb * 1024)} (lower
          bar: all memory)</span
        >
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-memory-gauge': KhMemoryGauge;
  }
}
