/**
 * The fidelity table's rows as the student (test/fidelity/table.json rows
 * with `user`): Debian's tools run by a real unprivileged user.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { manifest, output, run, scratch } from './tool-run.mjs';

/**
 * A row of the student's: the real tools run by a real unprivileged user.
 * In a mount namespace of its own (nothing outside it changes), /etc/passwd,
 * group and shadow gain `student` (uid 1000, as on the machine; this host's
 * uid 1000 account is left out there), /sys/module holds what kmod reads of
 * a loaded or absent kheaders (initstate, refcnt, holders), and util-linux su
 * starts the student's shell with the row's command line, so su itself sets
 * HOME, USER, LOGNAME and SHELL. $KROOT is a modules tree depmod made for
 * the demo's release, for modprobe -d.
 */
export async function asUser(row, script, cwd) {
  const etc = await studentEtc();
  const fake =
    row.loaded === false
      ? ''
      : 'mkdir -p /sys/module/kheaders/holders && echo live > /sys/module/kheaders/initstate && echo 0 > /sys/module/kheaders/refcnt && ';
  const setup =
    `mount --bind ${etc}/passwd /etc/passwd && mount --bind ${etc}/group /etc/group && ` +
    `mount --bind ${etc}/shadow /etc/shadow && mount -t tmpfs none /sys/module && ${fake}` +
    `exec su ${row.user} -s /bin/bash -c 'exec /bin/bash --norc -c "$KH_ROW"'`;
  return run(
    'unshare',
    ['--mount', '--propagation', 'private', '/bin/bash', '--norc', '-c', setup],
    {
      cwd,
      timeout: 60_000,
      env: {
        PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        TZ: 'UTC',
        LC_ALL: 'C.UTF-8',
        KH_ROW: script,
        KROOT: await modulesTree(),
        REL: manifest().release,
      },
    },
  );
}

let etcDir;
/** This host's passwd, group and shadow with `student` as uid/gid 1000 (and no other 1000). */
function studentEtc() {
  etcDir ??= (() => {
    const dir = path.join(scratch(), 'etc');
    mkdirSync(dir);
    const without = (file, keep) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l && keep(l.split(':')))
        .join('\n');
    const notStudent = ([name, , id]) => name !== 'student' && id !== '1000';
    writeFileSync(
      path.join(dir, 'passwd'),
      `${without('/etc/passwd', notStudent)}\nstudent:x:1000:1000:student:/home/student:/bin/bash\n`,
    );
    writeFileSync(
      path.join(dir, 'group'),
      `${without('/etc/group', notStudent)}\nstudent:x:1000:\n`,
    );
    writeFileSync(
      path.join(dir, 'shadow'),
      `${without('/etc/shadow', ([name]) => name !== 'student' && name !== (readFileSync('/etc/passwd', 'utf8').match(/^([^:]+):x:1000:/m)?.[1] ?? ''))}\nstudent:*:20000:0:99999:7:::\n`,
      { mode: 0o640 },
    );
    return dir;
  })();
  return etcDir;
}

let kroot;
/** lib/modules/<release>/kernel/kernel/kheaders.ko (the demo build's kheaders.o) and depmod's indexes. */
async function modulesTree() {
  kroot ??= (async () => {
    const m = manifest();
    const cache = process.env.KH_CACHE ?? '.cache';
    const obj = path.resolve(cache, `kbuild-${m.source.version}`, 'kernel/kheaders.o');
    if (!existsSync(obj))
      throw new Error(`${obj}: missing (setup builds it); the student's kmod rows need it`);
    const root = path.join(scratch(), 'kroot');
    const dir = path.join(root, 'lib/modules', m.release, 'kernel/kernel');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'kheaders.ko'), readFileSync(obj));
    await output(process.env.DEPMOD ?? '/sbin/depmod', ['-b', root, m.release]);
    chmodSync(scratch(), 0o755);
    return root;
  })();
  return kroot;
}
