/**
 * A warm compile sends clang's worker only the files it does not hold: the
 * compile must still see every change. A header rewritten with the same
 * size in the same instant (no mtime or size tells it apart), a header
 * removed, a tree moved: each compile answers as a fresh one would.
 */
import { expect } from '@esm-bundle/chai';
import { bootMachine } from '../machine/machine-helpers';
import { clangStats } from '../../src/worker/clang/clang-service';

describe('clang, warm', function () {
  this.timeout(300_000);

  it('sees a header rewritten with the same size, a header removed and a tree moved', async () => {
    const m = await bootMachine();
    const must = async (line: string) => {
      const r = await m.sh(line);
      if (r.code !== 0) throw new Error(`${line}: exit ${r.code}: ${r.err}`);
      return r.out;
    };
    await must('mkdir -p /tmp/w/inc && printf "int first;\\n" > /tmp/w/inc/h.h');
    await must('printf "#include <h.h>\\n" > /tmp/w/a.c');
    const pre = 'clang -E -P -nostdinc -I /tmp/w/inc /tmp/w/a.c';
    expect(await must(pre)).to.contain('int first;');
    // Same size, same line: only the bytes differ.
    expect(await must(`printf "int other;\\n" > /tmp/w/inc/h.h && ${pre}`)).to.contain(
      'int other;',
    );
    expect(await must(pre)).to.contain('int other;');
    await must('rm /tmp/w/inc/h.h');
    const gone = await m.sh(pre);
    expect(gone.code).to.not.equal(0);
    expect(gone.err).to.match(/'h\.h' file not found/);
    await must('mkdir /tmp/v && printf "int moved;\\n" > /tmp/v/h.h');
    expect(await must('clang -E -P -nostdinc -I /tmp/v /tmp/w/a.c')).to.contain('int moved;');
  });

  it('keeps one clang worker from compile to compile (the end of a command is no Ctrl-C)', async () => {
    const m = await bootMachine();
    await m.sh('printf "int x;\\n" > /tmp/one.c');
    const before = clangStats.starts;
    for (let i = 0; i < 3; i++)
      expect((await m.sh('clang -E -P -nostdinc /tmp/one.c')).code).to.equal(0);
    expect(clangStats.starts - before).to.equal(1);
  });
});
