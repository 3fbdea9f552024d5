import { describe, it } from 'node:test';
import { expect } from '@esm-bundle/chai';
import { LineEditor, commonPrefix } from '../../../src/ui/terminal/line-editor';

describe('line editor', () => {
  it('edits at the cursor and walks history with a draft', () => {
    const e = new LineEditor(['ls', 'pwd']);
    e.insert('ech');
    e.left();
    e.insert('X');
    expect(e.text).to.equal('ecXh');
    e.previous();
    expect(e.text).to.equal('pwd');
    e.previous();
    e.previous();
    expect(e.text).to.equal('ls');
    e.next();
    e.next();
    expect(e.text).to.equal('ecXh');
    e.set('echo hi there');
    e.killWord();
    expect(e.text).to.equal('echo hi ');
    expect(e.accept()).to.equal('echo hi ');
    expect(e.entries.at(-1)).to.equal('echo hi ');
    expect(commonPrefix(['modprobe', 'modinfo'])).to.equal('mod');
  });
});
