import { LitElement, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { DiskStatus, KernelConfig, MachineChange } from '../shared/worker-api';
import { MachineClient, type SupervisedMachine } from '../client/machine-client';
import { machineParts } from './app-machine';
import { fetchDemoFacts, type DemoFacts } from '../share/demo-manifest';
import { ShareRouter } from '../share/share-router';
import type { ShareLink } from '../share/share-link';
import { AppSession, stepHash, viewHash, viewShare } from './app-links';
import { AppRoutes } from './app-routes';
import { appStyles } from './kh-app-styles';
import type { ArchiveMountedEvent, KhArchiveBar } from './kh-archive-bar';
import type { KhFileBrowser } from './files/kh-file-browser';
import type { ConfigEvent } from './kh-module-panel';
import type { KhLessonPanel, LessonGoEvent, PresenterEvent } from './lessons/kh-lesson-panel';
import type { SplitEvent } from './kh-split-handle';
import { LessonView } from './lessons/lesson-view';
import { MachineView, changeTouches } from './machine-view';
import { REAL_SAMPLES, RealKernelView } from './real/real-kernel-view';
import { SAMPLE_COMMANDS } from './kh-sample-commands';
import { TerminalSession } from './terminal/terminal-session';
import { OpenFile } from './viewer/open-file';
import type { KhSymbolPanel } from './viewer/kh-symbol-panel';
import './kh-archive-bar';
import './kh-memory-gauge';
import './kh-module-panel';
import './kh-sample-commands';
import './kh-split-handle';
import './kh-share-button';
import './kh-home-disk';
import './files/kh-file-browser';
import './terminal/kh-terminal';

/** The demo kernel's folder, relative to the page so the site works from any sub-path. */
const KERNEL_URL = new URL('kernel/', document.baseURI).href;
/** Setup's real i386 kernel, BIOS and initramfs (booted in v86 only when asked for). */
const REAL_KERNEL_URL = new URL('real-kernel/', document.baseURI).href;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The playground's coordinator: starts the machine and composes the
 * elements. The URL is the router's, archives come in through the archive
 * bar, the file on screen is the OpenFile controller's, commands run in the
 * terminal session; each view gets only the part of the machine it needs.
 */
@customElement('kh-app')
export class KhApp extends LitElement {
  static override styles = appStyles;

  /** The simulated machine (a supervised worker by default; tests may pass their own). */
  @property({ attribute: false }) machine: SupervisedMachine = new MachineClient();

  @state() private _busy = false;
  @state() private _configError = '';
  @state() private _facts: DemoFacts | undefined;
  /** The link "Copy link" copies, rebuilt as the session and view change. */
  @state() private _share: ShareLink = { hash: '', notes: [] };
  /** The disk behind ~, as the machine found it at boot (kh-home-disk.ts). */
  @state() private _disk: DiskStatus | undefined;
  private readonly machineView = new MachineView(this);
  /** The real kernel beside the simulation: which one the terminal talks to. */
  readonly real = new RealKernelView(this, REAL_KERNEL_URL);
  private readonly lessons = new LessonView(this, {
    replaceView: () => this.router.replace(this.viewHash()),
    goStep: (at) => this.goStep(at),
  });
  private readonly session = new AppSession((link) => (this._share = link));
  /** Each view's part of the machine, and nothing more. */
  private readonly parts = machineParts(() => this.machine);
  private readonly terminal = new TerminalSession(() => this.parts.terminal);
  private readonly file = new OpenFile(this, () => this.parts.file, {
    pushView: () => this.router.push(this.viewHash()),
    reveal: (path) => void this._browser?.reveal(path),
    browse: (path) => void this._archiveBar?.browse(path),
    openSymbol: (name, from) => void this._symbols?.open(name, from),
  });
  private readonly routes = new AppRoutes(this, {
    machine: () => this.parts.links,
    facts: () => this._facts,
    session: this.session,
    terminal: this.terminal,
    file: this.file,
    lessons: this.lessons,
    viewHash: () => this.viewHash(),
    moveLesson: (delta) => this._lessonPanel?.move(delta),
    stateChanged: async () => void (this.machineView.state = await this.machine.getState()),
    selectReal: (on) => {
      if (on !== this.real.selected) void this.real.select(on);
    },
    real: this.real,
    // Files kept in ~ from an earlier visit are the user's work: a link asks before running over them.
    disk: { holdsWork: () => !!this._disk?.kept && this._disk.files > 0 },
  });
  private readonly router = new ShareRouter(this.routes);
  @query('kh-lesson-panel') private _lessonPanel: KhLessonPanel | undefined;
  @query('kh-file-browser') private _browser!: KhFileBrowser;
  @query('kh-archive-bar') private _archiveBar: KhArchiveBar | undefined;
  @query('kh-symbol-panel') private _symbols: KhSymbolPanel | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.terminal.addEventListener('command-start', this.onCommandStart);
    this.terminal.addEventListener('command-done', this.onCommandDone);
    void this.boot();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.router.stop();
    this.terminal.removeEventListener('command-start', this.onCommandStart);
    this.terminal.removeEventListener('command-done', this.onCommandDone);
    this.machine.terminate();
  }

  /** Opens the user's own archive (what the picker and a drop do). */
  openArchive(file: File): Promise<void> {
    return this._archiveBar?.openArchive(file) ?? Promise.resolve();
  }

  /** Opens a file in the viewer, as picking it in the tree does. */
  openFile(path: string): Promise<boolean> {
    return this.file.open(path);
  }

  private async boot(): Promise<void> {
    const facts = fetchDemoFacts(KERNEL_URL).then(
      (f) => (this._facts = f),
      () => undefined,
    );
    // The file on screen may be gone (rmmod, rm -r) only when a change names a folder above it.
    const changed = (c: MachineChange) => {
      if (changeTouches(c, this.file.path)) void this.file.check();
    };
    if (!(await this.machineView.boot(this.machine, KERNEL_URL, changed))) return;
    this._disk = await this.machine.diskStatus().catch(() => undefined);
    await facts;
    this.router.start();
    void this.router.settled().then(() => (this.dataset.routed = '1'));
  }

  private viewHash(): string {
    return viewHash(this.view());
  }

  private view() {
    const { path, from, to } = this.file;
    return {
      facts: this._facts,
      state: this.machineView.state,
      path,
      from,
      to,
      ...this.lessons.viewPart(),
      real: this.real.selected,
    };
  }

  override willUpdate(): void {
    if (this.machineView.state) this.session.refresh(viewShare(this.view()), this.terminal.cwd);
  }

  private readonly onCommandStart = () => {
    this._busy = true;
    this.session.started(this.terminal.cwd);
  };

  private readonly onCommandDone = (e: Event) => {
    const { command, exitCode } = (e as CustomEvent<{ command: string; exitCode?: number }>).detail;
    this._busy = false;
    this.session.finished(command, exitCode ?? 0, this.terminal.cwd);
    this.session.refresh(viewShare(this.view()), this.terminal.cwd);
  };

  private async onConfig(e: ConfigEvent): Promise<void> {
    this._configError = '';
    try {
      const rebooted = await this.machine.setConfig(e.detail as Partial<KernelConfig>);
      this.machineView.state = rebooted;
      this.session.configTouched = true;
      void this.terminal.announce(rebooted.rebootNotice);
    } catch (err) {
      this._configError = `That config was not applied: ${message(err)}.`;
    }
  }

  private onArchiveMounted(e: ArchiveMountedEvent): void {
    const { state, mount, ownFile } = e.detail;
    this.machineView.state = state;
    if (mount) void this._browser?.reveal(`${mount}/`);
    if (mount && ownFile) this.session.openedOwn(mount, ownFile);
  }

  private linkTo(hash: string): string {
    return location.href.replace(/#.*$/, '') + hash;
  }

  private onLessonGo(e: LessonGoEvent): void {
    const { id, step } = e.detail;
    if (step === 0) {
      this.lessons.close();
      this.router.push(this.viewHash());
      return;
    }
    this.goStep({ id, step });
  }

  private goStep(at: { id: string; step: number }): void {
    const hash = stepHash(this._facts, at, this.lessons.stepLayout);
    if (hash) void this.router.goStep(hash);
  }

  /** The archive line is laid out from the first frame (inert until the machine runs): nothing moves. */
  private archive() {
    const s = this.machineView.state;
    const notices = html`${this.machineView.starting() ?? ''}${this.routes.render()}${this.machineView.notice()}`;
    return html`<kh-archive-bar
      .machine=${s ? this.parts.archives : undefined}
      .claim=${(file: File) => this.lessons.teach.dropped(file)}
      @kh-archive-mounted=${this.onArchiveMounted}
    >
      <button
        type="button"
        class="lessons-toggle"
        aria-expanded=${this.lessons.open || !!this.lessons.lesson}
        @click=${() => this.lessons.toggleList()}
      >
        Lessons
      </button>
      <kh-share-button
        class="share"
        .link=${this.linkTo(this._share.hash)}
        .notes=${this._share.notes}
      ></kh-share-button>
      <kh-home-disk
        class="disk"
        .machine=${s ? this.parts.disk : undefined}
        .status=${this._disk}
        @kh-disk-changed=${(e: HTMLElementEventMap['kh-disk-changed']) => (this._disk = e.detail)}
      ></kh-home-disk>
      <div slot="notices">${notices}</div>
    </kh-archive-bar>`;
  }

  override render() {
    const s = this.machineView.state;
    const { layout, presenting, teach } = this.lessons;
    return html`
      <header class=${presenting && this.routes.speaking ? 'noticed' : ''}>
        <div class="title">
          <h1>kheaders playground</h1>
          <p class="lede">
            A simulated Linux machine: load <code>kheaders.ko</code>, unpack
            <code>/sys/kernel/kheaders.tar.xz</code> as BCC does, read the headers.
          </p>
        </div>
        <div class="archive">${this.archive()}</div>
      </header>
      <main
        class="layout-${layout} ${teach.mainClass()}"
        style=${teach.hostStyle()}
        @kh-lesson-go=${this.onLessonGo}
        @kh-lesson-file=${(e: HTMLElementEventMap['kh-lesson-file']) =>
          void teach.openFile(e.detail.file)}
        @kh-split=${(e: SplitEvent) => teach.setSplit(e.detail.percent)}
        @kh-presenter=${(e: PresenterEvent) => this.lessons.switchPresenter(e.detail.on)}
        @kh-command=${(e: HTMLElementEventMap['kh-command']) =>
          this.real.selected
            ? this.real.command(e.detail.command)
            : void this.terminal.execute(e.detail.command)}
        @kh-config=${this.onConfig}
        @kh-sample=${(e: HTMLElementEventMap['kh-sample']) =>
          this.real.selected
            ? this.real.typeIn(e.detail.command)
            : void this.renderRoot.querySelector('kh-terminal')?.typeIn(e.detail.command)}
        @kh-open-file=${(e: HTMLElementEventMap['kh-open-file']) =>
          void this.file.open(e.detail.path, e.detail.size)}
      >
        <div class="side">
          ${this.lessons.panel(this._facts, (h) => this.linkTo(h))}
          <section class="kernel" aria-labelledby="h-kernel">
            <h2 id="h-kernel">Kernel and modules</h2>
            ${this.real.switchBar()} ${this.real.selected ? this.real.modules() : ''}
            <kh-module-panel
              style=${this.real.selected ? 'display: none' : ''}
              .state=${s}
              ?busy=${this._busy}
              ?compact=${presenting}
            ></kh-module-panel>
            ${this._configError ? html`<p class="error" role="alert">${this._configError}</p>` : ''}
            <kh-memory-gauge
              style=${this.real.selected ? 'display: none' : ''}
              .memory=${s?.memory}
              .modules=${s?.modules ?? []}
              ?compact=${presenting}
            ></kh-memory-gauge>
          </section>
          <section class="files" aria-labelledby="h-files">
            <h2 id="h-files">Files</h2>
            ${this.file.symbolPanel(s ? this.parts.symbols : undefined)}
            <kh-file-browser
              .machine=${s ? this.parts.tree : undefined}
              .state=${s}
              .change=${this.machineView.change}
              .selected=${this.file.path}
            ></kh-file-browser>
          </section>
        </div>
        <div class="work">
          <section class="term" aria-labelledby="h-term">
            <h2 id="h-term" class="sr-only">
              Terminal: ${this.real.selected ? 'the real kernel' : 'the simulation'}
            </h2>
            <kh-sample-commands
              .commands=${this.real.selected ? REAL_SAMPLES : SAMPLE_COMMANDS}
            ></kh-sample-commands>
            <kh-terminal
              style=${this.real.selected ? 'display: none' : ''}
              .session=${this.terminal}
              .fontSize=${teach.terminalPx()}
            ></kh-terminal>
            ${this.real.consoleElement(teach.terminalPx())}
          </section>
          <kh-split-handle .percent=${teach.split}></kh-split-handle>
          <section class="view" aria-labelledby="h-view">
            <h2 id="h-view" class="sr-only">File viewer</h2>
            ${this.file.view({ ...this._share, link: this.linkTo(this._share.hash) })}
          </section>
        </div>
      </main>
      ${teach.overlays(this.linkTo(this._share.hash))}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kh-app': KhApp;
  }
}
