/**
 * diff on the machine against GNU diff on the same two trees (each archive
 * extracted by GNU tar natively, by the machine's tar here): the same bytes
 * out and the same exit status for -r, -ru, -rq, -u on one file, and the
 * normal format; kh-diff and the API's tree diff name the files diff -rq names.
 */
import { expect } from '@esm-bundle/chai';
import { twoTrees } from '../clang/clang-helpers';

const gnu = async (args: string[]) =>
  (await (
    await fetch(`/__native/diff?args=${encodeURIComponent(JSON.stringify(args))}`)
  ).json()) as {
    output: string;
    code: number;
  };

describe('diff against GNU diff', function () {
  this.timeout(600_000);

  it('prints what GNU diff prints for the two kernels’ trees', async () => {
    const m = await twoTrees();
    const a = m.trees.demo.slice('/tmp/'.length);
    const b = m.trees.other.slice('/tmp/'.length);
    const cases = [
      ['-r', a, b],
      ['-ru', a, b],
      ['-rq', a, b],
      ['-u', `${a}/include/generated/autoconf.h`, `${b}/include/generated/autoconf.h`],
      [`${a}/include/generated/bounds.h`, `${b}/include/generated/bounds.h`],
      ['-U', '1', `${a}/include/generated/asm-offsets.h`, `${b}/include/generated/asm-offsets.h`],
      [`${a}/include`, `${b}/include`],
    ];
    for (const args of cases) {
      const native = await gnu(args);
      const ours = await m.sh(`cd /tmp && diff ${args.join(' ')}`);
      expect(ours.out, `diff ${args.join(' ')}`).to.equal(native.output);
      expect(ours.code, `diff ${args.join(' ')} status`).to.equal(native.code);
    }
    const brief = (await gnu(['-rq', a, b])).output;
    const named = [...brief.matchAll(/^Files \S+ and (\S+) differ$/gm)].map((x) => x[1]!);
    expect(named.length).to.be.above(0);
    const summary = await m.machine.diffTrees(m.trees.demo, m.trees.other);
    expect(summary.changed.map((p) => `${b}/${p}`).sort()).to.deep.equal(named.sort());
    expect(summary.added.concat(summary.removed)).to.deep.equal([]);
    const kh = await m.sh(`kh-diff ${m.trees.demo} ${m.trees.other}`);
    expect(kh.out).to.contain(`${summary.changed.length} changed`);
  });
});
