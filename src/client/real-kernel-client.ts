/**
 * Owns the real-kernel worker (src/worker/real/): started when the page
 * first asks for the real kernel, never at load. Hands the console's bytes
 * to whoever listens and keeps them until someone does, so a console drawn
 * after the boot began still shows the boot.
 */
import { proxy, transfer, wrap, type Remote } from 'comlink';
import { ConsoleTail } from '../common/console-tail';
import type {
  RealBootProgress,
  RealBootResult,
  RealKernelApi,
  RealStateFacts,
} from '../shared/real-kernel-api';

/** Console output kept for a listener not yet there; the oldest goes past this. */
const KEEP_LIMIT = 1 << 20;

export type ConsoleListener = (bytes: Uint8Array) => void;

export class RealKernelClient {
  private worker: Worker | undefined;
  private remote: Remote<RealKernelApi> | undefined;
  private listener: ConsoleListener | undefined;
  private kept: Uint8Array[] = [];
  private keptBytes = 0;
  private readonly encoder = new TextEncoder();
  /** The guest's prompts as they come (set once the manifest is known). */
  private tail: ConsoleTail | undefined;
  private promptWaiters: (() => void)[] = [];
  /** True once anything was typed at the console: the user's work, for a link's question. */
  typed = false;

  /** Boots (or restores) the machine up to its prompt. */
  boot(baseUrl: string, onProgress: (p: RealBootProgress) => void): Promise<RealBootResult> {
    const worker = (this.worker = new Worker(
      new URL('../worker/real/real-kernel-worker.ts', import.meta.url),
      { type: 'module', name: 'real-kernel' },
    ));
    const remote = (this.remote = wrap<RealKernelApi>(worker));
    const failed = new Promise<never>((_, reject) =>
      worker.addEventListener('error', (e) =>
        reject(new Error(`The real-kernel worker failed: ${e.message || 'it could not start'}`)),
      ),
    );
    const booted = Promise.race([
      remote.boot(
        { baseUrl },
        proxy(onProgress),
        proxy((bytes: Uint8Array) => this.output(bytes)),
      ),
      failed,
    ]);
    return booted.then((result) => {
      this.tail = new ConsoleTail(result.manifest.prompt);
      return result;
    });
  }

  /**
   * Runs a line at the guest's shell as if typed and entered; resolves
   * when its prompt is back (the serial line carries no exit status).
   */
  run(line: string): Promise<void> {
    const back = new Promise<void>((resolve) => this.promptWaiters.push(resolve));
    this.sendKeys(`${line}\r`);
    return back;
  }

  /** The console's bytes from now on, beginning with those kept so far. */
  listen(listener: ConsoleListener | undefined): void {
    this.listener = listener;
    if (!listener) return;
    for (const chunk of this.kept) listener(chunk);
    this.kept = [];
    this.keptBytes = 0;
  }

  /** Text typed at the console, as keys: the guest's shell echoes and edits it. */
  send(text: string): void {
    this.typed = true;
    this.sendKeys(text);
  }

  private sendKeys(text: string): void {
    const bytes = this.encoder.encode(text);
    void this.remote?.send(transfer(bytes, [bytes.buffer]));
  }

  saveState(): Promise<RealStateFacts> {
    if (!this.remote) return Promise.reject(new Error('The real kernel is not running.'));
    return this.remote.saveState();
  }

  async shutdown(): Promise<void> {
    await this.remote?.shutdown().catch(() => undefined);
    this.worker?.terminate();
    this.worker = undefined;
    this.remote = undefined;
  }

  private output(bytes: Uint8Array): void {
    if (this.tail?.push(bytes)) for (const w of this.promptWaiters.splice(0)) w();
    if (this.listener) return this.listener(bytes);
    this.kept.push(bytes);
    this.keptBytes += bytes.byteLength;
    while (this.keptBytes > KEEP_LIMIT && this.kept.length > 1)
      this.keptBytes -= this.kept.shift()!.byteLength;
  }
}
