import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type {
  Era,
  KernelConfig,
  MachineState,
  ModuleName,
  ModuleState,
  Tristate,
} from '../shared/worker-api';
import { formControl } from './common-styles';
import { formatSize } from './format';

/** Asks the terminal to run a command line, exactly as if typed. */
export type CommandEvent = CustomEvent<{ command: string }>;
/** Asks the machine for a different kernel config. */
export type ConfigEvent = CustomEvent<Partial<KernelConfig>>;

const TRISTATE_LABEL: Record<Tristate, string> = {
  y: 'y: built in',
  m: 'm: module',
  n: 'n: not set',
};

/** 5.2-rc1 put the archive in /proc; 5.2-rc4 moved it to sysfs (see worker-api Era). */
const ERAS: [Era, string][] = [
  ['sysfs-5.2-rc4', '5.2-rc4+: /sys/kernel'],
  ['proc-5.2-rc1', '5.2-rc1: /proc'],
];

const MODULE_TEXT: Record<ModuleName, { file: string; what: string }> = {
  kheaders: { file: 'kheaders.ko', what: 'the headers archive' },
  configs: { file: 'configs.ko', what: 'config.gz' },
};

/**
 * The kernel's side of the story: the config options that decide whether
 * the headers exist, the era that decides where they appear, and switches
 * that load or unload the modules by running the shell's own commands.
 */
@customElement('kh-module-panel')
export class KhModulePanel extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    h2 {
      font-size: 1rem;
      margin: 0 0 0.5rem;
    }
    .config-line {
      margin: 0 0 0.4rem;
      display: flex;
      flex-wrap: wrap;
      gap: 0.2rem 0.5rem;
    }
    /* min-width: 0, or a fieldset is as wide as its longest row and pushes the page sideways at large text. */
    fieldset {
      min-width: 0;
      border: 1px solid var(--kh-border);
      border-radius: 6px;
      margin: 0 0 0.75rem;
      padding: 0.5rem 0.75rem;
    }
    legend {
      font-weight: 600;
      padding: 0 0.25rem;
    }
    .row {
      display: flex;
      align-items: center;
      justify-content: space-between;
      flex-wrap: wrap;
      gap: 0.1rem 0.5rem;
      margin: 0.25rem 0;
    }
    code {
      font-size: 0.85rem;
    }
    select {
      ${formControl}
      max-width: 100%;
      background: var(--kh-surface);
    }
    .switch {
      display: inline-flex;
      align-items: center;
      gap: 0.5rem;
      border: 0;
      background: none;
      color: inherit;
      font: inherit;
      padding: 0.15rem;
      cursor: pointer;
      border-radius: 4px;
    }
    .switch:disabled {
      cursor: not-allowed;
      opacity: 0.6;
    }
    .track {
      width: 2.2rem;
      height: 1.2rem;
      border-radius: 0.6rem;
      background: var(--kh-border);
      position: relative;
      flex: none;
      transition: background 0.15s;
    }
    .track::after {
      content: '';
      position: absolute;
      top: 0.15rem;
      left: 0.15rem;
      width: 0.9rem;
      height: 0.9rem;
      border-radius: 50%;
      background: var(--kh-bg);
      transition: transform 0.15s;
    }
    [aria-checked='true'] .track {
      background: var(--kh-accent);
    }
    [aria-checked='true'] .track::after {
      transform: translateX(1rem);
    }
    .status {
      color: var(--kh-muted);
      font-size: 0.85rem;
    }
    :focus-visible {
      outline: 2px solid var(--kh-focus);
      outline-offset: 2px;
    }
    .path {
      font-size: 0.85rem;
      color: var(--kh-muted);
      overflow-wrap: anywhere;
    }
  `;

  /** The machine's state as last pushed; the panel shows nothing else. */
  @property({ attribute: false }) state: MachineState | undefined;

  /** True while a command is running, so switches wait their turn. */
  @property({ type: Boolean }) busy = false;

  /** The config as one line of text (presenter mode), not a form. */
  @property({ type: Boolean, reflect: true }) compact = false;

  private config(patch: Partial<KernelConfig>): void {
    this.dispatchEvent(
      new CustomEvent('kh-config', { detail: patch, bubbles: true, composed: true }),
    );
  }

  private toggle(m: ModuleState): void {
    const command = m.status === 'loaded' ? `rmmod ${m.name}` : `modprobe ${m.name}`;
    this.dispatchEvent(
      new CustomEvent('kh-command', { detail: { command }, bubbles: true, composed: true }),
    );
  }

  override render() {
    const s = this.state;
    const cfg = s?.config;
    const disabled = !s;
    const proc = cfg?.era === 'proc-5.2-rc1';
    // Presenter mode: the config as one line to read, the switches as they are.
    const config = this.compact
      ? html`<p class="config-line">
          ${
            cfg
              ? html`<code>CONFIG_${proc ? 'IKHEADERS_PROC' : 'IKHEADERS'}=${cfg.IKHEADERS}</code>
                  <code>IKCONFIG=${cfg.IKCONFIG}</code>
                  <code>IKCONFIG_PROC=${cfg.IKCONFIG_PROC ? 'y' : 'n'}</code> ·
                  ${proc ? '5.2-rc1, /proc' : '5.2-rc4+, /sys/kernel'}`
              : '…'
          }
        </p>`
      : this.configFieldset(cfg, disabled, proc);
    return html`
      ${config}
      <fieldset>
        <legend>Modules</legend>
        ${(s?.modules ?? []).map((m) => this.moduleSwitch(m))}
        <div class="path" aria-live="polite">
          ${
            s
              ? s.headersPath
                ? html`Headers at <code>${s.headersPath}</code>`
                : 'No headers file: the module is not loaded or not built.'
              : 'Starting the machine…'
          }
        </div>
      </fieldset>
    `;
  }

  private configFieldset(cfg: KernelConfig | undefined, disabled: boolean, proc: boolean) {
    const s = this.state;
    return html`
      <fieldset ?disabled=${disabled}>
        <legend>Kernel config${s ? html` <small>(${s.release})</small>` : ''}</legend>
        <div class="row">
          <label for="era">Era</label>
          <select
            id="era"
            @change=${(e: Event) => this.config({ era: (e.target as HTMLSelectElement).value as Era })}
          >
            ${cfg ? '' : html`<option value="" selected>…</option>`}
            ${ERAS.map(
              ([era, label]) =>
                html`<option value=${era} ?selected=${cfg?.era === era}>${label}</option>`,
            )}
          </select>
        </div>
        ${this.tristate(proc ? 'IKHEADERS_PROC' : 'IKHEADERS', 'IKHEADERS', cfg?.IKHEADERS)}
        ${this.tristate('IKCONFIG', 'IKCONFIG', cfg?.IKCONFIG)}
        <div class="row">
          <label for="ikconfig-proc"><code>CONFIG_IKCONFIG_PROC</code></label>
          <input
            id="ikconfig-proc"
            type="checkbox"
            .checked=${cfg?.IKCONFIG_PROC ?? false}
            @change=${(e: Event) =>
              this.config({ IKCONFIG_PROC: (e.target as HTMLInputElement).checked })}
          />
        </div>
      </fieldset>
    `;
  }

  private tristate(shown: string, key: 'IKHEADERS' | 'IKCONFIG', value: Tristate | undefined) {
    const id = `opt-${key}`;
    return html`<div class="row">
      <label for=${id}><code>CONFIG_${shown}</code></label>
      <select
        id=${id}
        @change=${(e: Event) =>
          this.config({ [key]: (e.target as HTMLSelectElement).value as Tristate })}
      >
        ${value ? '' : html`<option value="" selected>…</option>`}
        ${(['y', 'm', 'n'] as const).map(
          (t) => html`<option value=${t} ?selected=${value === t}>${TRISTATE_LABEL[t]}</option>`,
        )}
      </select>
    </div>`;
  }

  private moduleSwitch(m: ModuleState) {
    const text = MODULE_TEXT[m.name];
    const on = m.status === 'loaded' || m.status === 'builtin';
    const canToggle = m.status === 'loaded' || m.status === 'unloaded';
    const status =
      m.status === 'builtin'
        ? `=y, built in · ${formatSize(m.sizeBytes)}`
        : m.status === 'absent'
          ? '=n, not built'
          : m.status === 'loaded'
            ? `loaded · ${formatSize(m.sizeBytes)}`
            : '=m, not loaded';
    return html`<div class="row">
      <button
        title=${`${m.status === 'loaded' ? 'Unload' : 'Load'} ${text.file}, which holds ${text.what}`}
        class="switch"
        role="switch"
        aria-checked=${on ? 'true' : 'false'}
        aria-describedby=${`st-${m.name}`}
        ?disabled=${!canToggle || this.busy}
        @click=${() => this.toggle(m)}
      >
        <span class="track" aria-hidden="true"></span>
        <code>${text.file}</code>
      </button>
      <span class="status" id=${`st-${m.name}`}>${status}</span>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-module-panel': KhModulePanel;
  }
  interface HTMLElementEventMap {
    'kh-command': CommandEvent;
    'kh-config': ConfigEvent;
  }
}
