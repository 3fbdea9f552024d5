/**
 * The shell's forms: `kh-sym` finds struct task_struct where ctags does and
 * its references are the lines `grep -rnw` finds (both Debian's, run at
 * test time); `kh-ifdef` and `kh-diff` answer, and `help` lists all three.
 */
import { expect } from '@esm-bundle/chai';
import { bootMachine } from '../machine/machine-helpers';

describe('kh-sym, kh-ifdef, kh-diff', function () {
  this.timeout(600_000);

  it('answer in the shell as ctags and grep do on the same tree, and are in help', async () => {
    const m = await bootMachine();
    const root = `/tmp/kheaders-${m.release}`;
    const r = await m.sh(
      `modprobe kheaders && mkdir -p ${root} && tar -xf /sys/kernel/kheaders.tar.xz -C ${root}`,
    );
    expect(r.code, r.err).to.equal(0);
    const { output } = (await (await fetch('/__native/ctags')).json()) as { output: string };
    const tag = /^task_struct\tstruct\t(?:\.\/)?(\S+)\t(\d+)$/m.exec(output)!;
    const sym = await m.sh(`cd ${root} && kh-sym task_struct`);
    expect(sym.out).to.match(new RegExp(`^struct +task_struct  ${tag[1]}:${tag[2]}$`, 'm'));
    expect((await m.sh(`kh-sym -s task_stru ${root}`)).out.split('\n')[0]).to.contain(
      'struct         task_struct',
    );

    const grep = (await (await fetch('/__native/grep-w?name=task_struct')).json()) as {
      output: string;
    };
    const native = new Set(
      grep.output
        .trim()
        .split('\n')
        .map((l) => l.replace(/^\.\//, '').replace(/^([^:]+:\d+):.*$/, '$1')),
    );
    const refs = await m.sh(`cd ${root} && kh-sym -r task_struct`);
    const ours = refs.out
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('('))
      .map((l) => l.replace(/^([^:]+:\d+):.*$/, '$1'));
    expect(ours.length).to.be.above(100);
    for (const l of ours) expect(native.has(l), l).to.equal(true);
    expect(ours.length / native.size, 'share of grep -w lines').to.be.above(0.95);

    const ifdef = await m.sh(`kh-ifdef ${root}/include/linux/sched.h`);
    expect(ifdef.out).to.match(/#ifdef CONFIG_SCHED_CORE {2}\(CONFIG_SCHED_CORE is not set\)/);
    expect(ifdef.out).to.match(/^\d+ in, \d+ out, \d+ unknown under /m);
    expect((await m.sh(`kh-diff ${root} ${root}`)).out).to.match(
      /^0 added, 0 removed, 0 changed, \d+ unchanged/,
    );
    const help = await m.sh('help');
    for (const c of ['kh-sym', 'kh-ifdef', 'kh-diff', 'diff'])
      expect(help.out).to.match(new RegExp(`^  ${c} +\\S`, 'm'));
  });
});
