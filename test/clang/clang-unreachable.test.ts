/** Before its first use clang is not on the machine; with its host unreachable, the command says so. */
import { expect } from '@esm-bundle/chai';
import { Machine } from '../../src/worker/machine';
import { demoArtifacts } from '../machine/machine-helpers';

describe('clang with its download unreachable', () => {
  it('says it cannot download the compiler, and the machine goes on', async () => {
    const machine = new Machine();
    // Port 9 (discard) on loopback: nothing listens, the fetch fails as offline does.
    machine.bootWith({ ...(await demoArtifacts()), baseUrl: 'http://127.0.0.1:9/kernel/' });
    let err = '';
    let out = '';
    const io = {
      write: (c: string, s: 'stdout' | 'stderr') => void (s === 'stderr' ? (err += c) : (out += c)),
    };
    expect(await machine.run('echo kept > /tmp/kept; clang -fsyntax-only /tmp/kept', io)).to.equal(
      1,
    );
    expect(err).to.match(
      /^clang: cannot download the compiler \(clang-assets\.json\): the network is unreachable and it is not cached yet/,
    );
    out = '';
    expect(await machine.run('cat /tmp/kept', io)).to.equal(0);
    expect(out).to.equal('kept\n');
  });
});
