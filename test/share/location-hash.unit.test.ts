import { describe, it } from 'node:test';
import { expect } from '@esm-bundle/chai';
import { formatViewerHash, parseViewerHash } from '../../src/share/location-hash';

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
