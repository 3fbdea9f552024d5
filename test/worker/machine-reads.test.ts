/**
 * Every file of the demo archive reads back byte-identical through every
 * reading path (a file argument, cat, `<`, cp, head), in the real worker,
 * whose stack is smaller than the page's: files over ~62 KB once failed
 * there as "No such file or directory". Expected output: Debian's tar and
 * coreutils on the same archive, run by the test server (test/native/).
 */
import { expect } from '@esm-bundle/chai';
import { proxy, wrap } from 'comlink';
import type { MachineApi } from '../../src/shared/worker-api';

interface Native {
  script: string;
  output: string;
}

const native = async (name: string): Promise<Native> =>
  (await (await fetch(`/__native/${name}`)).json()) as Native;

describe('machine worker: reading every file', function () {
  this.timeout(300_000);
  let worker: Worker;
  let machine: ReturnType<typeof wrap<MachineApi>>;

  const sh = async (line: string) => {
    let out = '';
    let err = '';
    const code = await machine.run(
      line,
      proxy({
        write: (chunk: string, stream: 'stdout' | 'stderr') => {
          if (stream === 'stdout') out += chunk;
          else err += chunk;
        },
      }),
    );
    return { out, err, code };
  };

  before(async () => {
    worker = new Worker(new URL('../../src/worker/main.ts', import.meta.url), { type: 'module' });
    machine = wrap<MachineApi>(worker);
    await machine.boot(new URL('/public/kernel/', location.href).href);
    const r = await sh(
      'modprobe kheaders && mkdir -p /tmp/kh && tar -xf /sys/kernel/kheaders.tar.xz -C /tmp/kh && cd /tmp/kh',
    );
    expect(r).to.deep.equal({ out: '', err: '', code: 0 });
  });
  after(() => worker.terminate());

  for (const name of ['tree-sha256', 'tree-cat', 'tree-redirect', 'big-files']) {
    it(`${name}: the same output as GNU tar and coreutils`, async () => {
      const { script, output } = await native(name);
      const r = await sh(script);
      expect(r.err).to.equal('');
      expect(r.code).to.equal(0);
      const lines = (text: string) => text.split('\n').sort();
      expect(lines(r.out).length, 'lines').to.equal(lines(output).length);
      expect(lines(r.out).join('\n')).to.equal(lines(output).join('\n'));
    });
  }
});
