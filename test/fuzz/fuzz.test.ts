/**
 * Fuzzing inside `npm test`: a few seconds per target, a fixed campaign seed
 * so a failure replays. `npm run fuzz` runs the same campaigns longer with a
 * fresh seed and writes docs/figures.md (scripts/fuzz.mjs sets KH_FUZZ).
 */
import { expect } from '@esm-bundle/chai';
import { limitTable } from '../limits/limit-table';
import { byteCampaign, runCampaign, type Campaign, type CampaignReport } from './fuzz-runner';
import { tarTarget, xzTarget } from './fuzz-targets';
import { shareCampaign } from './share-target';
import { randomArgv, shellFuzzer, commandLine } from './shell-target';

interface FuzzConfig {
  seconds: number;
  seed: number;
  /** Log each report for scripts/fuzz.mjs, which reads the browser's log. */
  collect?: boolean;
}

declare global {
  var KH_FUZZ: FuzzConfig | undefined;
}

const config: FuzzConfig = globalThis.KH_FUZZ ?? { seconds: 4, seed: 20261128 };

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
  const report = await runCampaign(c, config);
  if (config.collect) console.log(`KH_FUZZ_REPORT ${JSON.stringify(forLog(report))}`);
  expect(report.inputs, 'inputs tried').to.be.above(0);
  expect(report.failures, summarize(report)).to.deep.equal([]);
}

describe('fuzzing', function () {
  if (config.collect) {
    before(() => console.log(`KH_FUZZ_LIMITS ${JSON.stringify(limitTable())}`));
  }

  this.timeout(Math.max(120_000, config.seconds * 3000 + 60_000));

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
