/**
 * The "why the headers must match" lesson, its commands run on a real
 * machine: the probe's pid offset differs between the two trees and equals
 * gcc's on each archive; kh-layout --read names what the misbuilt program reads.
 */
import { expect } from '@esm-bundle/chai';
import { HEADERS_MATCH } from '../../src/lessons/headers-match';
import { bootMachine } from '../machine/machine-helpers';
import { gccSays } from './clang-helpers';

describe('lesson: why the headers must match', function () {
  this.timeout(300_000);

  it('shows pid at gcc’s offset on each kernel, and names the field read instead', async () => {
    const m = await bootMachine();
    await m.sh('modprobe kheaders');
    const outs: string[] = [];
    for (const step of HEADERS_MATCH.steps.slice(1)) {
      for (const line of step.state.commands!) {
        const r = await m.sh(line);
        expect(r.code, `${line}: ${r.err}`).to.equal(0);
        outs.push(r.out);
      }
    }
    const all = outs.join('');
    const pid = [...all.matchAll(/^\/tmp\/(this|other)\.ll:@pid_offset = .*global i32 (\d+)/gm)];
    const gcc = [
      await gccSays('public/kernel/kheaders.tar.xz'),
      await gccSays(`public/kernel/${m.manifest.other!.kheaders.path}`),
    ];
    expect(pid.map((x) => [x[1], Number(x[2])])).to.deep.equal([
      ['this', gcc[0]!.task_pid_offset],
      ['other', gcc[1]!.task_pid_offset],
    ]);
    expect(gcc[0]!.task_pid_offset).to.not.equal(gcc[1]!.task_pid_offset);
    expect(all).to.contain(`a program reads pid at offset ${gcc[0]!.task_pid_offset}`);
    expect(all).to.match(
      new RegExp(`on /tmp/kheaders-other, offset ${gcc[0]!.task_pid_offset} is inside \\w+`),
    );
  });
});
