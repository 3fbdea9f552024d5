import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { MachineChange, MachineState } from '../../shared/worker-api';
import { formControl } from '../common-styles';
import { formatSize } from '../format';
import { TreeModel, parentOf, walkAll, type TreeMachine, type TreeRow } from './tree-model';

/** Asks to open a file in the viewer. */
export type OpenFileEvent = CustomEvent<{ path: string; size: number }>;

const ROW = 24;
const OVERSCAN = 8;

/**
 * The machine's filesystem as a tree, virtualized so a 6k-file extraction
 * scrolls like a short list. Its open folders follow the machine's changes
 * (a command brings their new listings), so files the shell creates appear
 * as they land.
 */
@customElement('kh-file-browser')
export class KhFileBrowser extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      min-height: 0;
      font-size: 0.875rem;
    }
    input {
      ${formControl}
      padding: 0.25rem 0.4rem;
      margin-bottom: 0.35rem;
    }
    .list {
      flex: 1;
      min-height: 10rem;
      overflow: auto;
      position: relative;
      border: 1px solid var(--kh-border);
      border-radius: 6px;
      background: var(--kh-bg);
    }
    .list:focus-visible,
    input:focus-visible {
      outline: 2px solid var(--kh-focus);
      outline-offset: 1px;
    }
    .row {
      position: absolute;
      left: 0;
      right: 0;
      height: ${ROW}px;
      line-height: ${ROW}px;
      display: flex;
      gap: 0.4rem;
      padding-right: 0.5rem;
      cursor: pointer;
      white-space: nowrap;
    }
    .row:hover {
      background: var(--kh-surface);
    }
    .row.active {
      background: var(--kh-surface);
      box-shadow: inset 2px 0 0 var(--kh-focus);
    }
    .row.open {
      font-weight: 600;
    }
    .name {
      flex: 1;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .dir {
      color: var(--kh-accent);
    }
    .twisty {
      display: inline-block;
      width: 1em;
      text-align: center;
      color: var(--kh-muted);
    }
    .where {
      display: flex;
      flex: 0 1 auto;
      min-width: 0;
      margin-left: 0.4em;
    }
    /* A long folder loses its middle: the start and the last folders stay. */
    .where .head {
      overflow: hidden;
      text-overflow: ellipsis;
      min-width: 2ch;
    }
    .where .tail {
      flex-shrink: 0;
    }
    .name.flat {
      display: flex;
      min-width: 0;
    }
    .name.flat > .base {
      flex-shrink: 0;
    }
    .size,
    .where {
      color: var(--kh-muted);
      font-variant-numeric: tabular-nums;
    }
    .status {
      color: var(--kh-muted);
      min-height: 1.3em;
      margin: 0.25rem 0 0;
    }
  `;

  /** The machine whose filesystem is shown. */
  @property({ attribute: false }) machine: TreeMachine | undefined;

  /** The machine's state (where the headers archive is, whether it runs). */
  @property({ attribute: false }) state: MachineState | undefined;

  /** The machine's latest change: the open folders follow it. */
  @property({ attribute: false }) change: MachineChange | undefined;

  /** The path open in the viewer, marked in the list. */
  @property() selected = '';

  @state() private _rows: TreeRow[] = [];
  @state() private _filter = '';
  @state() private _matches: TreeRow[] | undefined;
  @state() private _status = '';
  @state() private _scrollTop = 0;
  @state() private _height = 400;
  @state() private _active = 0;
  @query('.list') private _list!: HTMLDivElement;

  private model: TreeModel | undefined;
  private index: Promise<TreeRow[]> | undefined;
  private refreshTimer = 0;
  /** Changes not yet taken in; and whether the next refresh reads every open folder (a new machine). */
  private queued: MachineChange[] = [];
  private full = true;
  private shownHeaders: string | null = null;
  private resizer: ResizeObserver | undefined;

  override firstUpdated(): void {
    this.resizer = new ResizeObserver(() => (this._height = this._list.clientHeight));
    this.resizer.observe(this._list);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizer?.disconnect();
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('machine') && this.machine) {
      this.model = new TreeModel(this.machine);
      this.model.expanded.add('/tmp');
      this.full = true;
    }
    if (changed.has('change') && this.change) this.queued.push(this.change);
    if (this.model && this.state && (this.full || this.queued.length)) {
      // Coalesce bursts (an extraction reports many changes).
      clearTimeout(this.refreshTimer);
      this.refreshTimer = window.setTimeout(() => void this.refresh(), 60);
    }
  }

  /** Takes the machine's changes in (a new machine: reads every open folder). */
  async refresh(): Promise<void> {
    if (!this.model) return;
    const headers = this.state?.headersPath ?? null;
    const changes = this.queued.splice(0);
    const full = this.full;
    this.full = false;
    if (full) await this.model.refresh();
    else for (const c of changes) await this.model.apply(c);
    this._rows = this.model.rows();
    if (full || changes.some((c) => c.dirs === 'all' || c.dirs.length)) this.index = undefined;
    if (this._filter) await this.applyFilter(this._filter);
    // The module just made the headers file: show it where it appeared (what is held is current).
    if (headers && headers !== this.shownHeaders && !this._filter) await this.reveal(headers, true);
    this.shownHeaders = headers;
  }

  /** Opens the folders down to path (reading each, or only those not held) and scrolls it into view. */
  async reveal(path: string, held = false): Promise<void> {
    if (!this.model) return;
    await this.model.reveal(path, held);
    this._rows = this.model.rows();
    // "/mnt/x/" asks for the folder opened; its row is "/mnt/x".
    const row = path.length > 1 ? path.replace(/\/+$/, '') : path;
    const i = this.visibleRows.findIndex((r) => r.path === row);
    // Scroll only once the new rows are drawn, or the list clamps scrollTop short.
    await this.updateComplete;
    if (i >= 0) this.activate(i);
  }

  /** Where the tree stood when a filter began, to return to when it is cleared. */
  private beforeFilter: { scrollTop: number; active: number } | undefined;

  private get visibleRows(): TreeRow[] {
    return this._matches ?? this._rows;
  }

  override render() {
    const rows = this.visibleRows;
    const first = Math.max(0, Math.floor(this._scrollTop / ROW) - OVERSCAN);
    const last = Math.min(
      rows.length,
      Math.ceil((this._scrollTop + this._height) / ROW) + OVERSCAN,
    );
    const filtering = this._matches !== undefined;
    const active = rows[this._active];
    return html`
      <input
        type="search"
        placeholder="Filter by name, e.g. kernel.h"
        aria-label="Filter files by name"
        .value=${this._filter}
        @input=${this.onFilter}
        @keydown=${(e: KeyboardEvent) => e.key === 'ArrowDown' && this._list.focus()}
      />
      <div
        class="list"
        role="tree"
        tabindex="0"
        aria-label=${filtering ? 'Files matching the filter' : 'Files'}
        aria-activedescendant=${active ? `row-${this._active}` : ''}
        @scroll=${this.onScroll}
        @keydown=${this.onKey}
      >
        <div style=${`height:${rows.length * ROW}px`}></div>
        ${rows.slice(first, last).map((r, k) => this.renderRow(r, first + k, filtering))}
      </div>
      <p class="status" role="status">
        ${
          this._status ||
          (filtering
            ? `${rows.length} match${rows.length === 1 ? '' : 'es'}`
            : !this.state
              ? 'Starting the machine…'
              : `${rows.length} shown`)
        }
      </p>
    `;
  }

  private renderRow(r: TreeRow, i: number, flat: boolean) {
    const dir = r.entry.kind === 'directory';
    const classes = `row${i === this._active ? ' active' : ''}${r.path === this.selected ? ' open' : ''}`;
    return html`<div
      class=${classes}
      id=${`row-${i}`}
      role="treeitem"
      aria-level=${flat ? 1 : r.depth + 1}
      aria-expanded=${dir && !flat ? String(r.expanded) : 'undefined'}
      aria-selected=${String(r.path === this.selected)}
      data-path=${r.path}
      style=${`top:${i * ROW}px;padding-left:${(flat ? 0 : r.depth) * 14 + 6}px`}
      @click=${() => this.activateAndOpen(i)}
    >
      <span class="twisty" aria-hidden="true">${dir ? (r.expanded ? '▾' : '▸') : ''}</span>
      <span class="name ${dir ? 'dir' : ''} ${flat ? 'flat' : ''}" title=${flat ? r.path : ''}
        ><span class="base">${r.name}${r.entry.kind === 'symlink' ? ' →' : ''}</span>${
          flat ? elidedWhere(parentOf(r.path)) : ''
        }</span
      >
      <span class="size">${dir ? '' : formatSize(r.entry.size)}</span>
    </div>`;
  }

  private onScroll(): void {
    this._scrollTop = this._list.scrollTop;
  }

  private async onFilter(e: Event): Promise<void> {
    this._filter = (e.target as HTMLInputElement).value;
    await this.applyFilter(this._filter);
  }

  private async applyFilter(filter: string): Promise<void> {
    const q = filter.trim().toLowerCase();
    if (!q || !this.machine) {
      this._matches = undefined;
      this._status = '';
      // Back to the tree as the user left it: the same folders open, the same place.
      const back = this.beforeFilter;
      this.beforeFilter = undefined;
      if (back) {
        this._active = back.active;
        await this.updateComplete;
        this._list.scrollTop = this._scrollTop = back.scrollTop;
      }
      return;
    }
    this.beforeFilter ??= { scrollTop: this._list.scrollTop, active: this._active };
    if (!this.index) {
      this._status = 'Reading the whole tree…';
      this.index = walkAll(this.machine);
    }
    const all = await this.index;
    if (this._filter.trim().toLowerCase() !== q) return;
    const inPath = q.includes('/');
    this._matches = all.filter(
      (r) => r.entry.kind !== 'directory' && (inPath ? r.path : r.name).toLowerCase().includes(q),
    );
    this._status = '';
    this._active = 0;
    this._list.scrollTop = 0;
  }

  private activate(i: number): void {
    const rows = this.visibleRows;
    if (!rows.length) return;
    this._active = Math.max(0, Math.min(rows.length - 1, i));
    const top = this._active * ROW;
    const list = this._list;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + ROW > list.scrollTop + list.clientHeight)
      list.scrollTop = top + ROW - list.clientHeight;
    this._scrollTop = list.scrollTop;
  }

  private async activateAndOpen(i: number): Promise<void> {
    this.activate(i);
    await this.openRow(this.visibleRows[i]);
  }

  private async openRow(r: TreeRow | undefined): Promise<void> {
    if (!r || !this.model) return;
    if (r.entry.kind === 'directory') {
      if (this._matches) return;
      if (r.expanded) this.model.collapse(r.path);
      else await this.model.expand(r.path);
      this._rows = this.model.rows();
      return;
    }
    this.dispatchEvent(
      new CustomEvent('kh-open-file', {
        detail: { path: r.path, size: r.entry.size },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private async onKey(e: KeyboardEvent): Promise<void> {
    const rows = this.visibleRows;
    const r = rows[this._active];
    const page = Math.max(1, Math.floor(this._list.clientHeight / ROW) - 1);
    const moves: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: page,
      PageUp: -page,
    };
    let open = false;
    if (e.key in moves) this.activate(this._active + moves[e.key]);
    else if (e.key === 'Home') this.activate(0);
    else if (e.key === 'End') this.activate(rows.length - 1);
    else if (e.key === 'Enter' || e.key === ' ') open = true;
    else if (e.key === 'ArrowRight' && r?.entry.kind === 'directory' && !r.expanded) open = true;
    else if (e.key === 'ArrowLeft' && r && !this._matches) {
      if (r.expanded) open = true;
      else this.activate(rows.findIndex((x) => x.path === parentOf(r.path)));
    } else return;
    // Taken before any await, so the page's own keys (a lesson's step keys) see it.
    e.preventDefault();
    if (open) await this.openRow(r);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-file-browser': KhFileBrowser;
  }
  interface HTMLElementEventMap {
    'kh-open-file': OpenFileEvent;
  }
}

/**
 * A match's folder with its middle elided by CSS when the row is narrow:
 * the head shrinks, the last three folders (what tells eleven sched.h
 * apart: include/linux, include/uapi/linux, arch/x86/include/asm) stay.
 */
function elidedWhere(dir: string) {
  const parts = dir.split('/');
  const keep = Math.min(3, parts.length - 1);
  const head = parts.slice(0, parts.length - keep).join('/');
  const tail = parts.slice(parts.length - keep).join('/');
  return html`<span class="where"
    ><span class="head">${head}/</span><span class="tail">${tail}</span></span
  >`;
}
