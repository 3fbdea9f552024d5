/**
 * Ctrl-C during a compile ends it (clang's worker is terminated, status
 * 130), the machine's files stay, and the next compile starts a fresh
 * worker, given the modules the first one compiled (nothing fetched or
 * compiled again), and gives the same answer as before.
 */
import { expect } from '@esm-bundle/chai';
import { clangStats } from '../../src/worker/clang/clang-service';
import { until } from '../ui/fake-machine';
import { bccLine, irInts, twoTrees } from './clang-helpers';

describe('Ctrl-C in clang', function () {
  this.timeout(300_000);

  it('ends the compile, and the next one works', async () => {
    const m = await twoTrees();
    const compile = `${bccLine(m.trees.demo, '-emit-llvm -S /root/probe.c -o /root/p.ll')} && cat /root/p.ll`;
    const before = irInts((await m.must(compile)).out);
    const startsBefore = clangStats.starts;
    // Once the clang worker is warm, the compile itself is what is running when Ctrl-C comes.
    let err = '';
    const running = m.machine.run(compile.replace('/root/p.ll', '/root/q.ll'), {
      write: (c, s) => void (s === 'stderr' && (err += c)),
    });
    await until(() => clangStats.compiling > 0, 'the compile to start', 120_000);
    await m.machine.interrupt();
    expect(await running, err).to.equal(130);
    expect((await m.sh('ls /root/q.ll')).code).to.not.equal(0);
    expect(irInts((await m.must(compile)).out)).to.deep.equal(before);
    expect(clangStats.starts, 'a fresh worker').to.equal(startsBefore + 1);
    expect(clangStats.load?.reused, 'every module given compiled').to.be.greaterThan(0);
    expect(clangStats.load?.downloadBytes).to.equal(0);
    expect((await m.must(`ls ${m.trees.demo}/include/linux/kconfig.h`)).out).to.contain(
      'kconfig.h',
    );
  });
});
