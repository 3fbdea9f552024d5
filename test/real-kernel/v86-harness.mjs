// Boots public/real-kernel (setup's i386 kernel, initramfs and Debian's
// seabios) in v86 under Node, headless, and runs command lines on its serial
// console. One boot serves many commands; every wait has a hard timeout and
// ends on what the guest prints (the ready marker, a command's end marker),
// never on a clock.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { V86 } from 'v86';

const require = createRequire(import.meta.url);
const WASM = path.join(path.dirname(require.resolve('v86')), 'v86.wasm');

const buffer = (file) => {
  const b = readFileSync(file);
  return { buffer: b.buffer.slice(b.byteOffset, b.byteOffset + b.length) };
};

/**
 * Boots the real kernel; resolves once its shell answers. Returns
 * { run(line, {timeoutMs}) → {out, code}, close(), manifest, bootMs }.
 */
export async function bootRealKernel({
  dir = path.resolve('public/real-kernel'),
  timeoutMs = 120_000,
} = {}) {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new Error(
      `${manifestFile} is missing: node scripts/setup.mjs test builds the real kernel`,
    );
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const wasm = readFileSync(WASM);
  const started = performance.now();
  const emulator = new V86({
    wasm_fn: async (imports) => (await WebAssembly.instantiate(wasm, imports)).instance.exports,
    bios: buffer(path.join(dir, 'bios.bin')),
    vga_bios: buffer(path.join(dir, 'vgabios.bin')),
    bzimage: buffer(path.join(dir, 'bzImage')),
    initrd: buffer(path.join(dir, 'initrd')),
    cmdline: manifest.cmdline,
    memory_size: manifest.memoryBytes,
    autostart: true,
    disable_speaker: true,
  });

  // The console's bytes as they come; waiters look at what is new.
  let text = '';
  const waiters = new Set();
  const decoder = new TextDecoder('latin1');
  emulator.add_listener('serial0-output-byte', (byte) => {
    text += decoder.decode(new Uint8Array([byte]));
    for (const w of waiters) w();
  });

  /** Resolves with the match of re in the output after `from`, or rejects after timeoutMs. */
  const waitFor = (re, from, ms, what) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const m = re.exec(text.slice(from));
        if (!m) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve({ match: m, at: from + m.index });
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(
          new Error(
            `real kernel: no ${what} within ${ms} ms; the console's last output:\n${text.slice(-600)}`,
          ),
        );
      }, ms);
      waiters.add(check);
      check();
    });

  const close = async () => {
    await emulator.destroy();
  };
  try {
    const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const ready = await waitFor(
      new RegExp(escape(manifest.readyMarker)),
      0,
      timeoutMs,
      'ready marker',
    );
    await waitFor(new RegExp(escape(manifest.prompt)), ready.at, timeoutMs, 'prompt');
    const bootMs = performance.now() - started;
    let n = 0;
    const run = async (line, { timeoutMs: ms = 60_000 } = {}) => {
      n += 1;
      const from = text.length;
      // One line, so the line editor reads it whole: its copy of the line
      // (it echoes what it reads) has the quotes, the printed markers none.
      emulator.serial0_send(`echo "@@KH-BEGIN-"${n}@@; ${line}; echo "@@KH-END-"${n}-$?@@\n`);
      const begin = await waitFor(
        new RegExp(`@@KH-BEGIN-${n}@@\r?\n`),
        from,
        ms,
        `start of ${line}`,
      );
      const bodyFrom = begin.at + begin.match[0].length;
      const end = await waitFor(
        new RegExp(`@@KH-END-${n}-(\\d+)@@`),
        bodyFrom,
        ms,
        `end of ${line}`,
      );
      const out = text.slice(bodyFrom, end.at).replace(/\r\n/g, '\n');
      return { out, code: Number(end.match[1]) };
    };
    return { run, close, manifest, bootMs, emulator };
  } catch (err) {
    await close();
    throw err;
  }
}
