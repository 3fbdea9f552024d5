/**
 * kh-layout's table, read back: every named field's offset and size equal
 * what native gcc computes (offsetof, sizeof of the member) on the same
 * archive, for both kernels; fields that moved between them carry `*`.
 */
import { expect } from '@esm-bundle/chai';
import { gccSays, twoTrees } from './clang-helpers';

interface Row {
  moved: boolean;
  name: string;
  cols: { offset: number; size: number }[];
}

function rows(table: string): Row[] {
  return table
    .split('\n')
    .map((l) => /^([* ]) (\w+) +(\d.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null && m[2] !== 'struct')
    .map((m) => ({
      moved: m[1] === '*',
      name: m[2]!,
      cols: m[3]!.split('|').map((c) => {
        const [offset, size] = c.trim().split(/\s+/);
        return { offset: Number(offset), size: Number(size) };
      }),
    }));
}

describe('kh-layout', function () {
  this.timeout(300_000);

  it("gives struct file's offsets and sizes as gcc does, on both kernels, and marks what moved", async () => {
    const m = await twoTrees();
    const r = await m.must(`kh-layout file ${m.trees.demo} ${m.trees.other}`);
    const table = rows(r.out);
    expect(table.length).to.be.above(10);
    const fields = table.map((t) => t.name);
    const query = `?struct=file&fields=${encodeURIComponent(JSON.stringify(fields))}`;
    const archives = [
      'public/kernel/kheaders.tar.xz',
      `public/kernel/${m.manifest.other!.kheaders.path}`,
    ];
    const gcc = await Promise.all(archives.map((a) => gccSays(a, query)));
    table.forEach((row, i) => {
      row.cols.forEach((col, k) => {
        expect(col, `${row.name} in tree ${k}`).to.deep.equal({
          offset: gcc[k]![`offset_${i}`],
          size: gcc[k]![`size_${i}`],
        });
      });
      const moved =
        gcc[0]![`offset_${i}`] !== gcc[1]![`offset_${i}`] ||
        gcc[0]![`size_${i}`] !== gcc[1]![`size_${i}`];
      expect(row.moved, `${row.name} marked`).to.equal(moved);
    });
    expect(r.out)
      .to.contain(`sizeof ${gcc[0]!.size_all}`)
      .and.contain(`sizeof ${gcc[1]!.size_all}`);
  });
});
