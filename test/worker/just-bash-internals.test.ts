/**
 * The parts of just-bash the machine relies on beyond its documented API,
 * checked by shape and by behaviour on the installed copy: the private
 * filesystem fields src/worker/vfs/just-bash-internals.ts reaches into, the
 * interpreter and session fields src/worker/shell/live-session.ts hooks and
 * copies, and the 3.6 filesystem calls the mount table takes over. An
 * upgrade of just-bash that moves or changes any of them fails here, naming
 * the field, before a command misbehaves.
 */
import { expect } from '@esm-bundle/chai';
import {
  childMountPoints,
  ensureParentDirs,
  entryMap,
  internalsMissing,
  retainedBytes,
  routePath,
  storeFile,
} from '../../src/worker/vfs/just-bash-internals';
import { mountTableClass } from '../../src/worker/vfs/mount-table';
import { attachLiveSession, SESSION_FIELDS } from '../../src/worker/shell/live-session';

const jb = await import('just-bash/browser');

describe('just-bash internals the machine relies on', () => {
  it('are all there', () => {
    expect(internalsMissing(jb)).to.deep.equal([]);
  });

  it('InMemoryFs: one Map of normalized paths, its byte count, its write steps', async () => {
    const fs = new jb.InMemoryFs(undefined, { maxTotalBytes: 100 });
    await fs.mkdir('/d', { recursive: true });
    await fs.writeFile('/d/a', new Uint8Array(10));
    await fs.symlink('a', '/d/l');
    const map = entryMap(fs);
    expect(map.get('/d')).to.include({ type: 'directory' });
    const file = map.get('/d/a');
    expect(file?.type).to.equal('file');
    expect(file && 'content' in file && file.content).to.be.instanceOf(Uint8Array);
    expect(map.get('/d/l')).to.include({ type: 'symlink', target: 'a' });
    for (const e of map.values()) {
      expect(e.mode).to.be.a('number');
      expect(e.mtime).to.be.instanceOf(Date);
    }
    expect(retainedBytes(fs)).to.equal(10);

    ensureParentDirs(fs, '/x/y/z');
    expect(map.get('/x/y')).to.include({ type: 'directory' });
    storeFile(fs, '/x/y/z', new Uint8Array(80));
    expect(retainedBytes(fs)).to.equal(90);
    expect(new Uint8Array(await fs.readFileBuffer('/x/y/z'))).to.have.length(80);
    // Past the limit the store refuses with ENOSPC and keeps the count.
    expect(() => storeFile(fs, '/x/big', new Uint8Array(11))).to.throw(/^ENOSPC/);
    expect(retainedBytes(fs)).to.equal(90);
    await fs.rm('/x', { recursive: true });
    expect(retainedBytes(fs)).to.equal(10);
  });

  it('MountableFs: routes a path to its mount and lists the mounts under a directory', async () => {
    const inner = new jb.InMemoryFs();
    const fs = new jb.MountableFs({ base: new jb.InMemoryFs() });
    fs.mount('/mnt/a', inner);
    const r = routePath(fs, '/mnt/a/x/y');
    expect(r.fs).to.equal(inner);
    expect(r.relativePath).to.equal('/x/y');
    expect(childMountPoints(fs, '/mnt')).to.deep.equal(['a']);
  });
});

/**
 * What bash keeps from one prompt to the next, by the interpreter-state
 * field that holds it: a line that sets it, a line that shows it. The
 * first group is copied back by name (SESSION_FIELDS); the second is
 * shared with every exec() by reference, so it needs no copy as long as
 * exec() keeps sharing it. Without its field kept, each pair shows
 * something else on the second line than the two lines run as one script.
 */
const KEPT_BY_FIELD: Record<string, [set: string, show: string]> = {
  env: ['x=1', 'echo $x'],
  arrays: ['a=(p q)', 'echo ${a[1]}'],
  cwd: ['cd /tmp', 'pwd'],
  previousDir: ['cd /tmp; cd /', 'cd - >/dev/null; pwd'],
  lastArg: ['echo hi there', 'echo $_'],
  options: ['set -o pipefail', 'false | true; echo $?'],
  functions: ['f() { echo in-f; }', 'f'],
  completionSpecs: ['complete -W "a b" cmd', 'complete -p cmd'],
  directoryStack: ['pushd /tmp >/dev/null', 'dirs'],
  fileDescriptors: ['exec 3>/tmp/fd3', 'echo hi >&3; cat /tmp/fd3'],
  nextFd: ['exec {a}>/tmp/fa; exec {a}>&-', 'exec {b}>/tmp/fb; echo $b'],
  associativeArrays: ['declare -A m; m[k]=v', 'm[j]=w; echo "${m[k]}${m[j]}"'],
  namerefs: ['x=1; declare -n r=x', 'echo $r'],
  invalidNamerefs: ['v="a b"; declare -n v', 'v=x; echo "[$v]"'],
  integerVars: ['declare -i n=5', 'n+=1; echo $n'],
  lowercaseVars: ['declare -l l', 'l=ABC; echo $l'],
  uppercaseVars: ['declare -u u', 'u=abc; echo $u'],
  declaredVars: ['declare d', 'declare -p d'],
  nextVirtualPid: ['(:)', '(echo $BASHPID)'],
  // Shared by reference, not copied:
  shoptOptions: ['shopt -s nullglob', 'echo /nonexist*'],
  exportedVars: ['y=1; export y', 'env | grep ^y='],
  readonlyVars: ['readonly ro=1', 'unset ro 2>/dev/null; echo "${ro-unset}"'],
  hashTable: ['hash -p /bin/ls myls', 'hash -t myls'],
};

describe('just-bash internals the live session relies on', function () {
  this.timeout(30_000);

  it('the interpreter class, found through its bind, has the four steps hooked', async () => {
    // attachLiveSession throws, naming what is missing, when the shape moved.
    const live = await attachLiveSession(new jb.Bash());
    expect(live.state.env).to.be.instanceOf(Map);
  });

  it('watches bind only while exec builds its interpreter: the worker never sees the watch', async () => {
    const bind = Function.prototype.bind;
    // A class of its own, so the probe runs again (it is kept per class).
    const attached = attachLiveSession(new (class extends jb.Bash {})());
    // attachLiveSession is now waiting for its probe line to finish.
    expect(Function.prototype.bind).to.equal(bind);
    await attached;
    expect(Function.prototype.bind).to.equal(bind);
  });

  it('every field copied back has a pin below', () => {
    expect(SESSION_FIELDS.filter((f) => !(f in KEPT_BY_FIELD))).to.deep.equal([]);
  });

  for (const [field, lines] of Object.entries(KEPT_BY_FIELD)) {
    it(`keeps ${field}: ${lines.join(' ⏎ ')}`, async () => {
      const live = await attachLiveSession(new jb.Bash());
      let shown = '';
      for (const line of lines) {
        const r = await live.run(line, (t) => (shown += t), new AbortController().signal);
        shown += r.stdout + r.stderr;
      }
      const once = await new jb.Bash().exec(lines.join('\n'));
      expect(shown).to.equal(once.stdout + once.stderr);
    });
  }
});

describe('just-bash 3.6 filesystem calls the mount table takes over', () => {
  it('lays no stubs of its own on the machine: no synchronous writes there', async () => {
    const base = new jb.InMemoryFs();
    const fs = new (mountTableClass(jb))({ base });
    expect(() => fs.writeFileSync('/x', '')).to.throw(/^ENOSYS/);
    new jb.Bash({ fs, cwd: '/' });
    expect(await base.exists('/bin')).to.equal(false);
    expect(await base.exists('/dev/null')).to.equal(false);
  });

  it('createExclusive: a free name only, made with the mode asked', async () => {
    const fs = new (mountTableClass(jb))({ base: new jb.InMemoryFs() });
    await fs.mkdir('/t');
    await fs.createExclusive!('/t/f', { mode: 0o600 });
    await fs.createExclusive!('/t/d', { mode: 0o700, directory: true });
    expect((await fs.stat('/t/f')).mode & 0o7777).to.equal(0o600);
    expect((await fs.stat('/t/d')).isDirectory).to.equal(true);
    expect((await fs.stat('/t/d')).mode & 0o7777).to.equal(0o700);
    let refused = '';
    await fs.createExclusive!('/t/f', { mode: 0o600 }).catch((e: Error) => (refused = e.message));
    expect(refused).to.match(/^EEXIST/);
    await fs.createExclusive!('/nope/f', { mode: 0o600 }).catch(
      (e: Error) => (refused = e.message),
    );
    expect(refused).to.match(/^ENOENT/);
  });
});
