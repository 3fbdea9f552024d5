import { describe, it } from 'node:test';
import { expect } from '@esm-bundle/chai';
import { includeCandidates, treeRoot } from '../../../src/ui/viewer/include-resolver';

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
