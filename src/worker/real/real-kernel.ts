/**
 * The real machine: one v86 PC (setup's i386 Linux, SeaBIOS, busybox) whose
 * first serial port is the console. A cold boot fetches every image and
 * runs the kernel to its shell's prompt, then keeps the machine's state;
 * later visits restore that state and only wake the shell.
 */
import { V86, type V86Options } from 'v86';
import wasmUrl from 'v86/build/v86.wasm?url';
import type {
  RealBootOptions,
  RealBootProgress,
  RealBootResult,
  RealKernelApi,
  RealKernelManifest,
  RealStateFacts,
} from '../../shared/real-kernel-api';
import { delivery } from '../callback-delivery';
import { ConsoleTail } from '../../common/console-tail';
import { fetchImages, type ImageRequest } from './fetch-images';
import { forgetStates, keepState, keptState, stateKey } from './saved-state';

/** Longer than any boot seen (3-6 s under Node); a guest that never prompts is named, not waited on. */
const PROMPT_TIMEOUT_MS = 180_000;

async function fetchManifest(baseUrl: string): Promise<RealKernelManifest> {
  const url = new URL('manifest.json', baseUrl).href;
  const res = await fetch(url, { cache: 'no-cache' }).catch((err: unknown) => {
    throw new Error(`The real kernel's manifest (${url}) could not be fetched: ${String(err)}`);
  });
  if (!res.ok)
    throw new Error(
      `The real kernel's manifest (${url}) answered HTTP ${res.status}: run \`node scripts/setup.mjs app\` to build it.`,
    );
  let m: RealKernelManifest;
  try {
    m = (await res.json()) as RealKernelManifest;
  } catch {
    // A static server may answer a missing file with the site's page.
    throw new Error(
      `The real kernel's manifest (${url}) is not JSON: is it built? Run \`node scripts/setup.mjs app\`.`,
    );
  }
  if (!m.files?.bzImage?.sha256 || !m.prompt || !m.memoryBytes)
    throw new Error(`The real kernel's manifest (${url}) lacks files, prompt or memoryBytes.`);
  return m;
}

/** The emulator's wasm, compiled while it streams in (and while the images come); its size. */
async function compileEmulator(): Promise<{ module: WebAssembly.Module; bytes: number }> {
  const res = await fetch(wasmUrl).catch((err: unknown) => {
    throw new Error(`The emulator's wasm (${wasmUrl}) could not be fetched: ${String(err)}`);
  });
  if (!res.ok) throw new Error(`The emulator's wasm (${wasmUrl}) answered HTTP ${res.status}.`);
  const bytes = Number(res.headers.get('content-length')) || 0;
  return { module: await WebAssembly.compileStreaming(res), bytes };
}

export class RealKernel implements RealKernelApi {
  private emulator: V86 | undefined;

  async boot(
    options: RealBootOptions,
    onProgress: (p: RealBootProgress) => void,
    onOutput: (bytes: Uint8Array) => void,
  ): Promise<RealBootResult> {
    if (this.emulator) throw new Error('The real kernel is already running.');
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    const progress = delivery(onProgress);
    const output = delivery(onOutput);
    const emulatorCode = compileEmulator();
    emulatorCode.catch(() => undefined);
    try {
      const baseUrl = options.baseUrl;
      const manifest = await fetchManifest(baseUrl);
      const key = stateKey(baseUrl, manifest, wasmUrl);
      const saved = options.restore === false ? undefined : await keptState(key);
      const at = (name: string) => new URL(name, baseUrl).href;
      const wanted: ImageRequest[] = [
        { name: 'bios', url: at('bios.bin') },
        { name: 'vga_bios', url: at('vgabios.bin') },
      ];
      if (!saved)
        wanted.push(
          { name: 'bzimage', url: at('bzImage'), bytes: manifest.files.bzImage.bytes },
          { name: 'initrd', url: at('initrd'), bytes: manifest.files.initrd.bytes },
        );
      const { images, bytes } = await fetchImages(wanted, (loaded, total) =>
        progress.call({ phase: 'download', loaded, total, ms: ms() }),
      );
      const code = await emulatorCode;
      progress.call({ phase: saved ? 'restoring' : 'booting', ms: ms() });

      const tail = new ConsoleTail(manifest.prompt);
      let pending: number[] = [];
      let prompted: () => void = () => {};
      const atPrompt = new Promise<void>((resolve) => (prompted = resolve));
      const flush = () => {
        const bytes = Uint8Array.from(pending);
        pending = [];
        output.call(bytes);
        if (tail.push(bytes)) prompted();
      };
      const config: V86Options = {
        wasm_fn: async (imports) => (await WebAssembly.instantiate(code.module, imports)).exports,
        memory_size: manifest.memoryBytes,
        vga_memory_size: 2 * 1024 * 1024,
        bios: { buffer: images.bios! },
        vga_bios: { buffer: images.vga_bios! },
        disable_keyboard: true,
        disable_mouse: true,
        disable_speaker: true,
        autostart: true,
      };
      if (saved) config.initial_state = { buffer: saved };
      else
        Object.assign(config, {
          bzimage: { buffer: images.bzimage! },
          initrd: { buffer: images.initrd! },
          cmdline: manifest.cmdline,
        });
      const emulator = (this.emulator = new V86(config));
      // One batch per emulator slice: the bytes of a tick go out together, in order.
      emulator.add_listener('serial0-output-byte', (b) => {
        if (!pending.length) queueMicrotask(flush);
        pending.push(b);
      });
      if (saved)
        // The saved machine sits at its prompt: Enter makes the shell print a fresh one.
        emulator.add_listener('emulator-started', () => emulator.serial0_send('\r'));
      await withTimeout(atPrompt, PROMPT_TIMEOUT_MS, manifest);
      const promptMs = ms();
      progress.call({ phase: 'prompt', ms: promptMs });
      if (!saved) {
        progress.call({ phase: 'saving', ms: ms() });
        await this.keep(key).catch(() => undefined);
      }
      await Promise.all([progress.settled(), output.settled()]);
      return {
        manifest,
        restored: !!saved,
        promptMs,
        fetchedBytes: bytes + code.bytes,
      };
    } catch (err) {
      await this.shutdown();
      await Promise.all([progress.settled(), output.settled()]);
      throw err;
    }
  }

  send(bytes: Uint8Array): void {
    this.emulator?.serial_send_bytes(0, bytes);
  }

  private stateKey: string | undefined;

  private async keep(key: string): Promise<RealStateFacts> {
    this.stateKey = key;
    const state = await this.running().save_state();
    return keepState(key, state);
  }

  saveState(): Promise<RealStateFacts> {
    if (!this.stateKey) return Promise.reject(new Error('The real kernel has not booted.'));
    return this.keep(this.stateKey);
  }

  forgetStates(): Promise<void> {
    return forgetStates();
  }

  async shutdown(): Promise<void> {
    const emulator = this.emulator;
    this.emulator = undefined;
    await emulator?.destroy().catch(() => undefined);
  }

  private running(): V86 {
    if (!this.emulator) throw new Error('The real kernel is not running.');
    return this.emulator;
  }
}

async function withTimeout(p: Promise<void>, ms: number, m: RealKernelManifest): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `Linux ${m.release} printed no prompt (${JSON.stringify(m.prompt)}) within ${ms / 1000} s.`,
          ),
        ),
      ms,
    );
  });
  try {
    await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}
