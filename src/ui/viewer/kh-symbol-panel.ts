/**
 * Beside the file tree: a symbol search over the tree of the file on
 * screen, the definitions and references of an identifier clicked in the
 * viewer, and what the other kernel's tree says of the same file: which
 * #if blocks its config compiles differently (those inside the struct just
 * opened first) and the file's diff. Every place is a `kh-goto` link.
 */
import { formControl } from '../common-styles';
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type {
  ConditionalInfo,
  MachineApi,
  SymbolDefinition,
  SymbolReference,
} from '../../shared/worker-api';
import './kh-diff-view';
import './kh-tree-diff';
import { recordExtent, treeRoot } from './tree-paths';

export type GotoEvent = CustomEvent<{ path: string; line: number }>;
export type CompiledEvent = CustomEvent<
  { path: string } & Pick<ConditionalInfo, 'lines' | 'branches'>
>;

/** What the panel asks of the machine: the identifier index, #if marking, diffs. */
export const SYMBOL_CALLS = [
  'searchSymbols',
  'findDefinitions',
  'findReferences',
  'conditionals',
  'diffFiles',
  'diffTrees',
  'readDir',
] as const;
type Machine = Pick<MachineApi, (typeof SYMBOL_CALLS)[number]>;

interface Moved {
  line: number;
  directive: string;
  here: string;
  there: string;
  inRecord: boolean;
}

/** Definitions first that a reader wants: a body over a prototype. */
const RANK: Record<string, number> = {
  struct: 0,
  union: 0,
  enum: 0,
  typedef: 1,
  function: 1,
  macro: 2,
};
const rank = (d: SymbolDefinition) => RANK[d.kind] ?? 3;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

@customElement('kh-symbol-panel')
export class KhSymbolPanel extends LitElement {
  static override styles = css`
    :host {
      display: block;
      font-size: 0.85rem;
    }
    input,
    select,
    button {
      ${formControl}
      padding: 0.15rem 0.35rem;
    }
    input[type='search'] {
      width: 100%;
      box-sizing: border-box;
    }
    ul {
      list-style: none;
      margin: 0.25rem 0;
      padding: 0;
      max-height: 14rem;
      overflow: auto;
    }
    li a {
      font-family: ui-monospace, monospace;
      overflow-wrap: anywhere;
    }
    .kind,
    .muted {
      color: var(--kh-muted);
    }
    h3 {
      font-size: 0.85rem;
      margin: 0.5rem 0 0.2rem;
    }
    .error {
      color: var(--kh-error);
    }
  `;

  @property({ attribute: false }) machine: Machine | undefined;
  /** The file on screen; its tree is the one searched. */
  @property() path = '';
  /** The file's bytes as the viewer has them (to find a struct's extent). */
  @property({ attribute: false }) bytes: Uint8Array | undefined;

  @state() private _results: SymbolDefinition[] = [];
  @state() private _symbol: { name: string; root: string; defs: SymbolDefinition[] } | undefined;
  @state() private _refs: SymbolReference[] | undefined;
  @state() private _error = '';
  @state() private _trees: string[] = [];
  @state() private _other = '';
  @state() private _marking: 'here' | 'other' = 'here';
  @state() private _moved: Moved[] = [];
  @state() private _status = '';
  private _compared = '';

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('path') && treeRoot(this.path) !== treeRoot(String(changed.get('path') ?? '')))
      void this.findTrees();
    if (
      changed.has('path') ||
      changed.has('_other') ||
      changed.has('_marking') ||
      changed.has('bytes')
    )
      void this.compare();
  }

  /** An identifier clicked in the viewer: its definitions, and the best one opened. */
  async open(name: string, from: string): Promise<void> {
    if (!this.machine || !treeRoot(from)) return;
    this._refs = undefined;
    this._error = '';
    try {
      const a = await this.machine.findDefinitions(from, name);
      const defs = [...a.results].sort((x, y) => rank(x) - rank(y));
      this._symbol = { name, root: a.root, defs };
      if (!defs.length) this._error = `No definition of ${name} in ${a.root}.`;
      else this.goto(`${a.root}/${defs[0]!.path}`, defs[0]!.line);
    } catch (err) {
      this._error = message(err);
    }
  }

  private async search(query: string): Promise<void> {
    if (!this.machine || !query || !treeRoot(this.path)) return void (this._results = []);
    this._status = 'Searching (the first search indexes the tree)…';
    try {
      const a = await this.machine.searchSymbols(this.path, query, 30);
      this._results = a.results.map((d) => ({ ...d, path: `${a.root}/${d.path}` }));
      this._status = a.results.length ? '' : `No symbol contains “${query}”.`;
    } catch (err) {
      this._status = message(err);
    }
  }

  private async references(): Promise<void> {
    const s = this._symbol;
    if (!s || !this.machine) return;
    const a = await this.machine.findReferences(`${s.root}/include`, s.name, 200);
    this._refs = a.results.map((r) => ({ ...r, path: `${a.root}/${r.path}` }));
  }

  /** Other header trees on the machine (extracted or mounted), to compare with. */
  private async findTrees(): Promise<void> {
    const root = treeRoot(this.path);
    if (!this.machine || !root) return;
    const found: string[] = [];
    for (const top of ['/tmp', '/mnt']) {
      const dirs = await this.machine.readDir(top).catch(() => []);
      for (const d of dirs) {
        const dir = `${top}/${d.name}`;
        if (d.kind !== 'directory' || dir === root) continue;
        const gen = await this.machine.readDir(`${dir}/include/generated`).catch(() => []);
        if (gen.some((e) => e.name === 'autoconf.h')) found.push(dir);
      }
    }
    this._trees = found;
    if (!found.includes(this._other)) this._other = found[0] ?? '';
  }

  /** This file under this tree's config and the other tree's: marking, moved blocks, diff. */
  private async compare(): Promise<void> {
    const root = treeRoot(this.path);
    const path = this.path;
    if (!this.machine || !root || !path.endsWith('.h')) return;
    const key = `${path}|${this._other}|${this._marking}|${this.bytes?.length}`;
    if (key === this._compared) return;
    this._compared = key;
    const here = await this.machine.conditionals(path).catch(() => undefined);
    const otherPath = this._other ? this._other + path.slice(root.length) : '';
    const there = otherPath
      ? await this.machine.conditionals(otherPath).catch(() => undefined)
      : undefined;
    if (this.path !== path) return;
    const shown = this._marking === 'other' && there ? there : here;
    const detail = { path, lines: shown?.lines ?? [], branches: shown?.branches ?? [] };
    this.dispatchEvent(new CustomEvent('kh-compiled', { detail, bubbles: true, composed: true }));
    const def = this._symbol?.defs[0];
    const extent =
      def && `${this._symbol!.root}/${def.path}` === path && this.bytes
        ? recordExtent(new TextDecoder().decode(this.bytes), def.line)
        : undefined;
    const theirs = new Map(there?.branches.map((b) => [b.line, b.state]) ?? []);
    this._moved = (here?.branches ?? [])
      .filter((b) => theirs.has(b.line) && theirs.get(b.line) !== b.state)
      .map((b) => ({
        line: b.line,
        directive: b.directive,
        here: b.state,
        there: theirs.get(b.line)!,
        inRecord: !!extent && b.line > extent.from && b.line < extent.to,
      }))
      .sort((a, b) => Number(b.inRecord) - Number(a.inRecord) || a.line - b.line);
  }

  private goto(path: string, line: number): void {
    this.dispatchEvent(
      new CustomEvent('kh-goto', { detail: { path, line }, bubbles: true, composed: true }),
    );
  }

  private link(path: string, line: number, text: string) {
    return html`<a
      href="#"
      @click=${(e: Event) => {
        e.preventDefault();
        this.goto(path, line);
      }}
      >${text}</a
    >`;
  }

  override render() {
    const root = treeRoot(this.path);
    const s = this._symbol;
    const def = s?.defs[0];
    const record = def && /^(struct|union)$/.test(def.kind) ? `${def.kind} ${s.name}` : '';
    const otherPath = root && this._other ? this._other + this.path.slice(root.length) : '';
    return html`
      <input
        type="search"
        aria-label="Find a symbol in this tree"
        placeholder=${root ? 'Symbol, e.g. task_struct' : 'Open a header to search its tree'}
        ?disabled=${!root}
        @change=${(e: Event) => void this.search((e.target as HTMLInputElement).value.trim())}
      />
      ${this._status ? html`<p class="muted" role="status">${this._status}</p>` : ''}
      ${
        this._results.length
          ? html`<ul class="results" aria-label="Symbols found">
              ${this._results.map(
                (d) =>
                  html`<li>
                    <span class="kind">${d.kind}</span>
                    ${this.link(d.path, d.line, `${d.name}  ${d.path.slice((root?.length ?? 0) + 1)}:${d.line}`)}
                  </li>`,
              )}
            </ul>`
          : ''
      }
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
      ${
        s && s.defs.length
          ? html`<h3>${s.name}: ${s.defs.length} definition${s.defs.length > 1 ? 's' : ''}</h3>
              <ul class="defs" aria-label="Definitions of ${s.name}">
                ${s.defs.map(
                  (d) =>
                    html`<li>
                      <span class="kind">${d.kind}</span>
                      ${this.link(`${s.root}/${d.path}`, d.line, `${d.path}:${d.line}`)}
                    </li>`,
                )}
              </ul>
              <button type="button" @click=${this.references}>References</button>
              ${
                this._refs
                  ? html`<ul class="refs" aria-label="References to ${s.name}">
                      ${this._refs.map(
                        (r) =>
                          html`<li>
                            ${this.link(r.path, r.line, `${r.path.slice(s.root.length + 1)}:${r.line}`)}
                            <span class="muted">${r.text.trim()}</span>
                          </li>`,
                      )}
                    </ul>`
                  : ''
              }`
          : ''
      }
      ${
        this._trees.length && root
          ? html`<h3>Another kernel</h3>
              <label
                >Compare with
                <select
                  aria-label="Other tree"
                  @change=${(e: Event) => (this._other = (e.target as HTMLSelectElement).value)}
                >
                  ${this._trees.map((t) => html`<option ?selected=${t === this._other}>${t}</option>`)}
                </select></label
              >
              <label
                ><input
                  type="checkbox"
                  .checked=${this._marking === 'other'}
                  @change=${(e: Event) => (this._marking = (e.target as HTMLInputElement).checked ? 'other' : 'here')}
                />
                mark blocks by its config</label
              >
              <p class="moved-count" role="status">
                ${this._moved.length} #if block${this._moved.length === 1 ? '' : 's'} of this file
                compiled differently
                there${
                  record
                    ? html`, ${this._moved.filter((m) => m.inRecord).length} inside ${record}`
                    : ''
                }
              </p>
              <ul class="moved" aria-label="Blocks compiled differently">
                ${this._moved.map(
                  (m) =>
                    html`<li>
                      ${this.link(this.path, m.line, `L${m.line} ${m.directive}`)}
                      <span class="muted"
                        >${m.here} here, ${m.there}
                        there${m.inRecord ? ` (in ${record})` : ''}</span
                      >
                    </li>`,
                )}
              </ul>
              <kh-diff-view .machine=${this.machine} .a=${this.path} .b=${otherPath}></kh-diff-view>
              <kh-tree-diff .machine=${this.machine} .a=${root} .b=${this._other}></kh-tree-diff>`
          : ''
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-symbol-panel': KhSymbolPanel;
  }
  interface HTMLElementEventMap {
    'kh-goto': GotoEvent;
    'kh-compiled': CompiledEvent;
  }
}
