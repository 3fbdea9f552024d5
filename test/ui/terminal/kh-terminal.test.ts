import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/ui/terminal/kh-terminal';
import type { KhTerminal } from '../../../src/ui/terminal/kh-terminal';
import { FakeMachine, until } from '../fake-machine';

async function terminal(machine = new FakeMachine()): Promise<KhTerminal> {
  localStorage.clear();
  const el = document.createElement('kh-terminal');
  el.machine = machine;
  el.style.height = '300px';
  document.body.append(el);
  await until(() => el.hasAttribute('ready'), 'the terminal to load');
  return el;
}

describe('kh-terminal', () => {
  afterEach(() => document.querySelectorAll('kh-terminal').forEach((e) => e.remove()));

  it('shows a command the UI issued, its output, and a transcript entry', async () => {
    const machine = new FakeMachine();
    const el = await terminal(machine);
    expect(await el.execute('echo hello kernel')).to.equal(0);
    expect(machine.ran).to.deep.equal(['echo hello kernel']);
    expect(await el.screenText()).to.contain('# echo hello kernel');
    expect(await el.screenText()).to.contain('hello kernel');
    const log = el.shadowRoot!.querySelector('[role=log]')!;
    expect(log.textContent).to.contain('$ echo hello kernel');
  });

  it('runs what is typed, keeps history across reloads, and recalls it with ↑', async () => {
    const machine = new FakeMachine();
    const el = await terminal(machine);
    el.focus();
    await sendKeys({ type: 'echo typed' });
    await sendKeys({ press: 'Enter' });
    await until(() => machine.ran.length === 1, 'the command to run');
    expect(JSON.parse(localStorage.getItem('kheaders-playground:history')!)).to.deep.equal([
      'echo typed',
    ]);
    el.remove();
    const again = document.createElement('kh-terminal');
    again.machine = machine;
    document.body.append(again);
    await until(() => again.hasAttribute('ready'), 'the second terminal');
    again.focus();
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'Enter' });
    await until(() => machine.ran.length === 2, 'the recalled command');
    expect(machine.ran[1]).to.equal('echo typed');
  });

  it('keeps keys typed while a command runs and runs them after it, as a tty would', async () => {
    const machine = new FakeMachine();
    const el = await terminal(machine);
    el.focus();
    await sendKeys({ type: 'hold' });
    await sendKeys({ press: 'Enter' });
    await until(() => machine.ran.length === 1, 'hold to start');
    await sendKeys({ type: 'echo typed ahead' });
    await sendKeys({ press: 'Enter' });
    machine.release();
    await until(() => machine.ran.length === 2, 'the typed-ahead line to run');
    expect(machine.ran[1]).to.equal('echo typed ahead');
  });

  it('says so when the browser’s real storage is full, and keeps history for the page', async () => {
    const machine = new FakeMachine();
    const el = await terminal(machine);
    // Fill this origin's real localStorage to its quota (Chromium: about 5 MB), to the last bytes.
    let filled = 0;
    for (const size of [256 * 1024, 4096, 64, 1]) {
      try {
        for (;;) localStorage.setItem(`f${filled++}`, 'x'.repeat(size));
      } catch (err) {
        expect((err as DOMException).name).to.equal('QuotaExceededError');
      }
    }
    try {
      el.focus();
      await sendKeys({ type: 'echo long long' });
      await sendKeys({ press: 'Enter' });
      await until(() => machine.ran.length === 1, 'the command to run');
      const notice = el.shadowRoot!.querySelector('.notice');
      expect(notice?.textContent).to.match(/History is not saved: .* storage for the site is full/);
      await sendKeys({ press: 'ArrowUp' });
      expect(await el.screenText()).to.contain('# echo long long');
    } finally {
      localStorage.clear();
    }
  });

  it('completes with Tab and interrupts with Ctrl-C', async () => {
    const machine = new FakeMachine();
    const el = await terminal(machine);
    el.focus();
    await sendKeys({ type: 'modp' });
    await sendKeys({ press: 'Tab' });
    await until(async () => (await el.screenText()).includes('# modprobe'), 'completion');
    await sendKeys({ press: 'Control+U' });
    await sendKeys({ type: 'sleep 100' });
    await sendKeys({ press: 'Enter' });
    await until(() => machine.ran.includes('sleep 100'), 'sleep to start');
    let done = false;
    el.session!.addEventListener('command-done', () => (done = true));
    await sendKeys({ press: 'Control+C' });
    await until(() => done, 'the interrupted command to finish');
  });

  it('colours stderr, and shows the colours of the machine’s ls (it runs for a terminal)', async () => {
    const machine = new FakeMachine();
    const el = await terminal(machine);
    await el.execute('nosuch');
    await el.execute('ls');
    await el.screenText();
    const cells = el.shadowRoot!.querySelector('.xterm-rows')!;
    const styled = (text: string) =>
      [...cells.querySelectorAll('span')].some(
        (s) => s.className.includes('xterm-fg-') && s.textContent!.includes(text),
      );
    // The fake's ls, like the machine's, colours its names when told it writes to a terminal.
    expect(machine.terminal).to.deep.equal([true, true]);
    await until(() => styled('kheaders.tar.xz'), 'a coloured archive name');
    expect(styled('command not found')).to.equal(true);
  });

  it('types a sample in without running it', async () => {
    const machine = new FakeMachine();
    const el = await terminal(machine);
    await el.typeIn('rmmod kheaders');
    expect(await el.screenText()).to.contain('# rmmod kheaders');
    expect(machine.ran).to.deep.equal([]);
  });
});

describe('kh-terminal focus', () => {
  it('lets the keyboard leave with Escape then Tab', async () => {
    const el = document.createElement('kh-terminal');
    el.machine = new FakeMachine();
    const after = document.createElement('button');
    after.textContent = 'after';
    document.body.append(el, after);
    await until(() => el.hasAttribute('ready'), 'the terminal');
    el.focus();
    await sendKeys({ press: 'Escape' });
    await sendKeys({ press: 'Tab' });
    await until(() => document.activeElement === after, 'focus to move past the terminal');
    el.remove();
    after.remove();
  });
});
