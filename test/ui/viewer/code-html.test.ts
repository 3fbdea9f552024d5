import { expect } from '@esm-bundle/chai';
import { codeHtml, hexDump, searchLines, sniff } from '../../../src/ui/viewer/code-html';
import { clearMarks, markLines } from '../../../src/ui/viewer/search-marks';

describe('viewer markup', () => {
  it('escapes file text and links includes', () => {
    const { html, lines } = codeHtml('#include <linux/a.h>\nchar *s = "<b>";\n');
    expect(lines).to.equal(2);
    expect(html).to.contain('data-inc="linux/a.h"');
    expect(html).to.contain('&lt;b&gt;');
    expect(html).not.to.contain('<b>');
  });

  it('marks search hits in place, and lists their lines', () => {
    const text = 'int foo;\nchar *bar = "<Foo>";\nlong baz;';
    const code = document.createElement('div');
    code.innerHTML = codeHtml(text).html;
    const before = code.textContent;
    const line2 = code.querySelector('#L2');
    markLines(code, searchLines(text, 'FOO'), 'FOO');
    expect([...code.querySelectorAll('mark')].map((m) => m.textContent)).to.deep.equal([
      'foo',
      'Foo',
    ]);
    expect(code.querySelector('#L2 .t-string mark')?.textContent).to.equal('Foo');
    // Another search: the old marks go, the lines stay the same nodes, the text is unchanged.
    clearMarks(code);
    markLines(code, searchLines(text, 'ba'), 'ba');
    expect([...code.querySelectorAll('mark')].map((m) => m.textContent)).to.deep.equal([
      'ba',
      'ba',
    ]);
    expect(code.querySelector('#L2')).to.equal(line2);
    expect(code.textContent).to.equal(before);
    expect(searchLines('a\nfoo\nFoo', 'foo')).to.deep.equal([2, 3]);
  });

  it('tells text from xz, gzip and binary, and dumps hex', () => {
    expect(sniff(new TextEncoder().encode('int x;'))).to.equal('text');
    expect(sniff(new Uint8Array([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0]))).to.equal('xz');
    expect(sniff(new Uint8Array([0x1f, 0x8b, 8]))).to.equal('gzip');
    expect(sniff(new Uint8Array([1, 0, 2]))).to.equal('binary');
    expect(hexDump(new Uint8Array([0x41, 0x00]))).to.equal(
      `00000000  41 00${' '.repeat(42)}  |A.|`,
    );
  });
});
