/**
 * Every input that once broke a fuzz target, replayed through the same
 * target: it must now decode, fail cleanly, or exit with a message.
 * test/fuzz/regressions/index.json lists them; scripts/fuzz.mjs adds to it.
 */
import { expect } from '@esm-bundle/chai';
import { tarTarget, xzTarget, type FuzzTarget } from './fuzz-targets';
import { shareOutcome } from './share-target';
import { shellFuzzer, type ShellFuzzer } from './shell-target';

interface Case {
  file: string;
  target: string;
  found: string;
  /** A reported, unfixed finding: skipped until its fix lands. */
  known?: string;
}

const base = new URL('./regressions/', import.meta.url);
const { cases } = (await (await fetch(new URL('index.json', base))).json()) as { cases: Case[] };
const bytesTargets: Record<string, FuzzTarget> = {
  [xzTarget.name]: xzTarget,
  [tarTarget.name]: tarTarget,
};

let shell: Promise<ShellFuzzer> | undefined;

describe('fuzz regressions', function () {
  this.timeout(60_000);

  it('every case names a known target and a file that exists', async () => {
    for (const c of cases) {
      const names = [...Object.keys(bytesTargets), 'shell arguments', 'share-link decoder'];
      expect(names, c.file).to.include(c.target);
      expect((await fetch(new URL(c.file, base))).ok, c.file).to.equal(true);
    }
  });

  for (const c of cases) {
    (c.known ? it.skip : it)(`${c.target}: ${c.file} (${c.found})`, async () => {
      const bytes = new Uint8Array(await (await fetch(new URL(c.file, base))).arrayBuffer());
      if (c.target === 'share-link decoder') {
        expect(shareOutcome(new TextDecoder().decode(bytes))).to.be.oneOf(['ok', 'rejected']);
      } else if (c.target === 'shell arguments') {
        shell ??= shellFuzzer({ skipKnown: false });
        const argv = JSON.parse(new TextDecoder().decode(bytes)) as string[];
        expect(await (await shell).run(argv)).to.be.oneOf(['ok', 'rejected']);
      } else {
        expect(await bytesTargets[c.target]!.run(bytes)).to.be.oneOf(['ok', 'rejected']);
      }
    });
  }
});
