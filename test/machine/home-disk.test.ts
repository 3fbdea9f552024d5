/**
 * The disk behind /root and /home: what a machine writes there is read by
 * the next machine on the same disk (a reload), by a second machine at the
 * same time (a second tab), survives a torn write, fails with ENOSPC at the
 * disk's size, and comes back out as a tar. Each test has a disk of its own
 * in this page's origin private file system, removed after it.
 */
import { expect } from '@esm-bundle/chai';
import { Machine } from '../../src/worker/machine';
import { gunzip } from '../../src/worker/kernel/gzip';
import { indexTar } from '../../src/worker/tar/tar-index';
import { HomeDisk, type HomeDiskOptions } from '../../src/worker/vfs/home-disk';
import { demoArtifacts, type Ran } from './machine-helpers';

let stores: string[] = [];
const newStore = (): string => {
  const name = `kh-disk-test-${Math.random().toString(36).slice(2)}`;
  stores.push(name);
  return name;
};

async function boot(disk: HomeDiskOptions) {
  const machine = new Machine({ disk });
  machine.bootWith(await demoArtifacts());
  const sh = async (line: string): Promise<Ran> => {
    let out = '';
    let err = '';
    const code = await machine.run(line, {
      write: (chunk, stream) => (stream === 'stdout' ? (out += chunk) : (err += chunk)),
    });
    return { out, err, code };
  };
  return { machine, sh };
}

async function journal(store: string): Promise<FileSystemFileHandle> {
  const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(store);
  return dir.getFileHandle('journal');
}

describe('the home disk', function () {
  this.timeout(60_000);

  afterEach(async () => {
    const root = await navigator.storage.getDirectory();
    for (const name of stores) await root.removeEntry(name, { recursive: true }).catch(() => {});
    stores = [];
  });

  it('keeps ~ across a reboot (a new machine on the same disk), byte for byte with modes and times; /tmp is empty', async () => {
    const store = newStore();
    const a = await boot({ store });
    const made = await a.sh(
      [
        "printf 'int main(void) { return 0; }\\n' > /root/prog.c",
        'chmod 600 /root/prog.c',
        'touch -d "2020-01-02 03:04:05" /root/prog.c',
        'mkdir -p /home/work && echo note > /home/work/note',
        'ln -s prog.c /root/link',
        'head -c 100000 /dev/urandom > /root/random.bin',
        'echo gone > /tmp/scratch',
        'md5sum /root/random.bin',
        'stat -c "%a %Y" /root/prog.c',
      ].join(' && '),
    );
    expect(made.err).to.equal('');
    const [sum, modeTime] = made.out.split(/(?<=\n)/);
    expect(modeTime).to.match(/^600 15779\d+\n$/);
    expect((await a.machine.diskStatus()).kept).to.equal(true);

    const b = await boot({ store });
    const st = await b.machine.diskStatus();
    expect(st.rebooted).to.equal(true);
    expect(st.files).to.be.at.least(4);
    expect((await b.sh('cat /root/prog.c')).out).to.equal('int main(void) { return 0; }\n');
    expect((await b.sh('stat -c "%a %Y" /root/prog.c')).out).to.equal(modeTime);
    expect((await b.sh('readlink /root/link; cat /home/work/note')).out).to.equal('prog.c\nnote\n');
    expect((await b.sh('md5sum /root/random.bin')).out).to.equal(sum);
    const tmp = await b.sh('ls -A /tmp');
    expect(tmp.out).to.equal('');
  });

  it('a second machine on the same disk (a second tab) reads what the first wrote at its next command; no entry is lost', async () => {
    const store = newStore();
    const a = await boot({ store });
    const b = await boot({ store });
    await a.sh('mkdir -p /root/shared && echo from-a > /root/shared/a');
    expect((await b.sh('cat /root/shared/a')).out).to.equal('from-a\n');
    // Both write into one directory, turn by turn and at once: every name stays.
    await Promise.all([
      a.sh('for i in 1 2 3 4 5; do echo a$i > /root/shared/a-$i; done'),
      b.sh('for i in 1 2 3 4 5; do echo b$i > /root/shared/b-$i; done'),
    ]);
    const names = 'a a-1 a-2 a-3 a-4 a-5 b-1 b-2 b-3 b-4 b-5\n';
    expect((await a.sh('ls /root/shared | tr "\\n" " " | sed "s/ $/\\n/"')).out).to.equal(names);
    expect((await b.sh('ls /root/shared | tr "\\n" " " | sed "s/ $/\\n/"')).out).to.equal(names);
    // One file written by both: the later whole write wins, in both tabs, never a mix.
    await Promise.all([
      a.sh('seq 1 5000 > /root/shared/same'),
      b.sh('seq 5001 9000 > /root/shared/same'),
    ]);
    const seenA = (await a.sh('md5sum < /root/shared/same')).out;
    const seenB = (await b.sh('md5sum < /root/shared/same')).out;
    expect(seenA).to.equal(seenB);
    const whole = [
      (await a.sh('seq 1 5000 | md5sum')).out,
      (await a.sh('seq 5001 9000 | md5sum')).out,
    ];
    expect(whole).to.include(seenA);
    // A removal in one tab is seen in the other.
    await b.sh('rm -r /root/shared');
    expect((await a.sh('ls /root')).out).to.not.contain('shared');
  });

  it('small files of one command share one blob; a blob no file uses is removed', async () => {
    const store = newStore();
    const { sh } = await boot({ store });
    const blobs = async () => {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(store);
      const names: string[] = [];
      const list = (await dir.getDirectoryHandle('blobs')) as unknown as {
        keys(): AsyncIterable<string>;
      };
      for await (const name of list.keys()) names.push(name);
      return names.length;
    };
    await sh(
      'mkdir -p /root/many && for i in $(seq 1 50); do echo "file $i" > /root/many/f$i; done',
    );
    expect(await blobs()).to.equal(1);
    // A big body has a blob of its own; writing it again replaces that blob.
    await sh('head -c 200000 /dev/zero > /root/big');
    expect(await blobs()).to.equal(2);
    await sh('head -c 300000 /dev/zero > /root/big');
    expect(await blobs()).to.equal(2);
    await sh('rm -r /root/many /root/big');
    expect(await blobs()).to.equal(0);
  });

  it('a journal long with history is rewritten at boot as what the disk holds, when no other tab has it open', async () => {
    const store = newStore();
    const jb = await import('just-bash/browser');
    const options = { store, compactAfterBytes: 4096 };
    const a = await HomeDisk.open(jb, options);
    const root = a.mounts.find((m) => m.mountPoint === '/root')!;
    for (let i = 0; i < 60; i++) {
      await root.writeFile('/log', `line ${i}\n`.repeat(i + 1));
      await a.flush();
    }
    const long = (await (await journal(store)).getFile()).size;
    // Another tab has it open: no rewrite under it.
    const b = await HomeDisk.open(jb, options);
    expect((await (await journal(store)).getFile()).size).to.equal(long);
    await a.close();
    await b.close();
    const c = await HomeDisk.open(jb, options);
    const short = (await (await journal(store)).getFile()).size;
    expect(short).to.be.below(long / 4);
    const log = await c.mounts.find((m) => m.mountPoint === '/root')!.readFile('/log');
    expect(log).to.equal('line 59\n'.repeat(60));
    await c.close();
  });

  it('a torn last write (a crash mid-append) is ignored and cut off by the next writer', async () => {
    const store = newStore();
    const a = await boot({ store });
    await a.sh('echo kept > /root/kept');
    const handle = await journal(store);
    const before = await (await handle.getFile()).text();
    const w = await handle.createWritable({ keepExistingData: true });
    await w.write({
      type: 'write',
      position: before.length,
      data: '{"r":[{"k":"f","p":"/root/torn',
    });
    await w.close();
    const b = await boot({ store });
    expect((await b.sh('cat /root/kept; ls /root')).out).to.equal('kept\nkept\n');
    await b.sh('echo after > /root/after');
    const c = await boot({ store });
    expect((await c.sh('cat /root/after')).out).to.equal('after\n');
    expect(await (await handle.getFile()).text()).to.not.contain('/root/torn');
  });

  it('a write past the disk size fails with ENOSPC naming disk.bytes; what was there stays', async () => {
    const store = newStore();
    const { sh } = await boot({ store, quotaBytes: 64 * 1024 });
    expect((await sh('echo kept > /root/note')).code).to.equal(0);
    const r = await sh('seq 1 20000 > /root/big');
    expect(r.code).to.equal(1);
    expect(r.err).to.contain(
      "ENOSPC: no space left on device (disk.bytes = 64.0 KiB), write '/root/big'",
    );
    expect((await sh('cat /root/note')).out).to.equal('kept\n');
    const df = await sh('df /root /tmp');
    expect(df.out).to.match(/^\/dev\/vdb\s+64\s+\d+\s+\d+\s+\d+% \/root$/m);
    expect(df.out).to.match(/^tmpfs\s+\d+.*\/tmp$/m);
  });

  it('the snapshot a restarted worker gets back leaves the kept disk out (the disk is newer)', async () => {
    const { machine, sh } = await boot({ store: newStore() });
    await sh('echo mine > /root/file && echo scratch > /tmp/file');
    const snap = await machine.snapshot();
    const paths = (snap.files ?? []).map((f) => f.path);
    expect(paths).to.include('/tmp/file');
    expect(paths.filter((p) => p.startsWith('/root/') || p.startsWith('/home/'))).to.deep.equal([]);
  });

  it('without a store nothing is kept, says why, and ~ still works as a tmpfs in the snapshot', async () => {
    const { machine, sh } = await boot({});
    await sh('echo x > /root/x');
    const st = await machine.diskStatus();
    expect(st.kept).to.equal(false);
    expect(st.why).to.be.a('string');
    expect(((await machine.snapshot()).files ?? []).map((f) => f.path)).to.include('/root/x');
  });

  it('exports ~ as a gzipped GNU tar and restores it into an emptied disk', async () => {
    const store = newStore();
    const a = await boot({ store });
    const long = `/root/${'d'.repeat(60)}/${'f'.repeat(70)}.txt`;
    await a.sh(
      `mkdir -p /home/work && echo note > /home/work/note && chmod 640 /home/work/note && mkdir -p ${long.slice(0, long.lastIndexOf('/'))} && echo long > ${long}`,
    );
    const tgz = await a.machine.exportHome();
    const tar = indexTar(await gunzip(tgz));
    const byName = new Map(tar.entries.map((e) => [e.name, e]));
    expect(byName.get('home/work/note')?.mode).to.equal(0o640);
    expect(byName.get(long.slice(1))?.size).to.equal(5);
    await a.machine.resetDisk();
    expect((await a.sh('ls -A /root; ls -A /home')).out).to.equal('');
    const back = await a.machine.importHome(tgz);
    expect(back.restored).to.be.at.least(2);
    expect((await a.sh(`cat /home/work/note ${long}; stat -c %a /home/work/note`)).out).to.equal(
      'note\nlong\n640\n',
    );
    const b = await boot({ store });
    expect((await b.sh('cat /home/work/note')).out).to.equal('note\n');
  });
});
