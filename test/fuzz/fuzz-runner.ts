/**
 * Runs a fuzz campaign for a time budget: inputs are drawn from a seeded
 * generator, so each one is named by (campaign seed, input number) and
 * replays exactly. Counts go into the figures table (scripts/fuzz.mjs).
 */
import { FuzzFailure, type FuzzTarget, type Outcome } from './fuzz-targets';
import { mutate, rng, type Random } from './mutate';

export interface Failure {
  target: string;
  /** The input's own seed: rng(seed) regenerates it. */
  seed: number;
  message: string;
  /** What was fed: bytes for archive targets, the argv (UTF-8 JSON) for the shell. */
  input: Uint8Array;
  from: string;
}

export interface CampaignReport {
  target: string;
  contract: string;
  inputs: number;
  ok: number;
  rejected: number;
  /** Inputs that hit a reported, not yet fixed issue (see KNOWN_SHELL_ISSUES). */
  known: number;
  failures: Failure[];
  seconds: number;
  slowestMs: number;
}

export interface Campaign<I> {
  name: string;
  contract: string;
  /** Makes one input from its seed, and says what it came from. */
  generate(r: Random): { input: I; from: string };
  run(input: I): Promise<Outcome | 'known'>;
  encode(input: I): Uint8Array;
}

/** Mutated seed archives for a byte-level target. */
export async function byteCampaign(target: FuzzTarget): Promise<Campaign<Uint8Array>> {
  const seeds = await target.seeds();
  const totalWeight = seeds.reduce((n, s) => n + s.weight, 0);
  return {
    name: target.name,
    contract: target.contract,
    generate(r) {
      let x = r() * totalWeight;
      const seed = seeds.find((s) => (x -= s.weight) < 0) ?? seeds[0]!;
      const m = mutate(r, seed.bytes, seed.regions);
      const bytes = target.fixup ? target.fixup(m.bytes, r) : m.bytes;
      return { input: bytes, from: `${seed.name} (${m.kinds.join('+')})` };
    },
    run: (bytes) => target.run(bytes),
    encode: (bytes) => bytes,
  };
}

export interface RunOptions {
  seed: number;
  /** Inputs to try: `npm test` fixes the count, so a slow machine runs the same inputs. */
  maxInputs?: number;
  /** Or a time budget (`npm run fuzz`, where more inputs are simply better). */
  seconds?: number;
}

export async function runCampaign<I>(c: Campaign<I>, o: RunOptions): Promise<CampaignReport> {
  const report: CampaignReport = {
    target: c.name,
    contract: c.contract,
    inputs: 0,
    ok: 0,
    rejected: 0,
    known: 0,
    failures: [],
    seconds: 0,
    slowestMs: 0,
  };
  const started = performance.now();
  const end = o.seconds === undefined ? Infinity : started + o.seconds * 1000;
  if (o.maxInputs === undefined && o.seconds === undefined)
    throw new Error('no input count or time');
  for (let i = 0; i < (o.maxInputs ?? Infinity) && performance.now() < end; i++) {
    const seed = (o.seed * 1_000_003 + i) >>> 0;
    const { input, from } = c.generate(rng(seed));
    const t0 = performance.now();
    try {
      report[await c.run(input)]++;
    } catch (err) {
      const message =
        err instanceof FuzzFailure
          ? err.message
          : `runner: ${(err as Error)?.stack ?? String(err)}`;
      report.failures.push({ target: c.name, seed, message, input: c.encode(input), from });
    }
    report.slowestMs = Math.max(report.slowestMs, performance.now() - t0);
    report.inputs++;
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
