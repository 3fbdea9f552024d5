import { expect } from '@esm-bundle/chai';

it('serves the wasm build', async () => {
  const res = await fetch(new URL('../../wasm/build/xz.wasm', import.meta.url));
  expect(res.ok).to.equal(true);
  const mod = await WebAssembly.compile(await res.arrayBuffer());
  expect(WebAssembly.Module.exports(mod).map((e) => e.name)).to.include('kh_run_single');
});
