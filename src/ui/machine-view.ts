/**
 * The machine as the app shows it: starting it (with progress, or why it
 * did not start), its latest state and change, and the supervisor's word
 * when it failed and came back. A Lit controller: its host re-renders on each.
 */
import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { LoadProgress, MachineChange, MachineState } from '../shared/worker-api';
import type { MachineFault, SupervisedMachine } from '../client/machine-client';
import './kh-load-progress';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Whether a change may have removed or replaced path: it names path, or a folder above it. */
export const changeTouches = (change: MachineChange, path: string) =>
  change.dirs === 'all' ||
  change.dirs.some((d) => d !== '/' && (path === d || path.startsWith(`${d}/`)));

export class MachineView implements ReactiveController {
  /** The machine's latest state; undefined until it has booted. */
  state: MachineState | undefined;
  /** The machine's latest change (the file tree follows it). */
  change: MachineChange | undefined;
  private progress: LoadProgress | undefined;
  private started = 0;
  private error = '';
  /** What the supervisor said about the machine's last failure and restart. */
  private fault: MachineFault | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  private update(change: () => void): void {
    change();
    this.host.requestUpdate();
  }

  /** Boots the machine and follows its changes; false when it did not start. */
  async boot(
    machine: SupervisedMachine,
    kernelUrl: string,
    onChange: (c: MachineChange) => void,
  ): Promise<boolean> {
    this.started = performance.now();
    machine.onFault((f) => this.update(() => (this.fault = f)));
    machine.onChange((c) => {
      this.update(() => {
        this.change = c;
        if (c.state) this.state = c.state;
      });
      onChange(c);
    });
    try {
      const state = await machine.boot(kernelUrl, (p) => this.update(() => (this.progress = p)));
      // The state heard while it booted is newer than the one it answered with.
      this.update(() => (this.state ??= state));
      return true;
    } catch (err) {
      const error = `The machine did not start: ${message(err)}. Reload the page to try again; if it keeps failing, the demo kernel files may be missing from the site (run npm run build).`;
      this.update(() => (this.error = error));
      return false;
    }
  }

  /** While it starts: its progress, or why it did not start; undefined once it runs. */
  starting() {
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    if (this.state) return undefined;
    return html`<kh-load-progress
      .progress=${this.progress}
      .startedAt=${this.started}
      aria-label="Starting the machine"
    ></kh-load-progress>`;
  }

  /** The supervisor's word on a failure: kept on screen until dismissed, as it explains lost output. */
  notice() {
    const f = this.fault;
    if (!f) return '';
    const dismiss = html`<button
      type="button"
      @click=${() => this.update(() => (this.fault = undefined))}
    >
      Dismiss
    </button>`;
    return html`<p class="machine-notice ${f.phase === 'restored' ? '' : 'error'}" role="alert">
      ${f.message} ${f.phase === 'restarting' ? '' : dismiss}
    </p>`;
  }
}
