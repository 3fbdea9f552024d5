import { LitElement, html, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { IncludeTarget } from './c-tokenizer';
import { codeHtml, hexDump, searchLines, sniff } from './code-html';
import { clearMarks, markLines } from './search-marks';
import { codeStyles } from './code-styles';
import { formatSize } from '../format';
import type { CompiledState, ConditionalBranchInfo } from '../../shared/worker-api';
import { compiledStyles, markCompiled, type OpenSymbolEvent } from './compiled-marks';
import { fileViewerStyles } from './file-viewer-styles';

export type SelectLinesEvent = CustomEvent<{ from: number; to: number } | null>;
export type OpenIncludeEvent = CustomEvent<{ target: IncludeTarget; from: string }>;
export type DownloadEvent = CustomEvent<{ path: string }>;
export type BrowseArchiveEvent = CustomEvent<{ path: string }>;

const HEX_LIMIT = 64 * 1024;

/**
 * One file of the machine: highlighted C with line numbers, a line range
 * the URL remembers, search, `#include` links; other bytes as hex.
 */
@customElement('kh-file-viewer')
export class KhFileViewer extends LitElement {
  static override styles = [codeStyles, compiledStyles, fileViewerStyles];

  /** Absolute path of the file shown. */
  @property() path = '';

  /** The bytes read (maybe only the start of the file; see size). */
  @property({ attribute: false }) bytes: Uint8Array | undefined;

  /** The file's full size, to tell a partial read from a whole one. */
  @property({ type: Number }) size = 0;

  /** First selected line (1-based), 0 for none. */
  @property({ type: Number }) from = 0;

  /** Last selected line, inclusive. */
  @property({ type: Number }) to = 0;

  /** Each line compiled in, out or unknown under a tree's config (#if marking), if known. */
  @property({ attribute: false }) compiled: CompiledState[] | undefined;

  /** The #if branches behind `compiled`, for the directive lines' titles. */
  @property({ attribute: false }) branches: ConditionalBranchInfo[] | undefined;

  /** Why the file could not be shown, in words. */
  @property() error = '';

  @state() private _query = '';
  @state() private _hits: number[] = [];
  @state() private _hit = -1;
  @query('.code') private _code: HTMLElement | undefined;

  private text = '';
  private kind: ReturnType<typeof sniff> = 'text';
  private rendered: { html: string; lines: number } | undefined;
  /** What the search marks on screen were made for. */
  private marked: { code: HTMLElement; rendered: object; query: string } | undefined;
  private anchor = 0;
  private scrollPending = false;

  override willUpdate(changed: PropertyValues): void {
    if (changed.has('bytes')) {
      const b = this.bytes;
      this.kind = b ? sniff(b) : 'text';
      this.text = b && this.kind === 'text' ? new TextDecoder().decode(b) : '';
      this._hits = searchLines(this.text, this._query);
      this._hit = -1;
      // Tokenised once per file; a search only moves the marks (see updated()).
      this.rendered = b && this.kind === 'text' ? codeHtml(this.text) : undefined;
      this.scrollPending = true;
    }
  }

  /** Puts the search marks on the lines that match, unless they are there already. */
  private mark(code: HTMLElement): void {
    const m = this.marked;
    const rendered = this.rendered;
    if (!rendered) return;
    if (m && m.code === code && m.rendered === rendered && m.query === this._query) return;
    clearMarks(code);
    markLines(code, this._hits, this._query);
    this.marked = { code, rendered, query: this._query };
  }

  override updated(changed: PropertyValues): void {
    const code = this._code;
    if (!code) return;
    this.mark(code);
    for (const el of code.querySelectorAll('.l.sel, .l.hit, .l.current'))
      el.classList.remove('sel', 'hit', 'current');
    if (this.from) {
      for (let n = this.from; n <= (this.to || this.from); n++)
        code.querySelector(`#L${n}`)?.classList.add('sel');
    }
    for (const n of this._hits) code.querySelector(`#L${n}`)?.classList.add('hit');
    const current = this._hits[this._hit];
    if (current) code.querySelector(`#L${current}`)?.classList.add('current');
    if (changed.has('compiled') || changed.has('bytes') || changed.has('_query'))
      markCompiled(code, this.compiled, this.branches);
    if (this.scrollPending || changed.has('from')) {
      this.scrollPending = false;
      const line = this.from ? code.querySelector(`#L${this.from}`) : null;
      if (line) line.scrollIntoView({ block: 'center' });
      else if (changed.has('bytes')) code.scrollTop = 0;
    }
  }

  override render() {
    if (this.error)
      return html`${this.toolbar()}
        <p class="notice error" role="alert">${this.error}</p>`;
    if (!this.path)
      return html`<p class="empty">
        Pick a file in the tree, or an <code>#include</code> in a header, to read it here.
      </p>`;
    if (!this.bytes)
      return html`${this.toolbar()}
        <p class="empty">Reading…</p>`;
    const partial = this.bytes.length < this.size;
    if (this.kind !== 'text') {
      const what =
        this.kind === 'xz'
          ? 'an xz archive: browse it here, extract it in the terminal with tar -xf, or download it'
          : this.kind === 'gzip'
            ? 'gzip data: browse it here or read it in the terminal with zcat'
            : 'binary data';
      const browsable = this.kind === 'xz' || this.kind === 'gzip';
      const shown = Math.min(this.bytes.length, HEX_LIMIT);
      return html`${this.toolbar()}
        <p class="notice" role="status">
          This file is ${what}. The first ${formatSize(shown)} of ${formatSize(this.size)} are shown
          as hex.
          ${
            browsable
              ? html`<button class="browse" @click=${this.browseArchive}>
                  Browse this archive
                </button>`
              : ''
          }
        </p>
        <pre class="code hex" tabindex="0" aria-label="Hex dump">
${hexDump(this.bytes, HEX_LIMIT)}</pre>`;
    }
    return html`${this.toolbar()}
      ${
        partial
          ? html`<p class="notice" role="status">
              A large file: the first ${formatSize(this.bytes.length)} of ${formatSize(this.size)}
              are shown. Download it for the rest.
            </p>`
          : ''
      }
      <div
        class="code"
        tabindex="0"
        role="region"
        aria-label=${`Contents of ${this.path}`}
        @click=${this.onCodeClick}
      >
        ${unsafeHTML(this.rendered?.html ?? '')}
      </div>`;
  }

  private toolbar() {
    const lines = this.rendered?.lines;
    return html`<div class="bar">
      <span class="path">${this.path}</span>
      <span class="meta"
        >${this.bytes ? formatSize(this.size || this.bytes.length) : ''}${
          lines ? ` · ${lines} lines` : ''
        }</span
      >
      ${
        this.kind === 'text' && this.bytes
          ? html`<input
                type="search"
                aria-label="Search in file"
                placeholder="Search"
                .value=${this._query}
                @input=${(e: Event) => this.search((e.target as HTMLInputElement).value)}
                @keydown=${this.onSearchKey}
              /><span class="count" aria-live="polite"
                >${
                  this._query
                    ? this._hits.length
                      ? `${this._hit + 1 || '–'}/${this._hits.length}`
                      : 'no match'
                    : ''
                }</span
              >
              <input
                class="lines"
                aria-label="Select lines, e.g. 10-20"
                placeholder="Lines"
                .value=${this.from ? (this.to > this.from ? `${this.from}-${this.to}` : `${this.from}`) : ''}
                @change=${this.onLinesInput}
              />`
          : ''
      }
      ${
        this.path && !this.error
          ? html`<button type="button" @click=${this.download}>Download</button>`
          : ''
      }
    </div>`;
  }

  private search(q: string): void {
    this._query = q;
    this._hits = searchLines(this.text, q);
    this._hit = this._hits.length ? 0 : -1;
    void this.updateComplete.then(() => this.scrollToHit());
  }

  private onSearchKey(e: KeyboardEvent): void {
    if (e.key !== 'Enter' || !this._hits.length) return;
    const n = this._hits.length;
    this._hit = (this._hit + (e.shiftKey ? n - 1 : 1)) % n;
    void this.updateComplete.then(() => this.scrollToHit());
  }

  private scrollToHit(): void {
    const n = this._hits[this._hit];
    if (n) this._code?.querySelector(`#L${n}`)?.scrollIntoView({ block: 'center' });
  }

  private onLinesInput(e: Event): void {
    const m = /^\s*L?(\d+)\s*(?:[-–:]\s*L?(\d+))?\s*$/.exec((e.target as HTMLInputElement).value);
    if (!m) return this.select(null);
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    this.select({ from: Math.min(a, b), to: Math.max(a, b) });
  }

  private onCodeClick(e: MouseEvent): void {
    const target = e.target as HTMLElement;
    const inc = target.closest<HTMLElement>('.inc');
    if (inc) {
      e.preventDefault();
      const detail = {
        target: { name: inc.dataset.inc ?? '', local: inc.dataset.local === '1' },
        from: this.path,
      };
      this.dispatchEvent(
        new CustomEvent('kh-open-include', { detail, bubbles: true, composed: true }),
      );
      return;
    }
    const sym = target.closest<HTMLElement>('.sym');
    if (sym && !getSelection()?.toString()) {
      const line = Number(sym.closest<HTMLElement>('.l')?.id.slice(1));
      const detail = { name: sym.dataset.sym ?? '', from: this.path, line };
      this.dispatchEvent(
        new CustomEvent('kh-open-symbol', { detail, bubbles: true, composed: true }),
      );
      return;
    }
    const num = target.closest<HTMLElement>('.n');
    if (!num) return;
    const n = Number(num.dataset.n);
    if (e.shiftKey && this.anchor) {
      this.select({ from: Math.min(this.anchor, n), to: Math.max(this.anchor, n) });
    } else if (this.from === n && this.to === n) {
      this.anchor = 0;
      this.select(null);
    } else {
      this.anchor = n;
      this.select({ from: n, to: n });
    }
  }

  private select(range: { from: number; to: number } | null): void {
    this.dispatchEvent(
      new CustomEvent('kh-select-lines', { detail: range, bubbles: true, composed: true }),
    );
  }

  /** Asks for this file to be mounted as an archive view (the machine decodes it). */
  private browseArchive(): void {
    this.dispatchEvent(
      new CustomEvent('kh-browse-archive', {
        detail: { path: this.path },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private download(): void {
    this.dispatchEvent(
      new CustomEvent('kh-download', {
        detail: { path: this.path },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-file-viewer': KhFileViewer;
  }
  interface HTMLElementEventMap {
    'kh-select-lines': SelectLinesEvent;
    'kh-open-include': OpenIncludeEvent;
    'kh-download': DownloadEvent;
    'kh-browse-archive': BrowseArchiveEvent;
    'kh-open-symbol': OpenSymbolEvent;
  }
}
