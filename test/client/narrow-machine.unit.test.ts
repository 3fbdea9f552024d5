import { describe, it } from 'node:test';
import { expect } from '@esm-bundle/chai';
import { narrowMachine } from '../../src/client/narrow-machine';

/** A machine of a few methods, its folders in a Map. */
const machineWith = (dirs: Record<string, string[]>) => ({
  readDir: async (path: string) => (dirs[path] ?? []).map((name) => ({ name })),
  restore: async () => 'restored',
  run: async () => 0,
});

describe('narrowMachine', () => {
  it('gives a view only the methods named, called on the machine of the moment', async () => {
    let machine = machineWith({ '/a': ['x.h'] });
    const tree = narrowMachine(() => machine, 'readDir');
    expect(Object.keys(tree)).to.deep.equal(['readDir']);
    expect('drill' in tree || 'restore' in tree || 'run' in tree).to.equal(false);
    expect((await tree.readDir('/a')).map((e) => e.name)).to.deep.equal(['x.h']);
    // A new machine (a restarted worker, a test's fake) is the one called from then on.
    machine = machineWith({ '/a': ['y.h'] });
    expect((await tree.readDir('/a')).map((e) => e.name)).to.deep.equal(['y.h']);
  });
});
