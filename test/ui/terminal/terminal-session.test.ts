import { expect } from '@esm-bundle/chai';
import '../../../src/ui/terminal/kh-terminal';
import { TerminalSession } from '../../../src/ui/terminal/terminal-session';
import { FakeMachine, until } from '../fake-machine';

describe('terminal session', () => {
  afterEach(() => document.querySelectorAll('kh-terminal').forEach((e) => e.remove()));

  it('runs commands before any screen is there, and the screen shows them when it comes', async () => {
    localStorage.clear();
    const machine = new FakeMachine();
    const session = new TerminalSession(() => machine);
    const events: string[] = [];
    session.addEventListener('command-start', () => events.push('start'));
    session.addEventListener('command-done', (e) =>
      events.push(`done ${(e as CustomEvent<{ exitCode: number }>).detail.exitCode}`),
    );
    // No xterm yet (a link replayed at load): the command runs anyway.
    expect(await session.execute('echo early bird')).to.equal(0);
    expect(await session.execute('nosuch')).to.equal(127);
    expect(machine.ran).to.deep.equal(['echo early bird', 'nosuch']);
    expect(events).to.deep.equal(['start', 'done 0', 'start', 'done 127']);
    expect(session.transcript).to.deep.equal([
      '$ echo early bird\nearly bird\n',
      '$ nosuch\nnosuch: command not found\n',
    ]);
    expect(session.editor.entries).to.deep.equal(['echo early bird', 'nosuch']);

    const el = document.createElement('kh-terminal');
    el.session = session;
    el.style.height = '300px';
    document.body.append(el);
    await until(() => el.hasAttribute('ready'), 'the terminal to load');
    const screen = await el.screenText();
    expect(screen).to.contain('# echo early bird\nearly bird');
    expect(screen).to.contain('# nosuch\nnosuch: command not found');
    expect(el.shadowRoot!.querySelector('[role=log]')!.children.length).to.equal(2);
    // And it goes on from there, on the same session.
    expect(await el.execute('echo later')).to.equal(0);
    expect(await el.screenText()).to.contain('# echo later\nlater');
  });
});
