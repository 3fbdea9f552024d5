/**
 * The in-page half of `npm run bench`: times our decoder (whole buffer and
 * streaming) and xz-decompress on the same bytes, in the same page.
 * bench/run.mjs drives it through window.khBench.
 */
import { XzReadableStream } from 'xz-decompress';
import { decodeXz } from '../src/worker/xz/xz-decoder';
import { XzStreamDecoder } from '../src/worker/xz/xz-stream-decoder';

const CHUNK = 64 * 1024;

/**
 * Each run starts from a collected heap: the runs before it leave wasm
 * memories of the output's size as garbage, and decoding next to them is
 * up to a third slower than a real page's single decode (measured here).
 * run.mjs starts Chromium with --expose-gc for this.
 */
async function settle(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((r) => setTimeout(r, 50));
}

async function time(run: () => Promise<number>): Promise<{ ms: number; bytes: number }> {
  await settle();
  const start = performance.now();
  const bytes = await run();
  return { ms: performance.now() - start, bytes };
}

async function runs(n: number, run: () => Promise<number>) {
  await time(run); // warm-up: compile, tier up
  const out = [];
  for (let i = 0; i < n; i++) out.push(await time(run));
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function decodeBench(url: string, n: number) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const input = new Uint8Array(await res.arrayBuffer());
  const whole = await runs(n, async () => (await decodeXz(input)).bytes.length);
  const streaming = await runs(n, async () => {
    const d = await XzStreamDecoder.create({ sizeHint: input.length });
    for (let at = 0; at < input.length; at += CHUNK) d.push(input.subarray(at, at + CHUNK));
    return (await d.finish()).bytes.length;
  });
  const peer = await runs(n, async () => {
    const chunks = new Blob([input]).stream();
    const out = await new Response(new XzReadableStream(chunks)).arrayBuffer();
    return out.byteLength;
  });
  const peak = (await decodeXz(input)).peakWasmBytes;
  return {
    bytes_in: input.length,
    bytes_out: whole[0]!.bytes,
    peer_bytes_out: peer[0]!.bytes,
    ours_ms: median(whole.map((r) => r.ms)),
    ours_stream_ms: median(streaming.map((r) => r.ms)),
    xz_decompress_ms: median(peer.map((r) => r.ms)),
    ours_peak_wasm_bytes: peak,
  };
}

declare global {
  interface Window {
    khBench: { decode: typeof decodeBench };
  }
}
window.khBench = { decode: decodeBench };
