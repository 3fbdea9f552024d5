import { expect } from '@esm-bundle/chai';
import { includeTarget, tokenizeC, tokenizeLine } from '../../src/ui/viewer/c-tokenizer';
import { codeHtml, hexDump, searchLines, sniff } from '../../src/ui/viewer/code-html';
import { loadHistory, saveHistory } from '../../src/ui/terminal/history-store';
import { includeCandidates, treeRoot } from '../../src/ui/viewer/include-resolver';
import { LineEditor, commonPrefix } from '../../src/ui/terminal/line-editor';
import { formatViewerHash, parseViewerHash } from '../../src/share/location-hash';
import { colourLs, isColourableLs } from '../../src/ui/terminal/ls-colors';

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

describe('viewer markup', () => {
  it('escapes file text and links includes', () => {
    const { html, lines } = codeHtml('#include <linux/a.h>\nchar *s = "<b>";\n');
    expect(lines).to.equal(2);
    expect(html).to.contain('data-inc="linux/a.h"');
    expect(html).to.contain('&lt;b&gt;');
    expect(html).not.to.contain('<b>');
  });

  it('marks search hits and lists their lines', () => {
    expect(codeHtml('int foo;', 'FOO').html).to.contain('<mark>foo</mark>');
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

describe('URL hash', () => {
  it('round-trips a file and a line range', () => {
    const hash = formatViewerHash({ file: '/tmp/k h/x.h', from: 10, to: 20 });
    expect(hash).to.equal('#file=/tmp/k%20h/x.h&L10-L20');
    expect(parseViewerHash(hash)).to.deep.equal({ file: '/tmp/k h/x.h', from: 10, to: 20 });
    expect(parseViewerHash('#file=/a&L7')).to.deep.equal({ file: '/a', from: 7, to: 7 });
  });

  it('ignores malformed parts', () => {
    expect(parseViewerHash('#file=%E0%A4%A&L0-Lx')).to.deep.equal({});
    expect(parseViewerHash('#file=relative')).to.deep.equal({});
  });
});

describe('include resolution', () => {
  it('searches Kbuild’s include path from the tree root', () => {
    const from = '/tmp/kheaders-6.1/include/linux/kernel.h';
    expect(treeRoot(from)).to.equal('/tmp/kheaders-6.1');
    const c = includeCandidates(from, { name: 'asm/page.h', local: false });
    expect(c[0]).to.equal('/tmp/kheaders-6.1/arch/x86/include/asm/page.h');
    expect(c).to.include('/tmp/kheaders-6.1/include/asm/page.h');
    expect(c).to.include('/tmp/kheaders-6.1/include/uapi/asm/page.h');
    const local = includeCandidates(from, { name: '../x.h', local: true });
    expect(local[0]).to.equal('/tmp/kheaders-6.1/include/x.h');
  });
});

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

describe('history storage', () => {
  it('turns a full storage into a notice, not a throw', () => {
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    } as unknown as Storage;
    expect(saveHistory(['ls'], full)).to.match(/storage .* is full/);
    expect(loadHistory(full)).to.deep.equal([]);
  });

  it('keeps a 100 KB line out of the saved history, naming history.maxEntryChars', () => {
    const items = new Map<string, string>();
    const store = {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
    } as unknown as Storage;
    const huge = `echo ${'a'.repeat(100_000)}`;
    expect(saveHistory(['ls', huge, 'pwd'], store)).to.match(/history\.maxEntryChars = 4,096/);
    expect(loadHistory(store)).to.deep.equal(['ls', 'pwd']);
    const many = Array.from({ length: 700 }, (_, i) => `echo ${i}`);
    expect(saveHistory(many, store)).to.equal(undefined);
    expect(loadHistory(store)).to.deep.equal(many.slice(-500));
  });
});

describe('ls colours', () => {
  it('colours long listings by type and short ones by entry kind', () => {
    expect(isColourableLs('ls -l /sys/kernel')).to.equal(true);
    expect(isColourableLs('ls | wc -l')).to.equal(false);
    const long = colourLs('drwxr-xr-x 2 0 0 0 Jan 1 00:00 include', new Map());
    expect(long).to.contain('\x1b[1;34minclude\x1b[0m');
    const short = colourLs(
      'include\nkheaders.tar.xz',
      new Map([['include', { name: 'include', kind: 'directory', size: 0, mode: 0o755 }]]),
    );
    expect(short).to.equal('\x1b[1;34minclude\x1b[0m\n\x1b[1;31mkheaders.tar.xz\x1b[0m');
  });
});
