import { LitElement, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type {
  ArchiveSource,
  ArchiveSummary,
  KernelConfig,
  LoadProgress,
  MachineApi,
  MachineState,
} from '../shared/worker-api';
import { includeCandidates } from './viewer/include-resolver';
import type { KhFileBrowser, OpenFileEvent } from './files/kh-file-browser';
import type {
  BrowseArchiveEvent,
  OpenIncludeEvent,
  SelectLinesEvent,
} from './viewer/kh-file-viewer';
import type { CommandEvent, ConfigEvent } from './kh-module-panel';
import type { SampleEvent } from './kh-sample-commands';
import type { KhTerminal } from './terminal/kh-terminal';
import { formatSize } from './format';
import { MachineClient, type MachineFault } from '../client/machine-client';
import { fetchDemoFacts, type DemoFacts } from '../share/demo-manifest';
import { planShareState, restoreShareState } from '../share/share-restore';
import { ShareRouter } from '../share/share-router';
import { HOME } from '../share/session-log';
import type { ShareLink } from '../share/share-link';
import {
  AppSession,
  expandLesson,
  lessonFacts,
  stepHash,
  viewHash,
  viewShare,
  type View,
} from './app-links';
import { decodeShareState, type PanelLayout, type ShareState } from '../share/share-state';
import { findLesson } from '../lessons/lessons';
import { TeacherLesson } from '../lessons/teacher-lesson';
import { appLayout } from './app-layout';
import { TeachView } from './lessons/teach-view';
import './kh-split-handle';
import type {
  KhLessonPanel,
  LessonFileEvent,
  LessonGoEvent,
  PresenterEvent,
} from './lessons/kh-lesson-panel';
import type { SplitEvent } from './kh-split-handle';
import './lessons/kh-lesson-panel';
import './kh-link-confirm';
import type { LinkAnswerEvent } from './kh-link-confirm';
import './kh-share-button';
import './files/kh-file-browser';
import './viewer/kh-file-viewer';
import './kh-load-progress';
import './kh-memory-gauge';
import './kh-module-panel';
import './kh-sample-commands';
import './viewer/kh-struct-layout';
import './terminal/kh-terminal';

/** The demo kernel's folder, relative to the page so the site works from any sub-path. */
const KERNEL_URL = new URL('kernel/', document.baseURI).href;
/** Files larger than this are shown from their start only. */
const READ_LIMIT = 1 << 20;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The playground's coordinator: owns the machine, holds its last state, and
 * passes data down to the panel, terminal, tree and viewer; their events
 * come back up here and become machine calls.
 */
@customElement('kh-app')
export class KhApp extends LitElement {
  static override styles = appLayout;

  /** The simulated machine (a worker by default; tests may pass their own). */
  @property({ attribute: false }) machine: MachineApi = new MachineClient();

  @state() private _state: MachineState | undefined;
  @state() private _bootProgress: LoadProgress | undefined;
  @state() private _bootStarted = 0;
  @state() private _bootError = '';
  /** What the supervisor said about the machine's last failure and restart. */
  @state() private _machineNotice: MachineFault | undefined;
  @state() private _busy = false;
  @state() private _configError = '';
  @state() private _archiveProgress: LoadProgress | undefined;
  @state() private _archiveStarted = 0;
  @state() private _archiveError = '';
  @state() private _archive: ArchiveSummary | undefined;
  @state() private _dragging = false;
  @state() private _path = '';
  @state() private _bytes: Uint8Array | undefined;
  @state() private _size = 0;
  @state() private _fileError = '';
  @state() private _viewNotice = '';
  @state() private _from = 0;
  @state() private _to = 0;
  @state() private _facts: DemoFacts | undefined;
  @state() private _shareNotice = '';
  @state() private _layout: PanelLayout = 'split';
  @state() private _lesson: { id: string; step: number } | undefined;
  @state() private _lessonsOpen = false;
  /** A link from outside waiting for the user's yes or no. */
  @state() private _confirm: { plan: string[]; answer: (run: boolean) => void } | undefined;
  /** The link "Copy link" copies, rebuilt as the session and view change. */
  @state() private _share: ShareLink = { hash: '', notes: [] };
  /** Whether a version 1 link was opened: the address bar then keeps that form. */
  private _v1 = false;
  private readonly session = new AppSession((link) => (this._share = link));
  private readonly router = new ShareRouter({
    expand: async (link) => {
      const why = await this.teach.prepare(link);
      if (why) this._shareNotice = why;
      return expandLesson(link, this._facts);
    },
    plan: async (link) => planShareState(link, await this.machine.getState()),
    hasUserWork: (sinceLastLink) => this.session.hasUserWork(sinceLastLink),
    trusts: (link) => TeacherLesson.isBuiltIn(link),
    confirm: (plan) =>
      new Promise<boolean>((resolve) => {
        this._confirm = {
          plan,
          answer: (run) => {
            this._confirm = undefined;
            resolve(run);
          },
        };
      }),
    apply: (link) => this.restore(link),
    show: (link) => this.show(link),
    viewHash: () => viewHash(this.view()),
    notice: (text) => (this._shareNotice = text),
  });
  private readonly teach = new TeachView(this, {
    presenting: () => this._layout === 'presenter',
    leave: () => {
      this._layout = 'split';
      this.router.replace(viewHash(this.view()));
    },
    openLesson: (lesson) => {
      const hash = stepHash(this._facts, { id: lesson.id, step: 1 }, this.presenter());
      if (hash) void this.router.goStep(hash);
    },
    splitChanged: () => this.router.replace(viewHash(this.view())),
  });
  @query('kh-terminal') private _terminal!: KhTerminal;
  @query('kh-lesson-panel') private _lessonPanel: KhLessonPanel | undefined;
  @query('kh-file-browser') private _browser!: KhFileBrowser;

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('keydown', this.onKey);
    void this.boot();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.router.stop();
    removeEventListener('keydown', this.onKey);
    if (this.machine instanceof MachineClient) this.machine.terminate();
  }

  private async boot(): Promise<void> {
    this._bootStarted = performance.now();
    if (this.machine instanceof MachineClient) {
      this.machine.onFault((f) => (this._machineNotice = f));
    }
    const facts = fetchDemoFacts(KERNEL_URL).then(
      (f) => (this._facts = f),
      () => undefined,
    );
    try {
      this._state = await this.machine.boot(KERNEL_URL, (p) => (this._bootProgress = p));
      await this.machine.subscribe((s) => {
        this._state = s;
        void this.checkOpenFile();
      });
    } catch (err) {
      this._bootError = `The machine did not start: ${message(err)}. Reload the page to try again; if it keeps failing, the demo kernel files may be missing from the site (run npm run build).`;
      return;
    }
    await facts;
    this.router.start();
    void this.router.settled().then(() => (this.dataset.routed = '1'));
  }

  /** The view of a link (an entry of our own history, or a link declined): the machine is left alone. */
  private async show(link: ShareState): Promise<void> {
    if (link.v >= 1) this.showLessonOf(link);
    if (link.file && link.file !== this._path) await this.openFile(link.file, undefined, 'none');
    if (!link.file && this._path) this.closeFile();
    this._from = link.from ?? 0;
    this._to = link.to ?? this._from;
  }

  private closeFile(): void {
    this._path = '';
    this._bytes = undefined;
    this._fileError = this._viewNotice = '';
  }

  /** Opens a version 1 link: layout and lesson at once, then the machine and the views. */
  private showLessonOf(link: ShareState): void {
    this.teach.showOf(link);
    this._layout = link.layout ?? 'split';
    this._lesson = link.lesson && findLesson(link.lesson.id) ? link.lesson : undefined;
    if (link.lesson && !this._lesson)
      this._shareNotice = `There is no lesson "${link.lesson.id}" in this playground.`;
  }

  private async restore(link: ShareState): Promise<void> {
    const facts = this._facts;
    this.showLessonOf(link);
    this._v1 = true;
    if (!facts) {
      this._shareNotice =
        'The demo kernel manifest could not be read, so this link was not opened.';
      return;
    }
    try {
      const notice = await restoreShareState(
        link,
        {
          machine: this.machine,
          execute: (cmd) => this._terminal.execute(cmd),
          openFile: async (path, from, to) => {
            const ok = await this.openFile(path, undefined, 'none');
            this._from = from;
            this._to = to;
            return ok;
          },
        },
        facts,
      );
      if (notice) this._shareNotice = notice;
    } catch (err) {
      this._shareNotice = `The link was only partly opened: ${message(err)}.`;
    }
    this._state = await this.machine.getState();
    this.session.linkOpened();
    // How many links have been fully opened: tests and presenters can wait on it.
    this.dataset.restored = String(Number(this.dataset.restored ?? 0) + 1);
  }

  private view(): View {
    return {
      facts: this._facts,
      state: this._state,
      path: this._path,
      from: this._from,
      to: this._to,
      layout: this._layout,
      lesson: this._lesson,
      v1: this._v1,
      extra: this.teach.linkPart(),
    };
  }

  override willUpdate(): void {
    if (this._state) this.session.refresh(viewShare(this.view()), this.cwd());
  }

  private cwd(): string {
    return this._terminal?.directory ?? HOME;
  }

  private onCommandDone(e: CustomEvent<{ command: string; exitCode?: number }>): void {
    this._busy = false;
    this.session.finished(e.detail.command, e.detail.exitCode ?? 0, this.cwd());
    this.session.refresh(viewShare(this.view()), this.cwd());
  }

  private linkTo(hash: string): string {
    return location.href.replace(/#.*$/, '') + hash;
  }

  private presenter(): PanelLayout | undefined {
    return this._layout === 'presenter' ? 'presenter' : undefined;
  }

  private onLessonGo(e: LessonGoEvent): void {
    const { id, step } = e.detail;
    if (step === 0) {
      this._lesson = undefined;
      this._lessonsOpen = true;
      if (this._layout === 'presenter') this._layout = 'split';
      this.router.push(viewHash(this.view()));
      return;
    }
    const hash = stepHash(this._facts, { id, step }, this.presenter());
    if (hash) void this.router.goStep(hash);
  }

  private onPresenter(e: PresenterEvent): void {
    this._layout = e.detail.on ? 'presenter' : 'split';
    this.router.replace(viewHash(this.view()));
  }

  /** Step keys: PageUp/PageDown in a lesson, and the arrows too in presenter mode. */
  private readonly onKey = (e: KeyboardEvent) => {
    if (!this._lesson || e.altKey || e.ctrlKey || e.metaKey) return;
    const editing = e
      .composedPath()
      .some(
        (n) =>
          n instanceof HTMLElement &&
          (n.matches('input, textarea, select, [contenteditable]') ||
            n.localName === 'kh-terminal'),
      );
    if (editing) return;
    const arrows = this._layout === 'presenter';
    const delta =
      e.key === 'PageDown' || (arrows && e.key === 'ArrowRight')
        ? 1
        : e.key === 'PageUp' || (arrows && e.key === 'ArrowLeft')
          ? -1
          : 0;
    if (!delta) return;
    e.preventDefault();
    // Step from the link, not from the panel: the panel catches up only once the
    // previous step's state is applied, and a quick second key would count from it.
    const link = decodeShareState(location.hash);
    const at = link.ok ? link.state.lesson : undefined;
    const steps = at ? findLesson(at.id)?.steps.length : undefined;
    if (!at || !steps) {
      this._lessonPanel?.move(delta);
      return;
    }
    const step = at.step + delta;
    if (step < 1 || step > steps) return;
    const hash = stepHash(this._facts, { id: at.id, step }, this.presenter());
    if (hash) void this.router.goStep(hash);
  };

  /** Reads a file into the viewer; failures stay in the viewer, in words. */
  async openFile(path: string, size?: number, nav: 'push' | 'none' = 'push'): Promise<boolean> {
    this._viewNotice = '';
    const moved = path !== this._path;
    this._path = path;
    this._bytes = undefined;
    this._fileError = '';
    if (nav === 'push' && moved) {
      this._from = this._to = 0;
      this.router.push(viewHash(this.view()));
    }
    try {
      const bytes = await this.machine.readFile(path, READ_LIMIT);
      if (this._path !== path) return false;
      this._size = size ?? (await this.sizeOf(path)) ?? bytes.length;
      this._bytes = bytes;
      void this._browser?.reveal(path);
      return true;
    } catch (err) {
      if (this._path === path)
        this._fileError = `Could not open ${path}: ${message(err)}. If it came from the module or an extraction, load the module or run the extraction sample, then pick it in the tree.`;
      return false;
    }
  }

  /** After a change (rmmod, rm -r), says so if the file on screen is gone. */
  private async checkOpenFile(): Promise<void> {
    const path = this._path;
    if (!path || !this._bytes) return;
    const exists = (await this.sizeOf(path)) !== undefined;
    if (this._path !== path) return;
    const gone = `${path} no longer exists (an unloaded module's file, or a removed one); this is the copy read before.`;
    if (!exists) this._viewNotice = gone;
    else if (this._viewNotice === gone) this._viewNotice = '';
  }

  private async sizeOf(path: string): Promise<number | undefined> {
    const dir = path.slice(0, path.lastIndexOf('/')) || '/';
    const name = path.slice(path.lastIndexOf('/') + 1);
    try {
      return (await this.machine.readDir(dir)).find((e) => e.name === name)?.size;
    } catch {
      return undefined;
    }
  }

  private async onInclude(e: OpenIncludeEvent): Promise<void> {
    const { target, from } = e.detail;
    const candidates = includeCandidates(from, target);
    for (const path of candidates) {
      const size = await this.sizeOf(path);
      if (size !== undefined) {
        await this.openFile(path, size);
        return;
      }
    }
    this._viewNotice = `${target.name} is not in this tree (looked in ${candidates.length} places, as Kbuild's include path does). It may be generated at build time and so not part of kheaders.`;
  }

  private onSelectLines(e: SelectLinesEvent): void {
    this._from = e.detail?.from ?? 0;
    this._to = e.detail?.to ?? 0;
    this.router.push(viewHash(this.view()));
  }

  private async onDownload(): Promise<void> {
    const path = this._path;
    try {
      const bytes = await this.machine.readFile(path);
      const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>]));
      const a = document.createElement('a');
      a.href = url;
      a.download = path.slice(path.lastIndexOf('/') + 1);
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      this._viewNotice = `Could not download ${path}: ${message(err)}.`;
    }
  }

  private async onConfig(e: ConfigEvent): Promise<void> {
    this._configError = '';
    try {
      const rebooted = await this.machine.setConfig(e.detail as Partial<KernelConfig>);
      this._state = rebooted;
      this.session.configTouched = true;
      void this._terminal.announce(rebooted.rebootNotice);
    } catch (err) {
      this._configError = `That config was not applied: ${message(err)}.`;
    }
  }

  private onCommand(e: CommandEvent): void {
    void this._terminal.execute(e.detail.command);
  }

  private onSample(e: SampleEvent): void {
    void this._terminal.typeIn(e.detail.command);
  }

  /** Opens the user's own archive (file picker or drop). */
  async openArchive(file: File): Promise<void> {
    await this.mountArchive(
      async () => ({
        kind: 'bytes',
        bytes: new Uint8Array(await file.arrayBuffer()),
        name: file.name,
      }),
      file.name,
      file.size,
      'Try a kheaders.tar.xz copied from a device (/sys/kernel/kheaders.tar.xz after modprobe kheaders)',
    );
    const mount = this._archive && this._state?.mounts[this._state.mounts.length - 1];
    if (mount) this.session.openedOwn(mount.path, file.name);
  }

  /** Mounts a file of the machine as a browsable archive view, e.g. /sys/kernel/kheaders.tar.xz. */
  private onBrowseArchive(e: BrowseArchiveEvent): void {
    const { path } = e.detail;
    const name = path.split('/').pop() || path;
    void this.mountArchive(
      async () => ({ kind: 'path', path, name }),
      path,
      0,
      'Check that the file is still there (ls -l in the terminal)',
    );
  }

  /** Loads an archive into the machine, mounts it and shows its root; errors say what to try. */
  private async mountArchive(
    source: () => Promise<ArchiveSource>,
    label: string,
    totalIn: number,
    tryNext: string,
  ): Promise<void> {
    this._archiveError = '';
    this._archive = undefined;
    this._archiveStarted = performance.now();
    this._archiveProgress = { phase: 'download', bytesIn: 0, totalIn, bytesOut: 0 };
    try {
      this._archive = await this.machine.loadArchive(
        await source(),
        (p) => (this._archiveProgress = p),
      );
      const state = await this.machine.getState();
      this._state = state;
      const mount = state.mounts[state.mounts.length - 1];
      if (mount) void this._browser?.reveal(`${mount.path}/`);
    } catch (err) {
      this._archiveProgress = undefined;
      this._archiveError = `${label} could not be opened: ${message(err)}. ${tryNext}; what you had loaded is still there.`;
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
    void this.mountArchive(
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
    if (file && !this.teach.dropped(file)) void this.openArchive(file);
  }

  private onDragOver(e: DragEvent): void {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    this._dragging = true;
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    this._dragging = false;
    const file = e.dataTransfer?.files[0];
    if (file && !this.teach.dropped(file)) void this.openArchive(file);
  }

  /** The supervisor's word on a failure: kept on screen until dismissed, as it explains lost output. */
  private renderMachineNotice() {
    const f = this._machineNotice;
    if (!f) return '';
    return html`<p class="machine-notice ${f.phase === 'restored' ? '' : 'error'}" role="alert">
      ${f.message}
      ${
        f.phase === 'restarting'
          ? ''
          : html`<button type="button" @click=${() => (this._machineNotice = undefined)}>
              Dismiss
            </button>`
      }
    </p>`;
  }

  /** The reserved line under the header: boot, notices, the link question, archive progress. */
  private renderStatus() {
    const s = this._state;
    const a = this._archive;
    if (this._bootError) return html`<p class="error" role="alert">${this._bootError}</p>`;
    if (!s)
      return html`<kh-load-progress
        .progress=${this._bootProgress}
        .startedAt=${this._bootStarted}
        aria-label="Starting the machine"
      ></kh-load-progress>`;
    return html`${
      this._shareNotice
        ? html`<p class="error share-notice" role="alert">${this._shareNotice}</p>`
        : ''
    }${
      this._confirm
        ? html`<kh-link-confirm
            .plan=${this._confirm.plan}
            @kh-link-answer=${(e: LinkAnswerEvent) => this._confirm?.answer(e.detail.run)}
          ></kh-link-confirm>`
        : ''
    }${this.renderMachineNotice()}${
      this._archiveError
        ? html`<p class="error" role="alert">${this._archiveError}</p>`
        : a
          ? html`<p class="summary" role="status">
              ${a.name}: ${formatSize(a.compressedBytes)} → ${formatSize(a.decodedBytes)},
              <span class=${a.verified ? 'verified' : ''}>${a.verification}</span>
            </p>`
          : this._archiveProgress
            ? html`<kh-load-progress
                .progress=${this._archiveProgress}
                .startedAt=${this._archiveStarted}
              ></kh-load-progress>`
            : ''
    }`;
  }

  override render() {
    const s = this._state;
    const presenting = this._layout === 'presenter';
    const embed = this.teach.embed;
    const lessonShown = this._lesson || this._lessonsOpen || embed === 'lesson';
    this.toggleAttribute('presenting', presenting);
    return html`
      <header
        class=${presenting && (this._shareNotice || this._confirm) ? 'noticed' : ''}
        @dragover=${this.onDragOver}
        @dragleave=${() => (this._dragging = false)}
        @drop=${this.onDrop}
      >
        <div class="title">
          <h1>kheaders playground</h1>
          <p class="lede">
            A simulated Linux machine: load <code>kheaders.ko</code>, unpack
            <code>/sys/kernel/kheaders.tar.xz</code> as BCC does, read the headers.
          </p>
        </div>
        <div class="archive">
          ${html`<div class="archive-line">
            <label class="file-button" ?inert=${!s}
              >Open your own kheaders.tar.xz…<input
                type="file"
                accept=".xz,.txz,.tar,.tgz,.gz,.md,application/x-xz,application/gzip,application/x-tar"
                @change=${this.onPick}
            /></label>
            <span class="hint">or drop it (or a lesson .md) on the page</span>
            <form class="url-form" ?inert=${!s} @submit=${this.onOpenUrl}>
              <input
                type="url"
                name="url"
                required
                placeholder="https://…/kheaders.tar.xz"
                aria-label="Open an archive from a URL"
              />
              <button type="submit">Open URL</button>
            </form>
            <button
              type="button"
              class="lessons-toggle"
              aria-expanded=${this._lessonsOpen || !!this._lesson}
              @click=${() => (this._lessonsOpen = !this._lessonsOpen)}
            >
              Lessons
            </button>
            <kh-share-button
              class="share"
              .link=${this.linkTo(this._share.hash)}
              .notes=${this._share.notes}
            ></kh-share-button>
          </div>`}
        </div>
        <div class="status-line">${this.renderStatus()}</div>
      </header>
      <main
        class="layout-${this._layout} ${embed ? `embed embed-${embed}` : ''}"
        style=${this.teach.hostStyle()}
        @kh-lesson-go=${this.onLessonGo}
        @kh-lesson-file=${(e: LessonFileEvent) => void this.teach.openFile(e.detail.file)}
        @kh-split=${(e: SplitEvent) => this.teach.setSplit(e.detail.percent)}
        @kh-presenter=${this.onPresenter}
        @dragover=${this.onDragOver}
        @drop=${this.onDrop}
        @dragleave=${(e: DragEvent) => e.relatedTarget === null && (this._dragging = false)}
        @kh-command=${this.onCommand}
        @kh-config=${this.onConfig}
        @kh-sample=${this.onSample}
        @kh-command-start=${() => {
          this._busy = true;
          this.session.started(this.cwd());
        }}
        @kh-command-done=${this.onCommandDone}
        @kh-open-file=${(e: OpenFileEvent) => void this.openFile(e.detail.path, e.detail.size)}
        @kh-open-include=${this.onInclude}
        @kh-select-lines=${this.onSelectLines}
        @kh-download=${this.onDownload}
        @kh-browse-archive=${this.onBrowseArchive}
      >
        <div class="side">
          ${
            lessonShown
              ? html`<kh-lesson-panel
                  .lesson=${this._lesson && findLesson(this._lesson.id)}
                  .step=${this._lesson?.step ?? 1}
                  .facts=${lessonFacts(this._facts)}
                  .bytes=${this._facts?.coreBytes ?? 0}
                  .teacherLesson=${this.teach.teacher.lesson}
                  .fileError=${this.teach.fileError}
                  .link=${this._lesson ? this.linkTo(stepHash(this._facts, this._lesson, undefined, true)) : ''}
                  .fullLink=${this._lesson ? this.linkTo(stepHash(this._facts, this._lesson)) : ''}
                  ?presenter=${this._layout === 'presenter'}
                ></kh-lesson-panel>`
              : ''
          }
          <section class="kernel" aria-labelledby="h-kernel">
            <h2 id="h-kernel">Kernel and modules</h2>
            <kh-module-panel
              .state=${s}
              ?busy=${this._busy}
              ?compact=${presenting}
            ></kh-module-panel>
            ${this._configError ? html`<p class="error" role="alert">${this._configError}</p>` : ''}
            <kh-memory-gauge
              .memory=${s?.memory}
              .modules=${s?.modules ?? []}
              ?compact=${presenting}
            ></kh-memory-gauge>
          </section>
          <section class="files" aria-labelledby="h-files">
            <h2 id="h-files">Files</h2>
            <kh-file-browser
              .machine=${s ? this.machine : undefined}
              .state=${s}
              .selected=${this._path}
            ></kh-file-browser>
          </section>
        </div>
        <div class="work">
          <section class="term" aria-labelledby="h-term">
            <h2 id="h-term" class="sr-only">Terminal</h2>
            <kh-sample-commands></kh-sample-commands>
            <kh-terminal
              .machine=${this.machine}
              .fontSize=${this.teach.terminalPx()}
            ></kh-terminal>
          </section>
          <kh-split-handle .percent=${this.teach.split}></kh-split-handle>
          <section class="view" aria-labelledby="h-view">
            <h2 id="h-view" class="sr-only">File viewer</h2>
            ${this._viewNotice ? html`<p class="error" role="alert">${this._viewNotice}</p>` : ''}
            ${
              this._path && this._from
                ? html`<kh-share-button
                    class="line-link"
                    label=${this._to > this._from ? `Copy link to lines ${this._from}–${this._to}` : `Copy link to line ${this._from}`}
                    .link=${this.linkTo(this._share.hash)}
                    .notes=${this._share.notes}
                  ></kh-share-button>`
                : ''
            }
            <kh-struct-layout
              .path=${this._path}
              .bytes=${this._bytes}
              .line=${this._from === this._to ? this._from : 0}
            ></kh-struct-layout>
            <kh-file-viewer
              .path=${this._path}
              .bytes=${this._bytes}
              .size=${this._size}
              .from=${this._from}
              .to=${this._to}
              .error=${this._fileError}
            ></kh-file-viewer>
          </section>
        </div>
      </main>
      ${
        this._dragging
          ? html`<div class="drop" aria-hidden="true">
              Drop an .xz archive, or a lesson (.md), to open it
            </div>`
          : ''
      }
      ${this.teach.blank ? html`<div class="blank" aria-label="Screen blanked: press any key"></div>` : ''}
      ${
        embed
          ? html`<a
              class="full-link"
              href=${this.linkTo(this._share.hash)}
              target="_blank"
              rel="noopener"
              >Open in full ↗</a
            >`
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
