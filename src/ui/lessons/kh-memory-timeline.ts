import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatSize } from '../format';

/** A machine's life in three moments. */
export const PHASES = ['boot', 'use', 'idle'] as const;
export type Phase = (typeof PHASES)[number];

export interface Design {
  name: string;
  note: string;
  /** Is the archive in kernel memory at each phase? */
  resident: Record<Phase, boolean>;
}

/**
 * The 2019 designs: built in, module, and the first RFC's init-section
 * archive (freed when boot ends unless a boot argument keeps it). "use" is
 * a tool such as BCC reading the headers; the module is loaded for it and
 * unloaded after.
 */
export const DESIGNS: Design[] = [
  {
    name: 'Built in (=y)',
    note: 'always resident',
    resident: { boot: true, use: true, idle: true },
  },
  {
    name: 'Module (=m)',
    note: 'only while loaded',
    resident: { boot: false, use: true, idle: false },
  },
  {
    name: 'First design, no boot argument',
    note: 'freed after boot: no headers when needed',
    resident: { boot: true, use: false, idle: false },
  },
  {
    name: 'First design, boot argument given',
    note: 'kept for the whole uptime',
    resident: { boot: true, use: true, idle: true },
  },
];

/** The three designs side by side: what each keeps in kernel memory, when. */
@customElement('kh-memory-timeline')
export class KhMemoryTimeline extends LitElement {
  static override styles = css`
    :host {
      display: block;
      font-size: 0.85em;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    th,
    td {
      padding: 0.2em 0.4em;
      text-align: left;
      vertical-align: bottom;
    }
    thead th {
      color: var(--kh-muted);
      font-weight: normal;
      border-bottom: 1px solid var(--kh-border);
    }
    tbody th {
      font-weight: 600;
    }
    tbody th small {
      display: block;
      font-weight: normal;
      color: var(--kh-muted);
    }
    .cell {
      display: flex;
      flex-direction: column;
      justify-content: flex-end;
      height: 2.6em;
      min-width: 4.5em;
    }
    .bar {
      background: var(--kh-accent);
      border-radius: 3px 3px 0 0;
      height: 1.6em;
    }
    .bar.none {
      height: 2px;
      background: var(--kh-border);
    }
    .v {
      font-variant-numeric: tabular-nums;
    }
  `;

  /** Bytes the archive costs while resident (the module object's size). */
  @property({ type: Number }) bytes = 0;

  override render() {
    const size = formatSize(this.bytes);
    return html`<table aria-label="Kernel memory held by the headers archive, per design">
      <thead>
        <tr>
          <th scope="col">Design</th>
          ${PHASES.map((p) => html`<th scope="col">${p}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${DESIGNS.map(
          (d) =>
            html`<tr>
              <th scope="row">${d.name}<small>${d.note}</small></th>
              ${PHASES.map(
                (p) =>
                  html`<td data-phase=${p}>
                    <div class="cell">
                      <span class="v">${d.resident[p] ? size : '0'}</span>
                      <div class="bar ${d.resident[p] ? '' : 'none'}"></div>
                    </div>
                  </td>`,
              )}
            </tr>`,
        )}
      </tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-memory-timeline': KhMemoryTimeline;
  }
}
