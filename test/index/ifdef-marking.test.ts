/**
 * #if marking against GNU cpp: on headers whose blocks depend on the
 * options that differ between the two kernels, every line the index marks
 * compiled in is a line cpp keeps under that tree's config, and every line
 * marked out is one cpp drops (lines marked unknown are not compared, and
 * must stay a minority). Both trees are checked, and each differing option
 * has a block whose marking differs between them.
 */
import { expect } from '@esm-bundle/chai';
import { twoTrees } from '../clang/clang-helpers';

const HEADERS = [
  'include/linux/sched.h',
  'include/linux/mm_types.h',
  'include/linux/spinlock_types_raw.h',
  'include/linux/memcontrol.h',
];

describe('#if marking', function () {
  this.timeout(600_000);

  it('marks what GNU cpp compiles on both kernels, and the other config moves blocks', async () => {
    const m = await twoTrees();
    const roots = { demo: m.trees.demo, other: m.trees.other };
    const marked: Record<string, Record<string, string>> = {};
    for (const [tree, root] of Object.entries(roots)) {
      for (const file of HEADERS) {
        const info = await m.machine.conditionals(`${root}/${file}`);
        const cpp = (await (
          await fetch(`/__native/cpp-lines?tree=${tree}&file=${file}`)
        ).json()) as {
          markers: number[];
          kept: number[];
        };
        const kept = new Set(cpp.kept);
        let known = 0;
        for (const line of cpp.markers) {
          const state = info.lines[line - 1];
          if (state === 'unknown') continue;
          known++;
          expect(state, `${tree} ${file}:${line}`).to.equal(kept.has(line) ? 'in' : 'out');
        }
        expect(known / cpp.markers.length, `${file} known`).to.be.above(0.5);
        for (const b of info.branches)
          (marked[`${file}:${b.line}`] ??= {})[tree] = `${b.state} ${b.directive}`;
      }
    }
    for (const option of Object.keys(m.manifest.other!.configDelta)) {
      const moved = Object.entries(marked).filter(
        ([, t]) => t.demo?.includes(`CONFIG_${option}`) && t.demo !== t.other,
      );
      expect(moved.length, `a block on CONFIG_${option} marked differently`).to.be.above(0);
    }
  });
});
