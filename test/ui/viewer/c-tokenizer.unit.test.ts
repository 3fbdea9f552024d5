import { describe, it } from 'node:test';
import { expect } from '@esm-bundle/chai';
import { includeTarget, tokenizeC, tokenizeLine } from '../../../src/ui/viewer/c-tokenizer';

describe('C tokenizer', () => {
  it('colours keywords, types, numbers, strings and macros', () => {
    const [tokens] = tokenizeC('static inline u32 f(void) { return MAX_X + 0x1f; } /* c */');
    const kinds = Object.fromEntries(tokens.map((t) => [t.text.trim(), t.kind]));
    expect(kinds['static']).to.equal('keyword');
    expect(kinds['u32']).to.equal('type');
    expect(kinds['MAX_X']).to.equal('macro');
    expect(kinds['0x1f']).to.equal('number');
    expect(kinds['/* c */']).to.equal('comment');
  });

  it('carries a block comment across lines', () => {
    const lines = tokenizeC('/* start\n int still_comment;\n end */ int x;');
    expect(lines[1]).to.deep.equal([{ kind: 'comment', text: ' int still_comment;' }]);
    expect(lines[2][0]).to.deep.equal({ kind: 'comment', text: ' end */' });
    expect(lines[2].some((t) => t.kind === 'keyword' || t.kind === 'type')).to.equal(true);
  });

  it('finds #include targets, system and local', () => {
    expect(includeTarget('#include <linux/kernel.h>')).to.deep.equal({
      name: 'linux/kernel.h',
      local: false,
    });
    expect(includeTarget('# include "foo.h" // x')).to.deep.equal({ name: 'foo.h', local: true });
    expect(includeTarget('int include;')).to.equal(null);
    const { tokens } = tokenizeLine('#define FOO "a\\"b" // c', false);
    expect(tokens.map((t) => t.kind)).to.deep.equal([
      'preproc',
      'plain',
      'macro',
      'plain',
      'string',
      'plain',
      'comment',
    ]);
  });
});
