import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { ArchiveSource, ArchiveSummary, LoadProgress } from '../shared/worker-api';
import { formatSize } from './format';
import './kh-load-progress';
import { MachineClient } from './machine-client';

/** The demo archive, relative to the page so the site works from any sub-path. */
const DEMO_URL = new URL('kernel/kheaders.tar.xz', document.baseURI).href;

/** The playground's top level: loads the demo archive into the machine. */
@customElement('kh-app')
export class KhApp extends LitElement {
  static override styles = css`
    :host {
      display: block;
      max-width: 60rem;
      margin: 0 auto;
      padding: 1rem;
      font:
        1rem/1.5 system-ui,
        sans-serif;
    }
    .summary dt {
      font-weight: 600;
    }
    .error {
      color: var(--kh-error, #b00020);
      white-space: pre-wrap;
    }
    .verified {
      color: var(--kh-ok, #1b6e20);
    }
  `;

  private readonly client = new MachineClient();
  @state() private _progress: LoadProgress | undefined;
  @state() private _startedAt = 0;
  @state() private _summary: ArchiveSummary | undefined;
  @state() private _error: string | undefined;
  @state() private _busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load({ kind: 'url', url: DEMO_URL, name: 'kheaders.tar.xz (demo)' });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.client.terminate();
  }

  private async load(source: ArchiveSource): Promise<void> {
    this._busy = true;
    this._error = undefined;
    this._startedAt = performance.now();
    this._progress = undefined;
    try {
      this._summary = await this.client.loadArchive(source, (p) => (this._progress = p));
    } catch (err) {
      this._error = err instanceof Error ? err.message : String(err);
    } finally {
      this._busy = false;
    }
  }

  private async onFile(e: Event): Promise<void> {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    await this.load({
      kind: 'bytes',
      bytes: new Uint8Array(await file.arrayBuffer()),
      name: file.name,
    });
  }

  override render() {
    const s = this._summary;
    return html`
      <h1>kheaders playground</h1>
      <p>
        The kernel's own headers, as <code>CONFIG_IKHEADERS</code> embeds them in
        <code>kheaders.ko</code>, decoded here by the kernel's own xz decoder compiled to
        WebAssembly.
      </p>
      <p>
        <label
          >Open an .xz file
          <input type="file" accept=".xz,.txz" ?disabled=${this._busy} @change=${this.onFile}
        /></label>
      </p>
      <kh-load-progress
        .progress=${this._progress}
        .startedAt=${this._startedAt}
      ></kh-load-progress>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
      ${
        s
          ? html`<dl class="summary" aria-label="archive">
              <dt>Archive</dt>
              <dd>${s.name}</dd>
              <dt>Size</dt>
              <dd>
                ${formatSize(s.compressedBytes)} compressed → ${formatSize(s.decodedBytes)}
                (${s.decodedBytes} bytes)
              </dd>
              <dt>Integrity</dt>
              <dd class=${s.verified ? 'verified' : ''}>
                ${s.checks.join(', ')}: ${s.verification}
              </dd>
              <dt>Decoded in</dt>
              <dd>${s.elapsedMs} ms</dd>
            </dl>`
          : ''
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-app': KhApp;
  }
}
