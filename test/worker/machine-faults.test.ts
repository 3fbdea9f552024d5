/**
 * Faults injected into the real worker, and the page's recovery: the
 * worker crashes (an uncaught error), the wasm decoder traps mid-decode (a
 * real out-of-bounds write inside xz-embedded), and a command ignores
 * Ctrl-C. Each time the supervisor restarts the machine and puts back the
 * config, the loaded modules, the shell's directory and the files under
 * /tmp, /home and the root as they were after the last finished command.
 */
import { expect } from '@esm-bundle/chai';
import type { CommandIo } from '../../src/shared/worker-api';
import { MachineClient, type MachineFault } from '../../src/client/machine-client';

const KERNEL = new URL('/public/kernel/', location.href).href;

interface Ran {
  out: string;
  err: string;
  code: number;
}

async function sh(
  machine: MachineClient,
  line: string,
  onOutput: (chunk: string) => void = () => {},
): Promise<Ran> {
  let out = '';
  let err = '';
  const io: CommandIo = {
    write: (chunk, stream) => {
      if (stream === 'stdout') out += chunk;
      else err += chunk;
      onOutput(chunk);
    },
  };
  try {
    const code = await machine.run(line, io);
    return { out, err, code };
  } catch (e) {
    return { out, err: err + (e as Error).message, code: -1 };
  }
}

/** Resolves with the supervisor's report once it reaches `phase`. */
function faultReaching(
  machine: MachineClient,
  phase: MachineFault['phase'],
): Promise<MachineFault[]> {
  const seen: MachineFault[] = [];
  return new Promise((resolve) =>
    machine.onFault((f) => {
      seen.push(f);
      if (f.phase === phase) resolve(seen);
    }),
  );
}

describe('machine faults: crash, trap, ignored Ctrl-C', function () {
  this.timeout(120_000);
  let machine: MachineClient;

  beforeEach(async () => {
    machine = new MachineClient();
    await machine.boot(KERNEL);
  });
  afterEach(() => machine.terminate());

  /** A state worth losing: a module loaded, extracted headers, a note in /home, a new cwd. */
  async function makeState(): Promise<{ release: string; headers: string }> {
    const release = (await sh(machine, 'uname -r')).out.trim();
    const setup = await sh(
      machine,
      `modprobe kheaders && mkdir -p /tmp/kh && tar -xf /sys/kernel/kheaders.tar.xz -C /tmp/kh && echo keep me > /home/note && cd /tmp/kh && export LESSON=3`,
    );
    expect(setup.code, setup.err).to.equal(0);
    const headers = (await sh(machine, 'find /tmp/kh -type f | wc -l')).out.trim();
    expect(Number(headers)).to.be.greaterThan(1000);
    return { release, headers };
  }

  async function expectRestored(before: { headers: string }): Promise<void> {
    expect((await sh(machine, 'find /tmp/kh -type f | wc -l')).out.trim()).to.equal(before.headers);
    expect((await sh(machine, 'cat /home/note')).out).to.equal('keep me\n');
    expect((await sh(machine, 'pwd')).out).to.equal('/tmp/kh\n');
    expect((await sh(machine, 'echo $LESSON')).out).to.equal('3\n');
    expect((await sh(machine, 'lsmod')).out).to.match(/^kheaders\s/m);
    expect((await sh(machine, 'ls -l /sys/kernel/kheaders.tar.xz')).code).to.equal(0);
    const state = await machine.getState();
    expect(state.modules.find((m) => m.name === 'kheaders')?.status).to.equal('loaded');
  }

  it('restarts after the worker crashes and restores modules, files and the shell', async () => {
    const before = await makeState();
    const restored = faultReaching(machine, 'restored');
    await machine.drill('worker-crash');
    const reports = await restored;
    expect(reports[0]).to.include({ phase: 'restarting' });
    expect(reports[0]!.reason).to.deep.include({ kind: 'crash' });
    expect(reports[0]!.reason)
      .to.have.property('message')
      .match(/fault drill: the machine’s worker crashed/);
    // /home is on the disk, which a restarted worker reads again: the snapshot names /tmp.
    expect(reports.at(-1)!.message).to.match(
      /kheaders loaded and [\d,]+ files under \/tmp \(~ is as the disk kept it\)/,
    );
    await expectRestored(before);
  });

  it('a picked File comes back after a crash: read again from the same File, kept without a copy', async () => {
    const file = new File(
      [await (await fetch(new URL('kheaders.tar.xz', KERNEL))).blob()],
      'mine.tar.xz',
    );
    const summary = await machine.loadArchive({ kind: 'blob', blob: file, name: file.name });
    expect(summary).to.include({ format: 'xz', verified: true });
    const listed = (await sh(machine, 'find /mnt/mine.tar.xz | wc -l')).out;
    const restored = faultReaching(machine, 'restored');
    await machine.drill('worker-crash');
    const reports = await restored;
    expect(reports.at(-1)!.message).to.match(/ Reopened mine\.tar\.xz\.$/);
    expect((await machine.getState()).mounts.map((m) => m.name)).to.deep.equal(['mine.tar.xz']);
    expect((await sh(machine, 'find /mnt/mine.tar.xz | wc -l')).out).to.equal(listed);
  });

  it('restarts after the wasm decoder traps mid-extraction; the failed line changed nothing', async () => {
    const setup = await sh(
      machine,
      'modprobe kheaders && echo keep me > /home/note && cd /tmp && export LESSON=3',
    );
    expect(setup.code, setup.err).to.equal(0);
    const restored = faultReaching(machine, 'restored');
    await machine.drill('wasm-trap');
    // The first decode of the archive: xz-embedded's single-call mode, straight into the heap.
    const r = await sh(
      machine,
      'mkdir -p /tmp/kh && tar -xf /sys/kernel/kheaders.tar.xz -C /tmp/kh',
    );
    // tar may report the trap itself before the worker's report of it ends the machine.
    expect(r.code).to.be.oneOf([2, -1]);
    expect(r.err).to.match(/memory access out of bounds|trapped in/);
    const reports = await restored;
    expect(reports[0]!.reason).to.deep.include({ kind: 'wasm-trap' });
    expect(reports[0]!.reason)
      .to.have.property('message')
      .match(/out of bounds/);
    expect((await sh(machine, 'cat /home/note')).out).to.equal('keep me\n');
    expect((await sh(machine, 'pwd; echo $LESSON')).out).to.equal('/tmp\n3\n');
    expect((await sh(machine, 'lsmod')).out).to.match(/^kheaders\s/m);
    // The line that met the trap is undone as a whole: /tmp/kh came after the last snapshot.
    expect((await sh(machine, 'ls -d /tmp/kh')).code).to.equal(2);
    // And the decoder works on the new machine.
    const again = await sh(
      machine,
      'mkdir -p /tmp/kh && tar -xf /sys/kernel/kheaders.tar.xz -C /tmp/kh',
    );
    expect(again.code, again.err).to.equal(0);
  });

  it('restarts after a trap while an archive streams in; nothing half-mounted remains', async () => {
    const url = new URL('kheaders.tar.xz', KERNEL).href;
    await machine.loadArchive({ kind: 'url', url, name: 'first.tar.xz' });
    const restored = faultReaching(machine, 'restored');
    await machine.drill('wasm-trap');
    let error = '';
    await machine
      .loadArchive({ kind: 'url', url, name: 'second.tar.xz' })
      .catch((e: Error) => (error = e.message));
    expect(error).to.match(/^The machine stopped \(.*trapped in/);
    await restored;
    const mounts = (await machine.getState()).mounts.map((m) => m.name);
    expect(mounts).to.deep.equal(['first.tar.xz']);
    expect((await sh(machine, 'ls /mnt')).out).to.not.match(/second/);
  });

  it('stops a loop that never yields at once, through the shared Ctrl-C flag', async () => {
    expect(crossOriginIsolated, 'the test server sends COOP/COEP').to.equal(true);
    // The loop never yields, so only the shared flag can reach it before it ends.
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const loop = sh(
      machine,
      'echo started; for i in $(seq 1 99000); do x=$((x+i)); done; echo finished',
      started,
    );
    await running;
    await machine.interrupt();
    const r = await loop;
    expect(r.code).to.equal(130);
    expect(r.out).to.equal('started\n');
    expect((await sh(machine, 'echo still here')).out).to.equal('still here\n');
  });

  it('restarts a machine that no longer answers Ctrl-C, keeping what came before', async () => {
    const before = await makeState();
    const restored = faultReaching(machine, 'restored');
    await machine.drill('hang');
    const stuck = sh(machine, 'echo never answered');
    // How long the supervisor waits (INTERRUPT_GRACE_MS) is the bench's to time, not this test's.
    const interrupted = machine.interrupt().catch((e: Error) => e.message);
    const r = await stuck;
    expect(r.err).to.match(/did not stop on Ctrl-C, so the machine was restarted/);
    expect(await interrupted).to.match(/did not stop on Ctrl-C/);
    // The supervisor's words come from the fault's kind, not from matching its text.
    expect((await restored)[0]!.reason).to.deep.equal({ kind: 'ignored-interrupt' });
    await expectRestored(before);
  });

  it('gives up after repeated crashes instead of looping, and says so', async () => {
    let failed: MachineFault | undefined;
    machine.onFault((f) => f.phase === 'failed' && (failed = f));
    for (let i = 0; i < 4 && !failed; i++) {
      const next = new Promise<void>((resolve) =>
        machine.onFault((f) => f.phase !== 'restarting' && resolve()),
      );
      await machine.drill('worker-crash');
      await next;
    }
    expect(failed?.message).to.match(/Reload the page/);
    let error = '';
    await machine.getState().catch((e: Error) => (error = e.message));
    expect(error).to.match(/Reload the page/);
  });
});
