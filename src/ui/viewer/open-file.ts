/**
 * The file on screen: which one, its bytes, the selected lines and what the
 * viewer says about it. Opens files (from the tree, a link, an `#include`),
 * notices when the machine has removed the one shown, and downloads it. A
 * Lit controller: its host re-renders when any of this changes.
 */
import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { MachineApi } from '../../shared/worker-api';
import type { IncludeTarget } from './c-tokenizer';
import { includeCandidates } from './include-resolver';
import type { ShareLink } from '../../share/share-link';
import '../kh-share-button';
import './kh-file-viewer';
import './kh-struct-layout';
import type { CompiledEvent, KhSymbolPanel } from './kh-symbol-panel';
import './kh-symbol-panel';

/** What opening and checking a file needs of the machine. */
export type FileMachine = Pick<MachineApi, 'readFile' | 'readDir'>;

/** Files larger than this are shown from their start only. */
const READ_LIMIT = 1 << 20;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export interface OpenFileHooks {
  /** A view change the user made: a new history entry. */
  pushView(): void;
  /** The file was read: show it in the tree. */
  reveal(path: string): void;
  /** The viewer asks to mount the file shown as an archive. */
  browse(path: string): void;
  /** An identifier in the code was clicked: the symbol panel looks it up. */
  openSymbol(name: string, from: string): void;
}

export class OpenFile implements ReactiveController {
  path = '';
  bytes: Uint8Array | undefined;
  /** The whole file's size (bytes may hold only its start). */
  size = 0;
  /** Why the file could not be read. */
  error = '';
  /** A word above the viewer: the file is gone, an include was not found, a download failed. */
  notice = '';
  from = 0;
  to = 0;
  /** The #if marking the symbol panel chose (this tree's config or another's), for its file. */
  compiled: CompiledEvent['detail'] | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly machine: () => FileMachine,
    private readonly hooks: OpenFileHooks,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  private set(patch: Partial<Pick<OpenFile, 'path' | 'bytes' | 'size' | 'error' | 'notice'>>) {
    Object.assign(this, patch);
    this.host.requestUpdate();
  }

  /** Selects lines (0 for none), without a history entry. */
  lines(from: number, to = from): void {
    this.from = from;
    this.to = to;
    this.host.requestUpdate();
  }

  /** Lines the user selected: a new history entry. */
  select(range: { from: number; to: number } | null): void {
    this.lines(range?.from ?? 0, range?.to ?? 0);
    this.hooks.pushView();
  }

  /** Reads a file into the viewer; failures stay in the viewer, in words. */
  async open(path: string, size?: number, nav: 'push' | 'none' = 'push'): Promise<boolean> {
    const moved = path !== this.path;
    this.set({ notice: '', path, bytes: undefined, error: '' });
    if (nav === 'push' && moved) {
      this.lines(0);
      this.hooks.pushView();
    }
    try {
      const bytes = await this.machine().readFile(path, READ_LIMIT);
      if (this.path !== path) return false;
      this.set({ size: size ?? (await this.sizeOf(path)) ?? bytes.length, bytes });
      this.hooks.reveal(path);
      return true;
    } catch (err) {
      if (this.path === path)
        this.set({
          error: `Could not open ${path}: ${message(err)}. If it came from the module or an extraction, load the module or run the extraction sample, then pick it in the tree.`,
        });
      return false;
    }
  }

  /** A definition, reference or diff line picked: open it there, as a history entry. */
  async goto(path: string, line: number): Promise<void> {
    this.lines(line);
    if (path !== this.path) await this.open(path, undefined, 'none');
    this.hooks.pushView();
  }

  /** The symbol panel beside the tree: its jumps open here, its #if marking shows here. */
  symbolPanel(machine: KhSymbolPanel['machine']) {
    return html`<kh-symbol-panel
      .machine=${machine}
      .path=${this.path}
      .bytes=${this.bytes}
      @kh-goto=${(e: HTMLElementEventMap['kh-goto']) => void this.goto(e.detail.path, e.detail.line)}
      @kh-compiled=${(e: HTMLElementEventMap['kh-compiled']) => {
        this.compiled = e.detail;
        this.host.requestUpdate();
      }}
    ></kh-symbol-panel>`;
  }

  close(): void {
    this.set({ path: '', bytes: undefined, error: '', notice: '' });
  }

  /** After a change (rmmod, rm -r), says so if the file on screen is gone. */
  async check(): Promise<void> {
    const path = this.path;
    if (!path || !this.bytes) return;
    const exists = (await this.sizeOf(path)) !== undefined;
    if (this.path !== path) return;
    const gone = `${path} no longer exists (an unloaded module's file, or a removed one); this is the copy read before.`;
    if (!exists) this.set({ notice: gone });
    else if (this.notice === gone) this.set({ notice: '' });
  }

  /** Follows an `#include` as Kbuild's include path would find it. */
  async include(target: IncludeTarget, from: string): Promise<void> {
    const candidates = includeCandidates(from, target);
    for (const path of candidates) {
      const size = await this.sizeOf(path);
      if (size !== undefined) {
        await this.open(path, size);
        return;
      }
    }
    this.set({
      notice: `${target.name} is not in this tree (looked in ${candidates.length} places, as Kbuild's include path does). It may be generated at build time and so not part of kheaders.`,
    });
  }

  /** Saves the whole file (not just the part shown) through the browser. */
  async download(): Promise<void> {
    const path = this.path;
    try {
      const bytes = await this.machine().readFile(path);
      const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>]));
      const a = document.createElement('a');
      a.href = url;
      a.download = path.slice(path.lastIndexOf('/') + 1);
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      this.set({ notice: `Could not download ${path}: ${message(err)}.` });
    }
  }

  private async sizeOf(path: string): Promise<number | undefined> {
    const dir = path.slice(0, path.lastIndexOf('/')) || '/';
    const name = path.slice(path.lastIndexOf('/') + 1);
    try {
      return (await this.machine().readDir(dir)).find((e) => e.name === name)?.size;
    } catch {
      return undefined;
    }
  }

  /** The viewer's section: its notice, "Copy link to lines", the struct layout and the viewer. */
  view(share: ShareLink & { link: string }) {
    const label =
      this.to > this.from
        ? `Copy link to lines ${this.from}–${this.to}`
        : `Copy link to line ${this.from}`;
    return html`${this.notice ? html`<p class="error" role="alert">${this.notice}</p>` : ''}
      ${
        this.path && this.from
          ? html`<kh-share-button
              class="line-link"
              label=${label}
              .link=${share.link}
              .notes=${share.notes}
            ></kh-share-button>`
          : ''
      }
      <kh-struct-layout
        .path=${this.path}
        .bytes=${this.bytes}
        .line=${this.from === this.to ? this.from : 0}
      ></kh-struct-layout>
      <kh-file-viewer
        .path=${this.path}
        .bytes=${this.bytes}
        .size=${this.size}
        .from=${this.from}
        .to=${this.to}
        .error=${this.error}
        .compiled=${this.compiled?.path === this.path ? this.compiled.lines : undefined}
        .branches=${this.compiled?.path === this.path ? this.compiled.branches : undefined}
        @kh-open-include=${(e: HTMLElementEventMap['kh-open-include']) =>
          void this.include(e.detail.target, e.detail.from)}
        @kh-select-lines=${(e: HTMLElementEventMap['kh-select-lines']) => this.select(e.detail)}
        @kh-open-symbol=${(e: HTMLElementEventMap['kh-open-symbol']) =>
          this.hooks.openSymbol(e.detail.name, e.detail.from)}
        @kh-download=${() => void this.download()}
        @kh-browse-archive=${(e: HTMLElementEventMap['kh-browse-archive']) =>
          this.hooks.browse(e.detail.path)}
      ></kh-file-viewer>`;
  }
}
