/**
 * The machine's ls colours its names when, and only when, its output goes
 * straight to a terminal, as GNU ls --color=auto does on a tty: not into a
 * pipe, a file or $(…), and never for a caller that is not a terminal.
 */
import { expect } from '@esm-bundle/chai';
import { bootMachine } from '../machine/machine-helpers';

const SGR = /\x1b\[[0-9;]*m/;
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
/** The SGR sequence just before `name`, or '' when it is shown plain. */
const colourOf = (out: string, name: string) =>
  new RegExp(`(\\x1b\\[[0-9;]*m)${name.replace(/\./g, '\\.')}\\x1b\\[0m`).exec(out)?.[1] ?? '';

describe('ls on a terminal', function () {
  this.timeout(120_000);

  it('colours directories, archives, executables and symlinks, short and long', async () => {
    const { sh } = await bootMachine();
    await sh(
      'mkdir -p /tmp/c/dir && echo x > /tmp/c/a.tar.xz && echo y > /tmp/c/run && chmod +x /tmp/c/run && echo z > /tmp/c/note && ln -s note /tmp/c/link',
    );
    const tty = { terminal: true };
    for (const line of ['ls /tmp/c', 'ls -l /tmp/c', 'cd /tmp/c && ls']) {
      const shown = await sh(line, tty);
      const bare = await sh(line);
      expect(plain(shown.out), line).to.equal(bare.out);
      expect(SGR.test(bare.out), `${line} to a caller that is not a terminal`).to.equal(false);
      const colours = ['dir', 'a.tar.xz', 'run', 'link'].map((n) => colourOf(shown.out, n));
      expect(new Set(colours).size, `${line}: four kinds, four colours`).to.equal(4);
      expect(colours.every(Boolean), line).to.equal(true);
      expect(colourOf(shown.out, 'note'), `${line}: a plain file stays plain`).to.equal('');
    }
    // The same kind gets the same colour in both listings.
    expect(colourOf((await sh('ls /tmp/c', tty)).out, 'dir')).to.equal(
      colourOf((await sh('ls -l /tmp/c', tty)).out, 'dir'),
    );
  });

  it('does not colour what goes into a pipe, a file or a substitution', async () => {
    const { sh } = await bootMachine();
    const tty = { terminal: true };
    await sh('mkdir -p /tmp/p/sub', tty);
    for (const line of ['ls /tmp/p | cat', 'ls -l /tmp/p | cat', 'echo "$(ls /tmp/p)"']) {
      const r = await sh(line, tty);
      expect(r.out, line).to.contain('sub');
      expect(SGR.test(r.out), line).to.equal(false);
    }
    await sh('ls /tmp/p > /tmp/p.txt; ls -l /tmp/p >> /tmp/p.txt', tty);
    expect(SGR.test((await sh('cat /tmp/p.txt')).out)).to.equal(false);
    // A redirection of stderr only leaves stdout on the terminal.
    expect(SGR.test((await sh('ls /tmp/p 2>/dev/null', tty)).out)).to.equal(true);
  });
});
