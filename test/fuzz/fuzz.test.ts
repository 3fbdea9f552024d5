/**
 * Fuzzing inside `npm test`: a fixed number of inputs per target (about four
 * seconds' worth on an idle machine) and a fixed campaign seed, so every run,
 * on any machine, tries the same inputs and a failure replays. `npm run fuzz`
 * runs the same campaigns for a time budget with a fresh seed and writes
 * docs/figures.md (scripts/fuzz.mjs sets KH_FUZZ).
 */
import { expect } from '@esm-bundle/chai';
import { limitTable } from '../limits/limit-table';
import { byteCampaign, runCampaign, type Campaign, type CampaignReport } from './fuzz-runner';
import { tarTarget, xzTarget } from './fuzz-targets';
import { shareCampaign } from './share-target';
import { randomArgv, shellFuzzer, commandLine } from './shell-target';

interface FuzzConfig {
  /** A time budget per target (npm run fuzz); without it, INPUTS decides. */
  seconds?: number;
  seed: number;
  /** Log each report for scripts/fuzz.mjs, which reads the browser's log. */
  collect?: boolean;
}

declare global {
  var KH_FUZZ: FuzzConfig | undefined;
}

const config: FuzzConfig = globalThis.KH_FUZZ ?? { seed: 20261128 };

/** Inputs per target in `npm test`, from the rates in docs/figures.md (×4 s). */
const INPUTS: Record<string, number> = {
  'xz decoder': 200,
  'tar reader': 15_000,
  'share-link decoder': 300_000,
  'shell arguments': 5_000,
};

function summarize(r: CampaignReport): string {
  return r.failures
    .slice(0, 5)
    .map((f) => `seed ${f.seed} from ${f.from}: ${f.message}`)
    .join('\n');
}

/** The report as JSON can carry it: inputs that failed as base64. */
function forLog(r: CampaignReport) {
  return {
    ...r,
    failures: r.failures.map((f) => ({
      ...f,
      input: btoa(Array.from(f.input, (b) => String.fromCharCode(b)).join('')),
    })),
  };
}

async function campaign<I>(c: Campaign<I>) {
  const maxInputs = INPUTS[c.name];
  if (config.seconds === undefined && maxInputs === undefined)
    throw new Error(`no count: ${c.name}`);
  const budget = config.seconds === undefined ? { maxInputs } : { seconds: config.seconds };
  const report = await runCampaign(c, { seed: config.seed, ...budget });
  if (config.collect) console.log(`KH_FUZZ_REPORT ${JSON.stringify(forLog(report))}`);
  expect(report.inputs, 'inputs tried').to.be.above(0);
  expect(report.failures, summarize(report)).to.deep.equal([]);
}

describe('fuzzing', function () {
  if (config.collect) {
    before(() => console.log(`KH_FUZZ_LIMITS ${JSON.stringify(limitTable())}`));
  }

  // A guard against a campaign that never ends, not a judgement of speed.
  this.timeout(config.seconds === undefined ? 900_000 : config.seconds * 3000 + 120_000);

  it('the xz seeds decode unmutated (so a mutant that fails is the mutation’s doing)', async () => {
    for (const seed of await xzTarget.seeds()) {
      // Unsupported filters (ARM64, delta) are refused; the bomb passes
      // FUZZ_XZ_LIMITS.maxOutputBytes, xz -9e's 64 MiB dictionary its maxDictBytes.
      const want = /^(bomb|text-9e-|arm64|delta)/.test(seed.name) ? 'rejected' : 'ok';
      expect(await xzTarget.run(seed.bytes), seed.name).to.equal(want);
    }
  });

  it('xz decoder: mutated archives decode or throw XzError, on both paths alike', async () => {
    await campaign(await byteCampaign(xzTarget));
  });

  it('tar reader: mutated archives index or throw TarError, and read back cleanly', async () => {
    await campaign(await byteCampaign(tarTarget));
  });

  it('share links: mutated fragments decode to a stable state or a clear message', async () => {
    await campaign(shareCampaign);
  });

  it('shell: random argv to our commands ends with a status and a message', async () => {
    const fuzzer = await shellFuzzer();
    await campaign<string[]>({
      name: 'shell arguments',
      contract:
        'exit status 0..255, messages in the tool’s words, no JS error text, shell still answers',
      generate: (r) => {
        const argv = randomArgv(r);
        return { input: argv, from: commandLine(argv).slice(0, 80) };
      },
      run: fuzzer.run,
      encode: (argv) => new TextEncoder().encode(JSON.stringify(argv)),
    });
    expect(await fuzzer.run(['uname', '-r'])).to.equal('ok');
  });
});
