/**
 * A bare .xz whose payload is not a tar (a 3 MB cut of the demo's tar, a
 * binary) decodes and verifies, so it opens as the one file unxz would
 * make, with a notice saying why it is not a tree. Expected bytes: the
 * sha256 of `xz -dc` on each fixture, from the fixture manifest.
 */
import { expect } from '@esm-bundle/chai';
import { bootMachine } from '../machine/machine-helpers';

const base = new URL('../fixtures/generated/xz/', import.meta.url);
const { fixtures } = (await (await fetch(new URL('manifest.json', base))).json()) as {
  fixtures: { name: string; expect: { sha256?: string; size?: number } }[];
};
const expected = (name: string) => fixtures.find((f) => f.name === name)!.expect;

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes.slice()));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

describe('a bare .xz that is not a tar opens as one decoded file', function () {
  this.timeout(120_000);

  for (const [name, why] of [
    ['tar-cut.xz', /stops being one after \d+ member\(s\)/],
    ['binary.xz', /its first bytes are not a tar header/],
  ] as const) {
    it(`${name}: one file, xz -dc's bytes, a notice naming why`, async () => {
      const { machine, sh } = await bootMachine();
      const bytes = new Uint8Array(await (await fetch(new URL(name, base))).arrayBuffer());
      const summary = await machine.loadArchive({ kind: 'bytes', bytes, name });
      const file = `/mnt/${name.replace(/\.xz$/, '')}`;
      expect(summary.verified).to.equal(true);
      expect(summary.notice).to.match(/is not a tar archive/);
      expect(summary.notice).to.match(why);
      expect(summary.notice).to.contain(file);
      expect((await machine.getState()).mounts).to.deep.equal([{ path: file, name, entries: 1 }]);
      const content = await machine.readFile(file);
      expect(content.length).to.equal(expected(name).size);
      expect(await sha256(content)).to.equal(expected(name).sha256);
      expect((await sh(`wc -c < ${file}`)).out.trim()).to.equal(String(expected(name).size));
    });
  }

  it('a whole tar.xz opens as a tree, with no notice', async () => {
    const { machine } = await bootMachine();
    const url = new URL('/public/kernel/kheaders.tar.xz', location.href).href;
    const summary = await machine.loadArchive({ kind: 'url', url, name: 'kheaders.tar.xz' });
    expect(summary.notice).to.equal(undefined);
  });
});
