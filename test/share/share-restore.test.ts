import { expect } from '@esm-bundle/chai';
import type { DemoFacts } from '../../src/share/demo-manifest';
import {
  moduleCommands,
  restoreShareState,
  type RestoreTarget,
} from '../../src/share/share-restore';
import { decodeShareState, type ShareState } from '../../src/share/share-state';
import { FakeMachine } from '../ui/fake-machine';

const demo: DemoFacts = {
  release: '6.1.0-kh',
  sha256: '144c08f8f966fc1405725128fd27ac62360a0d0749df157ff3ad073832ec9a7d',
  archiveBytes: 4_017_236,
  objectBytes: 4_021_392,
  coreBytes: 4_026_368,
  tarBytes: 31_528_960,
  files: 6368,
  configGzBytes: 30_953,
};

/** A restore target over the fake machine that records what it was asked. */
function target(machine: FakeMachine) {
  const opened: [string, number, number][] = [];
  const t: RestoreTarget = {
    machine,
    execute: (cmd) => machine.run(cmd, { write: () => undefined }),
    openFile: async (path, from, to) => {
      opened.push([path, from, to]);
      return machine.files.has(path);
    },
  };
  return { t, opened };
}

const link = (hash: string): ShareState => {
  const r = decodeShareState(hash);
  if (!r.ok) throw new Error(r.error);
  return r.state;
};

describe('opening a share link', () => {
  it('applies config, modules, commands and file in that order', async () => {
    const machine = new FakeMachine({ '/proc/meminfo': 'MemTotal: 1 kB\n' });
    const { t, opened } = target(machine);
    const notice = await restoreShareState(
      link('#v=1&a=6.1.0-kh:144c08f8&k=pmy1&m=kheaders&f=/proc/meminfo&L2-L3&x=echo%20hi'),
      t,
      demo,
    );
    expect(notice).to.equal('');
    expect(machine.configs).to.deep.equal([
      { era: 'proc-5.2-rc1', IKHEADERS: 'm', IKCONFIG: 'y', IKCONFIG_PROC: true },
    ]);
    expect(machine.ran).to.deep.equal(['modprobe kheaders', 'echo hi']);
    expect(opened).to.deep.equal([['/proc/meminfo', 2, 3]]);
  });

  it('unloads what the link does not list, and leaves the config alone when it matches', async () => {
    const machine = new FakeMachine();
    await machine.run('modprobe kheaders', { write: () => undefined });
    const { t } = target(machine);
    await restoreShareState(link('#v=1&k=smy1'), t, demo);
    expect(machine.configs).to.deep.equal([]);
    expect(machine.ran.slice(1)).to.deep.equal(['rmmod kheaders']);
  });

  it('a version 0 link does not touch modules', async () => {
    const machine = new FakeMachine({ '/a.h': 'x\n' });
    await machine.run('modprobe kheaders', { write: () => undefined });
    const { t, opened } = target(machine);
    await restoreShareState(link('#file=/a.h&L1'), t, demo);
    expect(machine.ran).to.deep.equal(['modprobe kheaders']);
    expect(opened).to.deep.equal([['/a.h', 1, 1]]);
  });

  it('says so, and opens nothing, when the archive differs', async () => {
    const machine = new FakeMachine({ '/a.h': 'x\n' });
    const { t, opened } = target(machine);
    const notice = await restoreShareState(
      link('#v=1&a=6.1.0-kh:deadbeef&m=kheaders&f=/a.h&x=echo%20no'),
      t,
      demo,
    );
    expect(notice).to.match(/different demo archive .*deadbeef.*144c08f8…\)\. /);
    expect(machine.ran).to.deep.equal([]);
    expect(opened).to.deep.equal([]);
  });

  it('reports a file that is not there', async () => {
    const { t } = target(new FakeMachine());
    const notice = await restoreShareState(link('#v=1&f=/nope.h'), t, demo);
    expect(notice).to.match(/\/nope\.h is not there/);
  });

  it('moduleCommands leaves built-in modules alone', async () => {
    const machine = new FakeMachine();
    const state = await machine.getState();
    expect(moduleCommands(state, ['configs', 'kheaders'])).to.deep.equal(['modprobe kheaders']);
    expect(moduleCommands(state, [])).to.deep.equal([]);
  });
});
