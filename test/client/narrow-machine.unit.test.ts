import { describe, it } from 'node:test';
import { expect } from '@esm-bundle/chai';
import { narrowMachine } from '../../src/client/narrow-machine';
import { FakeMachine } from '../ui/fake-machine';

describe('narrowMachine', () => {
  it('gives a view only the methods named, called on the machine of the moment', async () => {
    let machine = new FakeMachine({ '/a/x.h': 'int x;\n' });
    const tree = narrowMachine(() => machine, 'readDir');
    expect(Object.keys(tree)).to.deep.equal(['readDir']);
    expect('drill' in tree || 'restore' in tree || 'run' in tree).to.equal(false);
    expect((await tree.readDir('/a')).map((e) => e.name)).to.deep.equal(['x.h']);
    // A new machine (a restarted worker, a test's fake) is the one called from then on.
    machine = new FakeMachine({ '/a/y.h': 'int y;\n' });
    expect((await tree.readDir('/a')).map((e) => e.name)).to.deep.equal(['y.h']);
  });
});
