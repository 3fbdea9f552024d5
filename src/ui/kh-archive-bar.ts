import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type {
  ArchiveSource,
  ArchiveSummary,
  LoadProgress,
  MachineApi,
  MachineState,
} from '../shared/worker-api';
import { formatSize } from './format';
import './kh-load-progress';

/** What taking an archive in needs of the machine. */
export type ArchiveMachine = Pick<MachineApi, 'loadArchive' | 'getState'>;

/** An archive was mounted: the machine's state after it, its mount, and the user's file name if it came from disk. */
export type ArchiveMountedEvent = CustomEvent<{
  state: MachineState;
  mount: string | undefined;
  ownFile?: string;
}>;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Taking archives in: the file picker, an address to stream from, a file
 * dropped anywhere on the app, the progress while it decodes, and what went
 * wrong in words. Children in the default slot end the line (the app's own
 * buttons); the `notices` slot opens the status line under it, which holds
 * the archive's progress or summary and keeps its height while empty.
 */
@customElement('kh-archive-bar')
export class KhArchiveBar extends LitElement {
  static override styles = css`
    .archive-line {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
    }
    .file-button {
      display: inline-block;
      border: 1px solid var(--kh-border);
      background: var(--kh-surface);
      border-radius: 6px;
      padding: 0.15rem 0.6rem;
      cursor: pointer;
    }
    .file-button:focus-within {
      outline: 2px solid var(--kh-focus);
      outline-offset: 2px;
    }
    .file-button input {
      position: absolute;
      opacity: 0;
      width: 1px;
      height: 1px;
    }
    .url-form {
      display: inline-flex;
      gap: 0.25rem;
    }
    /* In em, with the page's font: at 200% text the box grows with it. */
    .url-form input {
      width: 14em;
      max-width: 50vw;
      font: inherit;
    }
    .url-form button {
      font: inherit;
    }
    .hint,
    .summary {
      color: var(--kh-muted);
      font-size: 0.85rem;
      margin: 0;
    }
    /*
     * Progress, summary and notices go here, each one line: that line is
     * kept while empty, so nothing below moves when one comes or goes.
     */
    .status-line {
      min-height: 1.6rem;
    }
    .error {
      color: var(--kh-error);
      margin: 0.25rem 0 0;
      font-size: 0.9rem;
    }
    .verified {
      color: var(--kh-ok);
    }
    .drop {
      position: fixed;
      inset: 0.5rem;
      display: grid;
      place-items: center;
      border: 3px dashed var(--kh-accent);
      border-radius: 12px;
      background: color-mix(in srgb, var(--kh-bg) 85%, transparent);
      font-size: 1.3rem;
      pointer-events: none;
    }
  `;

  /** The machine the archives go into; until it runs, the line is laid out but inert. */
  @property({ attribute: false }) machine: ArchiveMachine | undefined;
  /** Takes a picked or dropped file that is not an archive (a lesson); true when it did. */
  @property({ attribute: false }) claim: (file: File) => boolean = () => false;

  @state() private _progress: LoadProgress | undefined;
  @state() private _started = 0;
  @state() private _error = '';
  @state() private _archive: ArchiveSummary | undefined;
  @state() private _dragging = false;
  /** Where drops are caught: the tree this bar is in (the whole app). */
  private dropZone: Node | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.dropZone = this.getRootNode();
    this.dropZone.addEventListener('dragover', this.onDragOver as EventListener);
    this.dropZone.addEventListener('dragleave', this.onDragLeave as EventListener);
    this.dropZone.addEventListener('drop', this.onDrop as EventListener);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.dropZone?.removeEventListener('dragover', this.onDragOver as EventListener);
    this.dropZone?.removeEventListener('dragleave', this.onDragLeave as EventListener);
    this.dropZone?.removeEventListener('drop', this.onDrop as EventListener);
  }

  /** Opens the user's own archive (file picker or drop). */
  async openArchive(file: File): Promise<void> {
    await this.mount(
      // The File itself: the worker reads it, nothing is copied on the page.
      async () => ({ kind: 'blob', blob: file, name: file.name }),
      file.name,
      file.size,
      'Try a kheaders.tar.xz copied from a device (/sys/kernel/kheaders.tar.xz after modprobe kheaders)',
      file.name,
    );
  }

  /** Mounts a file of the machine as a browsable archive view, e.g. /sys/kernel/kheaders.tar.xz. */
  browse(path: string): Promise<void> {
    const name = path.split('/').pop() || path;
    return this.mount(
      async () => ({ kind: 'path', path, name }),
      path,
      0,
      'Check that the file is still there (ls -l in the terminal)',
    );
  }

  /** Loads an archive into the machine and mounts it; errors say what to try. */
  private async mount(
    source: () => Promise<ArchiveSource>,
    label: string,
    totalIn: number,
    tryNext: string,
    ownFile?: string,
  ): Promise<void> {
    const machine = this.machine;
    if (!machine) return;
    this._error = '';
    this._archive = undefined;
    this._started = performance.now();
    this._progress = { phase: 'download', bytesIn: 0, totalIn, bytesOut: 0 };
    try {
      this._archive = await machine.loadArchive(await source(), (p) => (this._progress = p));
      const state = await machine.getState();
      const mount = state.mounts[state.mounts.length - 1]?.path;
      const detail = { state, mount, ...(ownFile ? { ownFile } : {}) };
      this.dispatchEvent(new CustomEvent('kh-archive-mounted', { detail, bubbles: true }));
    } catch (err) {
      this._progress = undefined;
      this._error = `${label} could not be opened: ${message(err)}. ${tryNext}; what you had loaded is still there.`;
    }
  }

  /** Streams an archive from a URL through the machine's decoder, with progress. */
  private onOpenUrl(e: SubmitEvent): void {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem('url') as HTMLInputElement;
    const url = input.value.trim();
    if (!url) return;
    const name = decodeURIComponent(
      new URL(url, location.href).pathname.split('/').pop() || 'archive',
    );
    void this.mount(
      async () => ({ kind: 'url', url, name }),
      url,
      0,
      'Check the address; a server on another site must allow cross-origin reads (CORS), or download the file and open it from disk',
    );
  }

  private onPick(e: Event): void {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file && !this.claim(file)) void this.openArchive(file);
  }

  private readonly onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    this._dragging = true;
  };

  /** Only leaving the window ends the drag: moving between the app's parts does not. */
  private readonly onDragLeave = (e: DragEvent) => {
    if (e.relatedTarget === null) this._dragging = false;
  };

  private readonly onDrop = (e: DragEvent) => {
    e.preventDefault();
    this._dragging = false;
    const file = e.dataTransfer?.files[0];
    if (file && !this.claim(file)) void this.openArchive(file);
  };

  private status() {
    const a = this._archive;
    if (this._error) return html`<p class="error" role="alert">${this._error}</p>`;
    if (a)
      return html`<p class="summary" role="status">
        ${a.name}: ${formatSize(a.compressedBytes)} → ${formatSize(a.decodedBytes)},
        <span class=${a.verified ? 'verified' : ''}>${a.verification}</span>
      </p>`;
    return this._progress
      ? html`<kh-load-progress
          .progress=${this._progress}
          .startedAt=${this._started}
        ></kh-load-progress>`
      : '';
  }

  override render() {
    const idle = !this.machine;
    return html`<div class="archive-line">
        <label class="file-button" ?inert=${idle}
          >Open your own kheaders.tar.xz…<input
            type="file"
            accept=".xz,.txz,.tar,.tgz,.gz,.md,application/x-xz,application/gzip,application/x-tar"
            @change=${this.onPick}
        /></label>
        <span class="hint">or drop it (or a lesson .md) on the page</span>
        <form class="url-form" ?inert=${idle} @submit=${this.onOpenUrl}>
          <input
            type="url"
            name="url"
            required
            placeholder="https://…/kheaders.tar.xz"
            aria-label="Open an archive from a URL"
          />
          <button type="submit">Open URL</button>
        </form>
        <slot></slot>
      </div>
      <div class="status-line"><slot name="notices"></slot>${this.status()}</div>
      ${
        this._dragging
          ? html`<div class="drop" aria-hidden="true">
              Drop an .xz archive, or a lesson (.md), to open it
            </div>`
          : ''
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-archive-bar': KhArchiveBar;
  }
  interface HTMLElementEventMap {
    'kh-archive-mounted': ArchiveMountedEvent;
  }
}
