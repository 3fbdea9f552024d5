/**
 * Every file of the demo archive reads back byte-identical through every
 * reading path (a file argument, cat, `<`, cp, head), in the real worker,
 * whose stack is smaller than the page's: files over ~62 KB once failed
 * there as "No such file or directory". Expected output: Debian's tar and
 * coreutils on the same archive, run by the test server (test/native/).
 */
import { expect } from '@esm-bundle/chai';
import { bootWorkerMachine, native, type WorkerMachine } from './worker-machine';

describe('machine worker: reading every file', function () {
  this.timeout(300_000);
  let booted: WorkerMachine;
  const sh = (line: string) => booted.sh(line);

  before(async () => {
    booted = await bootWorkerMachine();
    const r = await sh(
      'modprobe kheaders && mkdir -p /tmp/kh && tar -xf /sys/kernel/kheaders.tar.xz -C /tmp/kh && cd /tmp/kh',
    );
    expect(r).to.deep.equal({ out: '', err: '', code: 0 });
  });
  after(() => booted.terminate());

  for (const name of ['tree-sha256', 'tree-cat', 'tree-redirect', 'big-files']) {
    it(`${name}: the same output as GNU tar and coreutils`, async () => {
      const { script, output } = await native<{ script: string; output: string }>(name);
      const r = await sh(script);
      expect(r.err).to.equal('');
      expect(r.code).to.equal(0);
      const lines = (text: string) => text.split('\n').sort();
      expect(lines(r.out).length, 'lines').to.equal(lines(output).length);
      expect(lines(r.out).join('\n')).to.equal(lines(output).join('\n'));
    });
  }
});
