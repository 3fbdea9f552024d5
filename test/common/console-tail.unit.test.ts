import { describe, it } from 'node:test';
import { expect } from '@esm-bundle/chai';
import { ConsoleTail, promptPattern } from '../../src/common/console-tail';

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('the real console’s prompt', () => {
  it('matches the first prompt and the same prompt in any directory', () => {
    const p = promptPattern('root@kheaders:~# ');
    expect(p.test('\r\nroot@kheaders:~# ')).to.equal(true);
    expect(p.test('\r\nroot@kheaders:/tmp/k# ')).to.equal(true);
    expect(p.test('\r\nroot@kheaders:~# ls')).to.equal(false);
    expect(p.test('root@other:~# ')).to.equal(false);
    // busybox's line editor asks where the cursor is right after the prompt.
    expect(p.test('\r\nroot@kheaders:~# \x1b[6n')).to.equal(true);
    expect(p.test('\r\nroot@kheaders:~# \x1b[6nx')).to.equal(false);
  });

  it('counts a prompt once, even when it arrives in pieces', () => {
    const tail = new ConsoleTail('root@kheaders:~# ');
    expect(tail.push(bytes('Linux version 6.1\r\nroot@khea'))).to.equal(false);
    expect(tail.push(bytes('ders:~# '))).to.equal(true);
    expect(tail.push(new Uint8Array())).to.equal(false);
    expect(tail.push(bytes('u'))).to.equal(false);
    expect(tail.push(bytes('name\r\n6.1.176\r\nroot@kheaders:~# '))).to.equal(true);
    expect(tail.prompts).to.equal(2);
  });
});
