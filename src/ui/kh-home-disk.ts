import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { DiskStatus, MachineApi } from '../shared/worker-api';
import { smallButton } from './common-styles';
import { formatSize } from './format';

/** The calls this element makes: the disk's, nothing else. */
export type DiskMachine = Pick<
  MachineApi,
  'diskStatus' | 'exportHome' | 'importHome' | 'resetDisk'
>;

/** The disk's state changed here (a restore, a reset): the app may refresh its views. */
export type DiskChangedEvent = CustomEvent<DiskStatus>;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The disk behind ~ (/root and /home): one line that says, once, what a
 * reload did (a reboot: /tmp empty, ~ kept) or that nothing is kept here;
 * and, under "Your files", taking ~ away as a .tar.gz, bringing one back
 * (picked or dropped), and resetting the machine after a yes.
 */
@customElement('kh-home-disk')
export class KhHomeDisk extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
      font-size: 0.85rem;
    }
    button {
      font: inherit;
      ${smallButton}
    }
    button:focus-visible,
    summary:focus-visible {
      outline: 2px solid var(--kh-focus);
      outline-offset: 2px;
    }
    details {
      display: inline-block;
      position: relative;
    }
    summary {
      cursor: pointer;
      ${smallButton}
      list-style: none;
    }
    .panel {
      position: absolute;
      left: 0;
      z-index: 5;
      width: min(22rem, 90vw);
      margin-top: 0.3rem;
      padding: 0.5rem 0.7rem;
      background: var(--kh-surface);
      border: 1px solid var(--kh-border);
      border-radius: 8px;
      display: grid;
      gap: 0.4rem;
    }
    .panel.drop {
      outline: 2px dashed var(--kh-focus);
    }
    p {
      margin: 0;
    }
    .notice {
      display: block;
      margin-top: 0.25rem;
    }
    .warn,
    .error {
      color: var(--kh-error);
    }
  `;

  /** The machine's disk calls; undefined until the machine runs. */
  @property({ attribute: false }) machine: DiskMachine | undefined;

  /** The disk as the machine found it at boot (the app asks once; a restore or reset updates it). */
  @property({ attribute: false }) status: DiskStatus | undefined;

  /** Starts the machine over after a reset: a reload (tests pass their own). */
  @property({ attribute: false }) restart: () => void = () => location.reload();

  /** What the last action said. */
  @state() private _said = '';
  @state() private _error = '';
  @state() private _confirming = false;
  @state() private _noticeShown = true;
  @state() private _dropping = false;

  /** The line said once at boot: what a reload did, or that nothing is kept. */
  private notice() {
    const s = this.status;
    if (!s || !this._noticeShown) return '';
    const dismiss = html`<button type="button" @click=${() => (this._noticeShown = false)}>
      OK
    </button>`;
    if (!s.kept)
      return html`<span class="notice warn" role="status"
        >Nothing you write will be kept after this page closes: ${s.why}. ${dismiss}</span
      >`;
    if (s.rebooted)
      return html`<span class="notice" role="status"
        >rebooted: /tmp is empty; your files in ~ are kept ${dismiss}</span
      >`;
    return '';
  }

  /** What the disk holds now (the panel opens on fresh numbers). */
  private async refresh(): Promise<void> {
    try {
      if (this.machine) this.changed(await this.machine.diskStatus());
    } catch (err) {
      this._error = `The disk could not be read: ${message(err)}`;
    }
  }

  private async download(): Promise<void> {
    if (!this.machine) return;
    this._error = '';
    try {
      const bytes = await this.machine.exportHome();
      const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/gzip' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `home-${new Date().toISOString().slice(0, 10)}.tar.gz`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      this._said = `Downloaded ~ (${formatSize(bytes.length)}).`;
    } catch (err) {
      this._error = `~ could not be packed: ${message(err)}`;
    }
  }

  /** Restores a home archive, picked or dropped. */
  async restore(file: File): Promise<void> {
    if (!this.machine) return;
    this._error = '';
    try {
      const r = await this.machine.importHome(new Uint8Array(await file.arrayBuffer()));
      const left = r.skipped.length
        ? ` Left out (not under root/ or home/): ${r.skipped.length}.`
        : '';
      this._said = `Restored ${r.restored} files from ${file.name}.${left}`;
      this.changed(r);
    } catch (err) {
      this._error = `${file.name} was not restored: ${message(err)}`;
    }
  }

  private async reset(): Promise<void> {
    if (!this.machine) return;
    this._confirming = false;
    try {
      this.changed(await this.machine.resetDisk());
      // A reset machine starts over: a reboot, with /tmp empty too.
      this.restart();
    } catch (err) {
      this._error = `The machine was not reset: ${message(err)}`;
    }
  }

  private changed(s: DiskStatus): void {
    this.status = s;
    this.dispatchEvent(
      new CustomEvent('kh-disk-changed', { detail: s, bubbles: true, composed: true }),
    );
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    this._dropping = false;
    const file = e.dataTransfer?.files[0];
    if (file) void this.restore(file);
  }

  private panel() {
    const s = this.status;
    const kept = s?.kept
      ? html`<p>
          ${s.files.toLocaleString('en-US')} files, ${formatSize(s.bytes)}, kept on this browser's
          disk (size ${formatSize(s.sizeBytes)}).
        </p>`
      : html`<p class="warn">Nothing here is kept: ${s?.why ?? '…'}.</p>`;
    const confirm = this._confirming
      ? html`<p role="alert">
          Empty the disk and restart? Every file in /root and /home goes.
          <button type="button" class="yes" @click=${() => void this.reset()}>Yes, reset</button>
          <button type="button" @click=${() => (this._confirming = false)}>Cancel</button>
        </p>`
      : '';
    return html`<div
      class="panel ${this._dropping ? 'drop' : ''}"
      @dragover=${(e: DragEvent) => (e.preventDefault(), (this._dropping = true))}
      @dragleave=${() => (this._dropping = false)}
      @drop=${this.onDrop}
    >
      ${kept}
      <div>
        <button type="button" class="download" @click=${() => void this.download()}>
          Download ~ as .tar.gz
        </button>
      </div>
      <div>
        <label
          >Restore from a .tar.gz (or drop it here):
          <input
            type="file"
            accept=".tar.gz,.tgz,.tar,application/gzip"
            @change=${(e: Event) => {
              const input = e.target as HTMLInputElement;
              const file = input.files?.[0];
              if (file) void this.restore(file).then(() => (input.value = ''));
            }}
        /></label>
      </div>
      <div>
        <button type="button" class="reset" @click=${() => (this._confirming = true)}>
          Reset the machine…
        </button>
      </div>
      ${confirm} ${this._said ? html`<p role="status">${this._said}</p>` : ''}
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : ''}
    </div>`;
  }

  override render() {
    return html`<details
        @toggle=${(e: Event) => (e.target as HTMLDetailsElement).open && void this.refresh()}
      >
        <summary>Your files (~)</summary>
        ${this.panel()}
      </details>
      ${this.notice()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-home-disk': KhHomeDisk;
  }
  interface HTMLElementEventMap {
    'kh-disk-changed': DiskChangedEvent;
  }
}
