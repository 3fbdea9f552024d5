/**
 * The screen reader's transcript follows a long command while it runs, as
 * the screen does: its entry is there from the start and grows in chunks;
 * it used to arrive whole only when the command ended.
 */
import { expect } from '@esm-bundle/chai';
import type { CommandIo } from '../../../src/shared/worker-api';
import { TerminalSession, type TerminalMachine } from '../../../src/ui/terminal/terminal-session';

/** A command that prints a line, waits for the test, prints another. */
class SlowMachine {
  private go: (() => void) | undefined;
  readonly waiting = new Promise<void>((r) => (this.arrived = r));
  private arrived!: () => void;
  finish(): void {
    this.go?.();
  }
  async run(_line: string, io: CommandIo): Promise<number> {
    io.write('first part\n', 'stdout');
    await new Promise<void>((resolve) => {
      this.go = resolve;
      this.arrived();
    });
    io.write('second part\n', 'stdout');
    return 0;
  }
  async cwd() {
    return '/root';
  }
  async interrupt() {}
  async complete() {
    return { from: 0, candidates: [] };
  }
}

/** Resolves at the first 'change' after which the test holds. */
function changeWhere(session: TerminalSession, test: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const on = () => {
      if (!test()) return;
      session.removeEventListener('change', on);
      resolve();
    };
    session.addEventListener('change', on);
  });
}

describe('live transcript', () => {
  it('has the output printed so far while the command still runs', async () => {
    localStorage.clear();
    const machine = new SlowMachine();
    const session = new TerminalSession(() => machine as unknown as TerminalMachine);
    const seen = changeWhere(session, () => !!session.transcript.at(-1)?.includes('first part'));
    const done = session.execute('long-command');
    await machine.waiting;
    await seen;
    expect(session.running).to.equal(true);
    expect(session.transcript.at(-1)).to.equal('$ long-command\nfirst part\n');
    machine.finish();
    expect(await done).to.equal(0);
    expect(session.transcript.at(-1)).to.equal('$ long-command\nfirst part\nsecond part\n');
    expect(session.transcript.filter((t) => t.startsWith('$ long-command'))).to.have.length(1);
  });
});
