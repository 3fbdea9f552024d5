// CPU time for `npm run bench`, printed beside wall time (wall ratios wander
// ±5% on a shared 2-core machine; CPU time shows work done, on every core).
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** Parent pid of each process, from /proc. */
function parents() {
  const map = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      map.set(Number(pid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  return map;
}

/** The pids under `root` (not root itself). */
function descendants(root) {
  const ppid = parents();
  const inTree = (pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 20; p = ppid.get(p) ?? 0, hops++) {
      if (p === root) return true;
    }
    return false;
  };
  return [...ppid.keys()].filter((pid) => pid !== root && inTree(pid));
}

/** Resident bytes of every process under `root` (the browser's, workers included). */
export function treeRssBytes(root = process.pid) {
  let kb = 0;
  for (const pid of descendants(root)) {
    try {
      const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      kb += m ? Number(m[1]) : 0;
    } catch {
      // gone meanwhile
    }
  }
  return kb * 1024;
}

/** Nanoseconds on CPU of every thread of every process under `root` (schedstat). */
export function treeCpuMs(root = process.pid) {
  let ns = 0;
  for (const pid of descendants(root)) {
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      }
    } catch {
      // gone meanwhile
    }
  }
  return ns / 1e6;
}

/** Runs a shell script; returns wall and CPU (user + system of its children) in ms. */
export function timedScript(script) {
  const start = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', `${script}\ntimes`], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${script} failed`);
  const lines = r.stdout.trim().split('\n');
  const children = lines[lines.length - 1].match(/(\d+)m([\d.]+)s (\d+)m([\d.]+)s/);
  const cpu = children
    ? (Number(children[1]) * 60 +
        Number(children[2]) +
        Number(children[3]) * 60 +
        Number(children[4])) *
      1000
    : NaN;
  return { wall, cpu };
}
