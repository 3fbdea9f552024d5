/**
 * The machine under load, through the real Worker (its stack is smaller
 * than the page's): grep -r over 99,000 files, a tmpfs filled past its
 * limit, df beside GNU df. Inputs are generated here; GNU's formats come
 * from Debian's df and numfmt, run by the test server (test/native/).
 */
import { expect } from '@esm-bundle/chai';
import { transfer } from 'comlink';
import { ustar, type TarMember } from '../hostile/tiny-tar';
import { seededRandom } from '../support/seeded-random';
import { bootWorkerMachine, native, type WorkerMachine } from './worker-machine';

describe('machine worker under load', function () {
  this.timeout(600_000);
  let booted: WorkerMachine;
  const sh = (line: string) => booted.sh(line);

  beforeEach(async () => {
    booted = await bootWorkerMachine();
  });
  afterEach(() => booted.terminate());

  it('grep -r walks 99,000 files without recursing on the stack', async () => {
    const seed = Date.now() % 100_000;
    const rnd = seededRandom(seed);
    const members: TarMember[] = [];
    const hits: string[] = [];
    for (let d = 0; d < 99; d++) {
      for (let f = 0; f < 1000; f++) {
        const name = `big/d${d}/f${f}`;
        const hit = rnd() < 0.002;
        if (hit) hits.push(name);
        members.push({ name, content: hit ? `x\nthe needle ${d}.${f}\n` : `hay ${d}.${f}\n` });
      }
    }
    const bytes = ustar(members);
    await booted.machine.loadArchive(
      transfer({ kind: 'bytes', bytes, name: 'many.tar' }, [bytes.buffer]),
    );
    expect((await sh('find /mnt/many.tar/big -type f | wc -l')).out.trim()).to.equal('99000');
    const r = await sh('cd /mnt/many.tar && grep -rl needle big | sort');
    expect(r.err, `seed ${seed}`).to.equal('');
    expect(r.code).to.equal(hits.length ? 0 : 1);
    expect(r.out.split('\n').filter(Boolean)).to.deep.equal([...hits].sort());
    const counted = await sh('grep -rc needle /mnt/many.tar/big | wc -l');
    expect(counted.out.trim()).to.equal('99000');
  });

  it('a full /tmp folds tar’s ENOSPC lines and names tmpfs.bytes; df -h shows the use', async () => {
    await sh('modprobe kheaders');
    for (let i = 1; i <= 3; i++) {
      const r = await sh(`mkdir /tmp/a${i} && tar -xf /sys/kernel/kheaders.tar.xz -C /tmp/a${i}`);
      expect(r, `extraction ${i} fits`).to.deep.equal({ out: '', err: '', code: 0 });
    }
    const full = await sh('mkdir /tmp/a4 && tar -xf /sys/kernel/kheaders.tar.xz -C /tmp/a4');
    expect(full.code).to.equal(2);
    const lines = full.err.trimEnd().split('\n');
    const gnu = /^tar: [^:]+: Cannot write: No space left on device$/;
    // GNU's own lines for the first members and the last; the run between them counted.
    for (const l of lines.slice(0, 5)) expect(l).to.match(gnu);
    const folded = /^tar: … ([\d,]+) more like this: Cannot write: No space left on device$/.exec(
      lines[5]!,
    );
    expect(folded, lines.slice(0, 8).join('\n')).to.not.equal(null);
    expect(lines[6]).to.match(gnu);
    expect(lines[7]).to.match(
      /^tar: \/tmp is full at tmpfs\.bytes = 96\.0 MiB .*: ([\d,]+) members not written/,
    );
    expect(lines[8]).to.equal('tar: Exiting with failure status due to previous errors');
    expect(lines).to.have.length(9);
    // Every member that did not fit is counted: the files tar left empty though the archive has bytes for them.
    const missed = Number(folded![1]!.replace(/,/g, '')) + 6;
    expect(lines[7]).to.contain(`${missed.toLocaleString('en')} members not written`);
    const empties = await sh(
      'cd /tmp/a4 && tar -tvf /sys/kernel/kheaders.tar.xz | awk \'$1 ~ /^-/ && $3 > 0 {print $6}\' | while read -r f; do [ -s "$f" ] || echo "$f"; done | wc -l',
    );
    expect(Number(empties.out.trim())).to.equal(missed);

    // df -h: GNU's header, and the sizes as GNU's numfmt rounds them.
    const snapshot = await booted.machine.snapshot();
    const used = (snapshot.files ?? [])
      .filter((e) => e.path.startsWith('/tmp/') && e.type === 'file')
      .reduce((n, e) => n + (e.content?.length ?? 0), 0);
    const size = 96 * 1024 * 1024;
    const [nativeH, nativeK, nativeT] = (await native('df-headers')).output.split('\n');
    const df = (await sh('df -h')).out.split('\n');
    expect(df[0]).to.equal(nativeH);
    const [sizeH, usedH, availH] = (await native(`numfmt/${size},${used},${size - used}`)).output
      .trim()
      .split('\n');
    const row = df.find((l) => l.endsWith(' /tmp'))!;
    expect(row.split(/ +/)).to.deep.equal([
      'tmpfs',
      sizeH,
      usedH,
      availH,
      `${Math.ceil((used * 100) / size)}%`,
      '/tmp',
    ]);
    // Right-aligned under GNU's header: each number ends where its label ends.
    for (const label of ['Size', 'Used', 'Avail', 'Use%']) {
      const end = nativeH!.indexOf(label) + label.length;
      expect(row[end], `${label} column`).to.equal(' ');
      expect(row[end - 1], `${label} column`).to.not.equal(' ');
    }
    // Without -h the host's own block counts may widen GNU's columns; ours keep its minimums.
    expect((await sh('df')).out.split('\n')[0]).to.equal(
      'Filesystem     1K-blocks  Used Available Use% Mounted on',
    );
    void nativeK;
    expect((await sh('df -hT /tmp')).out.split('\n')[0]).to.equal(nativeT);
    expect(await sh('df -x')).to.deep.include({
      code: 1,
      err: "df: invalid option -- 'x'\nTry 'df --help' for more information.\n",
    });
  });

  it('head -c reads the endless devices; past the output limit it says which limit', async () => {
    const n = 2_000_000 + (Date.now() % 1_000_000);
    const r = await sh(
      `head -c ${n} /dev/urandom > /tmp/f && wc -c < /tmp/f && head -c ${n} /dev/zero | wc -c && head -c 4096 /dev/urandom | tr -d '\\000' | wc -c`,
    );
    expect(r.err).to.equal('');
    const [random, zeros, nonZero] = r.out.trim().split('\n').map(Number);
    expect([random, zeros]).to.deep.equal([n, n]);
    // 4,096 random bytes are not all zero (the odds of 16 or fewer non-zero ones are nil).
    expect(nonZero).to.be.greaterThan(4000);
    const over = await sh('head -c 300M /dev/urandom > /tmp/g');
    expect(over.code).to.equal(1);
    expect(over.err).to.match(
      /^head: \/dev\/urandom: 314,572,800 bytes is past the shell's output limit of [\d,]+ bytes/,
    );
  });
});
