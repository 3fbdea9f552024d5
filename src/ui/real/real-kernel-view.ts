/**
 * The real kernel as the app shows it: whether the terminal talks to it,
 * its boot, and its console. A Lit controller of kh-app. The emulator's
 * worker, the console element and xterm come in only when the user first
 * asks for the real kernel; switching back to the simulation leaves both
 * machines as they were.
 */
import { html, type LitElement, type ReactiveController } from 'lit';
import type { RealBootProgress, RealBootResult } from '../../shared/real-kernel-api';
import type { RealKernelClient } from '../../client/real-kernel-client';
import type { KhRealConsole } from './kh-real-console';
import './kh-real-kernel';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The sample commands for the real kernel's busybox: its tar needs -J, /proc/config.gz needs configs.ko. */
export const REAL_SAMPLES: { command: string; why: string }[] = [
  { command: 'modprobe kheaders', why: 'load the module' },
  { command: 'ls -l /sys/kernel/kheaders.tar.xz', why: 'the file it adds' },
  { command: 'sha256sum /sys/kernel/kheaders.tar.xz', why: 'the build’s archive, byte for byte' },
  {
    command: 'mkdir -p /tmp/k && tar -xJf /sys/kernel/kheaders.tar.xz -C /tmp/k && ls /tmp/k',
    why: 'extract (busybox tar needs -J; GNU tar, as BCC runs it, does not)',
  },
  { command: 'modprobe configs && zcat /proc/config.gz | grep IKHEADERS', why: 'how it was built' },
  { command: 'rmmod kheaders', why: 'give the memory back' },
];

export class RealKernelView implements ReactiveController {
  /** True while the terminal talks to the real kernel. */
  selected = false;
  progress: RealBootProgress | undefined;
  result: RealBootResult | undefined;
  error = '';
  private client: RealKernelClient | undefined;
  private booting: Promise<void> | undefined;

  constructor(
    private readonly host: LitElement,
    private readonly baseUrl: string,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    void this.client?.shutdown();
  }

  private update(change: () => void): void {
    change();
    this.host.requestUpdate();
  }

  /** Switches the terminal to the real kernel (booting it the first time) or back. */
  select(on: boolean): Promise<void> {
    this.update(() => (this.selected = on));
    if (!on) return Promise.resolve();
    if (this.error) this.booting = undefined;
    return (this.booting ??= this.boot());
  }

  /** Resolves once the real kernel is at its prompt (or failed to get there). */
  whenBooted(): Promise<void> {
    return this.booting ?? Promise.resolve();
  }

  private async boot(): Promise<void> {
    this.update(() => {
      this.error = '';
      this.result = undefined;
      this.progress = { phase: 'download', ms: 0 };
    });
    try {
      const [{ RealKernelClient }] = await Promise.all([
        import('../../client/real-kernel-client'),
        import('./kh-real-console'),
      ]);
      await this.client?.shutdown();
      const client = (this.client = new RealKernelClient());
      this.host.requestUpdate();
      const result = await client.boot(this.baseUrl, (p) => this.update(() => (this.progress = p)));
      this.update(() => (this.result = result));
      await this.host.updateComplete;
      if (this.selected) this.console?.focus();
    } catch (err) {
      await this.client?.shutdown();
      this.update(() => {
        this.client = undefined;
        this.error = `The real kernel did not start: ${message(err)}`;
      });
    }
  }

  private get console(): KhRealConsole | null {
    return this.host.renderRoot.querySelector('kh-real-console');
  }

  /** Runs a command line on the real kernel, as if typed and entered. */
  command(line: string): void {
    this.client?.send(`${line}\r`);
    this.console?.focus();
  }

  /** Runs a line on the real kernel (booting it first) and waits for its prompt: a link's replay. */
  async run(line: string): Promise<number> {
    await this.select(true);
    if (!this.client || !this.result)
      throw new Error(this.error || 'The real kernel is not running.');
    await this.client.run(line);
    return 0;
  }

  /** Whether anything was typed at the real console (work a stranger's link must not run over). */
  used(): boolean {
    return !!this.client?.typed;
  }

  /** Types a command at the real kernel's prompt for the user to enter. */
  typeIn(line: string): void {
    this.console?.typeIn(line);
  }

  /** The switch and the badge. */
  switchBar() {
    return html`<kh-real-kernel
      .selected=${this.selected}
      .progress=${this.progress}
      .result=${this.result}
      .error=${this.error}
      @kh-real-select=${(e: HTMLElementEventMap['kh-real-select']) => void this.select(e.detail.on)}
    ></kh-real-kernel>`;
  }

  /** The console, once the real kernel was asked for; hidden while the simulation is shown. */
  consoleElement(fontSize: number) {
    if (!this.client) return '';
    return html`<kh-real-console
      style=${this.selected ? '' : 'display: none'}
      .client=${this.client}
      .fontSize=${fontSize}
    ></kh-real-console>`;
  }

  /** In the kernel panel while the real kernel is shown: its module switches send real commands. */
  modules() {
    const release = this.result?.manifest.release;
    const button = (line: string) =>
      html`<button type="button" ?disabled=${!this.result} @click=${() => this.command(line)}>
        <code>${line}</code>
      </button>`;
    return html`<fieldset class="real-modules">
      <legend>
        Modules of the real kernel${release ? html` <small>(${release})</small>` : ''}
      </legend>
      <p>
        Setup built this kernel with <code>CONFIG_IKHEADERS=m</code> and
        <code>CONFIG_IKCONFIG=m</code>. These buttons type the commands into its console; what it
        answers is the kernel's own word.
      </p>
      <div class="real-buttons">
        ${button('modprobe kheaders')} ${button('rmmod kheaders')} ${button('modprobe configs')}
        ${button('rmmod configs')}
      </div>
    </fieldset>`;
  }
}
