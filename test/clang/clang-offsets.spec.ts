/**
 * The clang command in the machine's shell compiles BCC-style against the
 * extracted kheaders trees of both kernels, and finds the offsets native gcc
 * finds on the same archives with the same flags.
 */
import { expect } from '@esm-bundle/chai';
import { bccLine, gccSays, irInts, twoTrees } from './clang-helpers';

describe('clang against the extracted headers', function () {
  this.timeout(300_000);

  it('finds the offsets and sizes gcc finds, on this kernel and the other', async () => {
    const m = await twoTrees();
    const demo = await m.must(
      `${bccLine(m.trees.demo, '-emit-llvm -S /root/probe.c -o /root/demo.ll')} && cat /root/demo.ll`,
    );
    const other = await m.must(
      `${bccLine(m.trees.other, '-emit-llvm -S probe.c -o other.ll')} && cat other.ll`,
    );
    const ours = { demo: irInts(demo.out), other: irInts(other.out) };
    const gcc = {
      demo: await gccSays('public/kernel/kheaders.tar.xz'),
      other: await gccSays(`public/kernel/${m.manifest.other!.kheaders.path}`),
    };
    expect(Object.keys(gcc.demo)).to.have.length.above(4);
    expect(ours).to.deep.equal(gcc);
    // The second kernel's config moves the fields a probe reads.
    expect(ours.other.task_pid_offset).to.not.equal(ours.demo.task_pid_offset);
  });

  it('finds a quoted include beside the source, and writes -o back, as clang does', async () => {
    const m = await twoTrees();
    await m.must(`mkdir -p /root/w && echo '#define ANSWER 42' > /root/w/answer.h`);
    await m.must(
      `echo '#include "answer.h"' > /root/w/main.c && echo 'int answer = ANSWER;' >> /root/w/main.c`,
    );
    const r = await m.must('cd /root/w && clang -emit-llvm -S main.c -o main.ll && cat main.ll');
    expect(irInts(r.out)).to.deep.equal({ answer: 42 });
    const bad = await m.sh('cd /root/w && clang -fsyntax-only missing.c');
    expect(bad.code).to.equal(1);
    expect(bad.err).to.contain("no such file or directory: '/root/w/missing.c'");
  });

  it('says in one sentence that this build makes no x86 object, and what to use', async () => {
    const m = await twoTrees();
    const r = await m.sh(bccLine(m.trees.demo, '-c /root/probe.c -o /root/probe.o'));
    expect(r.code).to.equal(1);
    expect(r.err).to.match(/cannot make an object file for x86_64.*-emit-llvm/);
    expect((await m.sh('ls /root/probe.o')).code).to.not.equal(0);
  });
});
