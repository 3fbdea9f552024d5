/**
 * `-o -` means standard output to clang and gcc alike: the IR or the
 * preprocessed text is printed, and no file named `-` appears in the
 * directory (it did: the plan made `-` a path under the shell's cwd).
 */
import { expect } from '@esm-bundle/chai';
import { planClang } from '../../src/worker/clang/clang-args';
import { bootMachine } from '../machine/machine-helpers';

describe('clang -o -', function () {
  this.timeout(180_000);

  it('plans no output file for -o - or -o-', () => {
    for (const o of [['-o', '-'], ['-o-']]) {
      const p = planClang(['-E', 'x.c', ...o], '/root');
      expect(p.output, o.join(' ')).to.equal(undefined);
      expect(p.args.join(' ')).to.match(/-o ?-$/);
    }
  });

  it('prints the result and leaves no file named -', async () => {
    const { sh } = await bootMachine();
    await sh("printf 'int kh_answer = 6 * 7;\\n' > /root/x.c");
    const r = await sh('cd /root && clang -target x86_64-unknown-linux-gnu -emit-llvm -S x.c -o -');
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(/^@kh_answer = [^\n]*global i32 42/m);
    expect((await sh('ls /root')).out.split('\n')).not.to.include('-');
  });
});
