/**
 * The in-page half of `npm run bench`: times our decoder (whole buffer and
 * streaming) and xz-decompress on the same bytes, in the same page.
 * bench/run.mjs drives it through window.khBench.
 */
import { XzReadableStream } from 'xz-decompress';
import { setCrcOffThread } from '../src/worker/xz/crc64-pieces';
import { decodeXz } from '../src/worker/xz/xz-decoder';
import { XzStreamDecoder } from '../src/worker/xz/xz-stream-decoder';
import { rawDecoder } from './raw-decode';

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

/** CPU time of the whole browser (all threads), sampled by run.mjs. */
const cpuMs = async (): Promise<number> =>
  (await (window as { khCpuMs?: () => Promise<number> }).khCpuMs?.()) ?? NaN;

interface Timed {
  ms: number;
  cpu: number;
  bytes: number;
}

/** A native command run by run.mjs between our runs, so both see the same load. */
export interface NativeTimed {
  wall: number;
  cpu: number;
}
export const native = (what: 'xz' | 'tar'): Promise<NativeTimed> =>
  (window as unknown as { khNative: (w: string) => Promise<NativeTimed> }).khNative(what);

async function time(run: () => Promise<number | NativeTimed>): Promise<Timed> {
  await settle();
  const cpu0 = await cpuMs();
  const start = performance.now();
  const out = await run();
  const ms = performance.now() - start;
  if (typeof out !== 'number') return { ms: out.wall, cpu: out.cpu, bytes: 0 };
  return { ms, cpu: (await cpuMs()) - cpu0, bytes: out };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs each variant n times, interleaved (so drift hits all alike), after one warm-up each. */
async function interleaved<K extends string>(
  n: number,
  variants: Record<K, () => Promise<number | NativeTimed>>,
): Promise<Record<K, Timed[]>> {
  const names = Object.keys(variants) as K[];
  const out = Object.fromEntries(names.map((k) => [k, [] as Timed[]])) as Record<K, Timed[]>;
  for (const k of names) await time(variants[k]);
  for (let i = 0; i < n; i++) for (const k of names) out[k].push(await time(variants[k]));
  return out;
}

const summary = (runs: Timed[]) => ({
  ms: median(runs.map((r) => r.ms)),
  cpu: median(runs.map((r) => r.cpu)),
});

async function decodeBench(url: string, n: number) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const input = new Uint8Array(await res.arrayBuffer());
  const onWorker = async (run: () => Promise<number>) => {
    setCrcOffThread(true);
    try {
      return await run();
    } finally {
      setCrcOffThread(false);
    }
  };
  const whole = async () => (await decodeXz(input)).bytes.length;
  const streaming = async () => {
    const d = await XzStreamDecoder.create({ sizeHint: input.length });
    for (let at = 0; at < input.length; at += CHUNK) d.push(input.subarray(at, at + CHUNK));
    return (await d.finish()).bytes.length;
  };
  // The profile's effect: the same C built with and without it, decoded bare.
  const first = await decodeXz(input);
  const size = first.bytes.length;
  const guided = await rawDecoder('/wasm/build/xz.wasm', size);
  const unguided = await rawDecoder('/wasm/build/xz-unguided.wasm', size);
  const none = async () => NaN;
  const r = await interleaved(n, {
    guided: guided && unguided ? () => guided(input) : none,
    unguided: guided && unguided ? () => unguided(input) : none,
    native: () => native('xz'),
    whole,
    streaming,
    wholeWorker: () => onWorker(whole),
    streamingWorker: () => onWorker(streaming),
    peer: async () => {
      const chunks = new Blob([input]).stream();
      const out = await new Response(new XzReadableStream(chunks)).arrayBuffer();
      return out.byteLength;
    },
  });
  return {
    bytes_in: input.length,
    bytes_out: r.whole[0]!.bytes,
    peer_bytes_out: r.peer[0]!.bytes,
    native_xz: summary(r.native),
    ours: summary(r.whole),
    ours_stream: summary(r.streaming),
    ours_worker: summary(r.wholeWorker),
    ours_stream_worker: summary(r.streamingWorker),
    xz_decompress: summary(r.peer),
    // Null where setup could make no profile (then xz.wasm is unguided too).
    raw_guided: guided && unguided ? summary(r.guided) : null,
    raw_unguided: guided && unguided ? summary(r.unguided) : null,
    ours_peak_wasm_bytes: first.peakWasmBytes,
  };
}

declare global {
  interface Window {
    khBench: { decode: typeof decodeBench };
  }
}
window.khBench = { decode: decodeBench };
