/**
 * A command tells the page what it changed on its own stream, and ends with
 * one result that carries what the page needs after it: the shell's
 * directory and user, the state when it changed, the folders it wrote in
 * with the new listings of those the page shows, and the restart point
 * (when files changed, it follows the result with them). The page asks
 * nothing after a command.
 */
import { expect } from '@esm-bundle/chai';
import type {
  CommandResult,
  MachineChange,
  MachineSnapshot,
  RunOptions,
} from '../../src/shared/worker-api';
import type { Machine } from '../../src/worker/machine';
import { bootMachine } from '../machine/machine-helpers';
import { until } from '../ui/fake-machine';

/** One line, as the page's bridge runs it: output, changes and the result, in the order they came. */
async function command(machine: Machine, line: string, options: RunOptions = {}) {
  const heard: string[] = [];
  const changes: MachineChange[] = [];
  let result: CommandResult | undefined;
  let kept: MachineSnapshot | undefined;
  let out = '';
  const code = await machine.run(
    line,
    {
      write: (chunk) => {
        out += chunk;
        heard.push('write');
      },
      changed: (c) => {
        changes.push(c);
        heard.push('changed');
      },
      done: (r) => {
        result = r;
        heard.push('done');
      },
      checkpoint: (snapshot) => {
        kept = snapshot;
        heard.push('checkpoint');
      },
    },
    { report: true, ...options },
  );
  if (!result) throw new Error(`no result for ${line}`);
  return { code, out, heard, changes, result, kept };
}

const names = (r: CommandResult, path: string) =>
  r.listings.find((l) => l.path === path)?.entries?.map((e) => e.name) ?? null;

describe('a command’s changes and result', function () {
  this.timeout(60_000);

  it('ends with the directory, the user, the new state, then the restart point with files', async () => {
    const { machine } = await bootMachine();
    const { result, heard, kept } = await command(machine, 'modprobe kheaders && cd /tmp', {
      watch: ['/', '/sys/kernel', '/tmp'],
    });
    // The page holds no files yet: the restart point brings them, after the result.
    expect(heard).to.deep.equal(['done', 'checkpoint']);
    expect(result).to.include({ exitCode: 0, cwd: '/tmp' });
    expect(result.user).to.deep.equal({ user: 'root', home: '/root' });
    expect(result.state?.modules.find((m) => m.name === 'kheaders')?.status).to.equal('loaded');
    // The module's file appeared in /sys/kernel: its new listing comes along; / and /tmp did not change.
    expect(names(result, '/sys/kernel')).to.include('kheaders.tar.xz');
    expect(result.listings.map((l) => l.path)).to.deep.equal(['/sys/kernel']);
    expect(result.checkpoint).to.equal(undefined);
    expect(kept).to.include({ cwd: '/tmp' });
    expect(kept?.loaded).to.deep.equal(['kheaders']);
    expect(kept?.files).to.be.an('array');
  });

  it('names nothing for a line that changes nothing, and leaves the files the page holds out', async () => {
    const { machine } = await bootMachine();
    const first = await command(machine, 'echo kept > /tmp/note');
    const generation = first.kept!.generation;
    const { result, out, heard } = await command(machine, 'ls /tmp', {
      watch: ['/', '/tmp'],
      knownGeneration: generation,
    });
    expect(out).to.equal('note\n');
    expect(heard).to.deep.equal(['write', 'done']);
    expect(result.state).to.equal(undefined);
    expect(result.dirs).to.deep.equal([]);
    expect(result.listings).to.deep.equal([]);
    expect(result.checkpoint?.generation).to.equal(generation);
    expect(result.checkpoint?.files).to.equal(undefined);
  });

  it('names the folders a line wrote in; a watched folder it removed is listed as gone', async () => {
    const { machine } = await bootMachine();
    await command(machine, 'mkdir -p /tmp/a/b && echo x > /tmp/a/b/f');
    const { result } = await command(machine, 'rm -r /tmp/a && echo y > /tmp/note', {
      watch: ['/', '/tmp', '/tmp/a', '/tmp/a/b'],
    });
    expect(result.dirs).to.include.members(['/tmp', '/tmp/a']);
    expect(names(result, '/tmp')).to.deep.equal(['note']);
    expect(names(result, '/tmp/a')).to.equal(null);
    expect(result.listings.map((l) => l.path)).to.not.include('/');
    // tmpfs pages: the memory the page shows changed.
    expect(result.state).to.not.equal(undefined);
  });

  it('a move changes the folder it left as well as the one it reached', async () => {
    const { machine } = await bootMachine();
    await command(machine, 'mkdir -p /tmp/from /root/to && echo x > /tmp/from/f');
    const { result } = await command(machine, 'mv /tmp/from/f /root/to/g', {
      watch: ['/', '/tmp', '/tmp/from', '/root', '/root/to'],
    });
    expect(result.dirs).to.include.members(['/tmp/from', '/root/to']);
    expect(names(result, '/tmp/from')).to.deep.equal([]);
    expect(names(result, '/root/to')).to.deep.equal(['g']);
  });

  it('tells a long line’s changes while it runs, before its result', async () => {
    const { machine } = await bootMachine();
    const r = await command(
      machine,
      'mkdir /tmp/slow; for i in 1 2 3; do touch /tmp/slow/f$i; sleep 0.3; done',
      { watch: ['/tmp', '/tmp/slow'] },
    );
    expect(r.code).to.equal(0);
    expect(r.changes.length).to.be.at.least(2);
    expect(r.heard.slice(-2)).to.deep.equal(['done', 'checkpoint']);
    expect(r.heard.slice(0, -2).every((h) => h === 'changed')).to.equal(true);
    const seen = r.changes.flatMap((c) => c.listings.filter((l) => l.path === '/tmp/slow'));
    expect(seen[0]?.entries?.map((e) => e.name)).to.deep.equal(['f1']);
  });

  it('between commands, a subscriber hears the state; a line with a page stream tells its own', async () => {
    const { machine } = await bootMachine();
    const states: string[] = [];
    await machine.subscribe((s) => states.push(s.modules[0]!.status));
    await until(() => states.length === 1, 'the present state, at once');
    await command(machine, 'modprobe kheaders');
    // A line without a page stream is told to subscribers: its state comes next, and
    // the modprobe's would have come before it (changes are told in order).
    await machine.run('rmmod kheaders', { write: () => {} });
    await until(() => states.length === 2, 'the rmmod told to the subscriber');
    expect(states[1]).to.equal('unloaded');
    expect(states).to.not.include('loaded');
  });
});
