/**
 * The shell's bad days: unknown commands, bad flags, Ctrl-C and a full
 * /tmp each give the message a real system gives, and the shell still
 * answers afterwards.
 */
import { expect } from '@esm-bundle/chai';
import { bootMachine } from './machine-helpers';

describe('machine errors: the shell stays usable', function () {
  this.timeout(60_000);

  it('an unknown command: bash: foo: command not found, status 127', async () => {
    const { sh } = await bootMachine();
    expect(await sh('foo')).to.deep.equal({
      out: '',
      err: 'bash: foo: command not found\n',
      code: 127,
    });
    expect((await sh('foo; echo $?')).out).to.equal('127\n');
  });

  it("bad flags give getopt's message under the tool's name, and status 1", async () => {
    const { sh } = await bootMachine();
    // kmod 30 returns at once on getopt's '?': nothing follows its line.
    expect(await sh('modprobe --bogus')).to.deep.equal({
      out: '',
      err: "modprobe: unrecognized option '--bogus'\n",
      code: 1,
    });
    expect(await sh('rmmod -z kheaders')).to.deep.equal({
      out: '',
      err: "rmmod: invalid option -- 'z'\n",
      code: 1,
    });
    expect(await sh('uname --bogus')).to.deep.equal({
      out: '',
      err: "uname: unrecognized option '--bogus'\nTry 'uname --help' for more information.\n",
      code: 1,
    });
    expect(await sh('echo ok')).to.deep.equal({ out: 'ok\n', err: '', code: 0 });
  });

  it('interrupt() ends a sleep and a loop with status 130; the next command runs', async () => {
    const { machine, sh } = await bootMachine();
    for (const line of ['sleep 600', 'while true; do sleep 0.01; done']) {
      // The line has started once its first output arrives; only Ctrl-C can end it.
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      const run = machine.run(`echo go; ${line}`, { write: started });
      await running;
      await machine.interrupt();
      expect(await run, line).to.equal(130);
      expect(await sh('echo ok')).to.deep.equal({ out: 'ok\n', err: '', code: 0 });
    }
  });

  it('a full /tmp ends tar with No space left on device; earlier files stay', async () => {
    const { sh, release } = await bootMachine({ tmpfsBytes: 8 * 1024 * 1024 });
    expect((await sh('echo kept > /tmp/note && modprobe kheaders')).code).to.equal(0);
    const r = await sh(
      `mkdir -p /tmp/kheaders-${release} && tar -xf /sys/kernel/kheaders.tar.xz -C /tmp/kheaders-${release}`,
    );
    expect(r.out).to.equal('');
    expect(r.code).to.equal(2);
    const lines = r.err.split('\n');
    expect(lines[0]).to.match(/^tar: \.\/\S+\.h: Cannot write: No space left on device$/);
    expect(lines.at(-2)).to.equal('tar: Exiting with failure status due to previous errors');
    expect(await sh('echo ok; cat /tmp/note')).to.deep.equal({
      out: 'ok\nkept\n',
      err: '',
      code: 0,
    });
    // Freeing the space makes room again.
    expect(
      (await sh(`rm -rf /tmp/kheaders-${release} && echo again > /tmp/more && cat /tmp/more`)).out,
    ).to.equal('again\n');
  });
});
