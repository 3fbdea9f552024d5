/**
 * The real tools' side of the fidelity table (test/fidelity/table.json), for
 * web-test-runner: POST /__native/<row id> runs that row's command with
 * GNU tar, xz, coreutils and bash on this machine, in a tmpfs directory
 * that holds the demo archive and its natively extracted tree (as the
 * machine's /tmp/w does), and answers { out, err, code }. Only commands
 * from the table run; nothing is cached, so every run compares with the
 * tools as they are installed now.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const TABLE = 'test/fidelity/table.json';
const ROUTE = /^\/__native\/([\w.-]+)$/;

let sandbox;

/** /dev/shm when it is a tmpfs (it is on Debian), as the machine's /tmp is. */
function makeSandbox() {
  if (sandbox) return sandbox;
  const base = mkdtempSync(path.join('/dev/shm', 'kh-fidelity-'));
  const work = path.join(base, 'w');
  const table = JSON.parse(readFileSync(TABLE, 'utf8'));
  const archive = path.resolve('public/kernel/kheaders.tar.xz');
  sandbox = run(`mkdir -p ${work} && cd ${work} && ${table.prepare}`, base, {
    ARCHIVE: archive,
  }).then((r) => {
    if (r.code !== 0) throw new Error(`fidelity sandbox: ${r.err}`);
    return work;
  });
  process.once('exit', () => rmSync(base, { recursive: true, force: true }));
  return sandbox;
}

function run(script, cwd, extra = {}) {
  return new Promise((resolve) => {
    execFile(
      '/bin/bash',
      ['-c', script],
      {
        cwd,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        timeout: 60_000,
        env: {
          PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
          HOME: '/root',
          USER: 'root',
          TZ: 'UTC',
          LC_ALL: 'C.UTF-8',
          TMPDIR: cwd,
          KFORMATS: path.resolve('test/fidelity/kernel-formats.sh'),
          MANIFEST: path.resolve('public/kernel/manifest.json'),
          ...extra,
        },
      },
      (error, stdout, stderr) =>
        resolve({
          out: stdout,
          err: stderr,
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
        }),
    );
  });
}

export async function nativeRunner(ctx, next) {
  const m = ROUTE.exec(ctx.path);
  if (!m || ctx.method !== 'POST') return next();
  const table = JSON.parse(readFileSync(TABLE, 'utf8'));
  const row = table.rows.find((r) => r.id === m[1]);
  if (!row) return void (ctx.status = 404);
  const work = await makeSandbox();
  ctx.body = await run(row.native ?? row.cmd, work);
}
