import { describe, it } from 'node:test';
import { expect } from '@esm-bundle/chai';
import { planClang } from '../../src/worker/clang/clang-args';

describe('planClang', () => {
  it('makes paths absolute against the shell directory and lists what to read', () => {
    const p = planClang(
      [
        '-I',
        '../k/include',
        '-Iarch',
        '-include',
        './a.h',
        'x.c',
        '-o',
        'out/x.ll',
        '-emit-llvm',
        '-S',
      ],
      '/tmp/w',
    );
    expect(p.args).to.deep.equal([
      '-I',
      '/tmp/k/include',
      '-I/tmp/w/arch',
      '-include',
      '/tmp/w/a.h',
      '/tmp/w/x.c',
      '-o',
      '/tmp/w/out/x.ll',
      '-emit-llvm',
      '-S',
    ]);
    expect(p.reads).to.deep.equal(['/tmp/k/include', '/tmp/w/arch', '/tmp/w/a.h', '/tmp/w/x.c']);
    expect(p.output).to.equal('/tmp/w/out/x.ll');
    expect(p.refusal).to.equal(undefined);
  });

  it('refuses, in one sentence naming -emit-llvm, an x86 or BPF object, assembly or executable', () => {
    for (const [args, what] of [
      [
        ['-target', 'x86_64-unknown-linux-gnu', '-c', 'p.c'],
        'an object file for x86_64-unknown-linux-gnu',
      ],
      [['--target=bpf', '-S', 'p.c'], 'assembly for bpf'],
      [['-target', 'bpf', 'p.c'], 'an executable for bpf'],
    ] as const) {
      const r = planClang([...args], '/root').refusal!;
      expect(r).to.contain(`cannot make ${what}`).and.contain('-emit-llvm');
      expect(r.trim().split('\n')).to.have.length(1);
    }
  });

  it('lets the frontend-only actions through for any target, and wasm objects', () => {
    for (const a of ['-emit-llvm', '-fsyntax-only', '-E']) {
      expect(planClang(['-target', 'bpf', '-c', a, 'p.c'], '/').refusal).to.equal(undefined);
    }
    expect(planClang(['-c', 'p.c'], '/').refusal).to.equal(undefined);
  });
});
