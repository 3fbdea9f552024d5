/**
 * Downloads that go wrong on the wire, as the test server makes them go
 * wrong (web-test-runner.config.mjs, /__fault/...): a body that stalls, a
 * connection that drops once or every time, a server without Range, a file
 * that changes between tries. A load either resumes into the same bytes as
 * a clean fetch or fails with a sentence naming the limit; a failed load
 * leaves the machine's mounts as they were.
 */
import { expect } from '@esm-bundle/chai';
import type { LoadProgress } from '../../src/shared/worker-api';
import { loadArchive, type LoadedArchive } from '../../src/worker/archive-loader';
import { FetchError } from '../../src/worker/net/resumable-fetch';
import { bootMachine } from '../machine/machine-helpers';

const KHEADERS = 'public/kernel/kheaders.tar.xz';
const CONFIG_GZ = 'public/kernel/config.gz';
/** Short clocks, so a fault shows in well under a second. */
// A stall is 3 s of silence: long enough that a loaded machine never looks stalled.
const FAST = { stallMs: 3000, retryDelayMs: 20 };

let tests = 0;
/** A fault URL with its own request count on the server. */
function faultUrl(mode: string, file: string): string {
  return new URL(`/__fault/${mode}/${file}?t=${Date.now()}-${++tests}`, location.href).href;
}

const plainUrl = (file: string) => new URL(`/${file}`, location.href).href;

async function sizeOf(file: string): Promise<number> {
  return (await (await fetch(plainUrl(file))).arrayBuffer()).byteLength;
}

interface Answer {
  range: string | null;
  status: number;
}

/**
 * What the test server was asked for a fault URL to get the body, and how it
 * answered; an xz download also asks for its last bytes (`bytes=N-M`, the
 * index read first: src/worker/net/xz-tail.ts), which is no part of the body.
 */
async function answersTo(url: string): Promise<Answer[]> {
  const log = new URL(url);
  log.pathname = log.pathname.replace(/^\/__fault\//, '/__fault/log/');
  const answers: Answer[] = await (await fetch(log)).json();
  return answers.filter((a) => !/^bytes=\d+-\d+$/.test(a.range ?? ''));
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes.slice());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function failure(run: Promise<unknown>): Promise<Error> {
  try {
    await run;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the load to fail');
}

/** The most a download can have after `answers` answers that each send half of what is left. */
function sentBy(size: number, answers: number): number {
  let at = 0;
  for (let i = 0; i < answers; i++) at += Math.ceil((size - at) / 2);
  return at;
}

/**
 * Checks a drop sentence around its one loose part: where it dropped. The
 * browser throws away what it had buffered when the connection fails, so
 * the byte is anywhere up to what the server sent.
 */
function expectDropSentence(err: Error, url: string, size: number, sent: number, rest: string) {
  const at = `could not fetch ${url}: the connection dropped at byte `;
  expect(err.message.startsWith(at), err.message).to.equal(true);
  const [, byte, tail] = /^(\d+)( .*)$/.exec(err.message.slice(at.length)) ?? [];
  expect(tail).to.equal(` of ${size} and ${rest}`);
  expect(Number(byte)).to.be.within(0, sent);
}

/** What must match between a resumed load and a clean one. */
async function fingerprint({ summary, bytes }: LoadedArchive) {
  const { format, compressedBytes, decodedBytes, verified, verification, streams, blocks } =
    summary;
  return {
    format,
    compressedBytes,
    decodedBytes,
    verified,
    verification,
    streams,
    blocks,
    sha256: await sha256(bytes),
  };
}

describe('fetch faults: stalls, drops and resumes on a real connection', function () {
  this.timeout(60_000);

  const clean: Record<string, Awaited<ReturnType<typeof fingerprint>>> = {};
  before(async () => {
    for (const file of [KHEADERS, CONFIG_GZ]) {
      const loaded = await loadArchive({ kind: 'url', url: plainUrl(file), name: file });
      clean[file] = await fingerprint(loaded);
    }
  });

  it('a body that stops sending fails after fetch.stallMs, naming it', async () => {
    const url = faultUrl('stall', KHEADERS);
    const err = await failure(loadArchive({ kind: 'url', url, name: 'k' }, undefined, FAST));
    expect(err).to.be.instanceOf(FetchError);
    // The server sends the first half (1.9 MiB) of the 3.8 MiB file, then nothing.
    expect(err.message).to.equal(
      `could not fetch ${url}: the download stalled: no data for 3 s after 1.9 MiB of 3.8 MiB (fetch.stallMs = 3000)`,
    );
  });

  it('the drop is real: without retries, drop-once fails where it dropped', async () => {
    const url = faultUrl('drop-once', KHEADERS);
    const size = await sizeOf(KHEADERS);
    const err = await failure(
      loadArchive({ kind: 'url', url, name: 'k' }, undefined, { ...FAST, maxRetries: 0 }),
    );
    expectDropSentence(
      err,
      url,
      size,
      sentBy(size, 1),
      `it was not retried (fetch.maxRetries = 0)`,
    );
  });

  it('a dropped connection resumes with Range into the very same archive', async () => {
    const size = await sizeOf(KHEADERS);
    const reports: LoadProgress[] = [];
    const url = faultUrl('drop-once', KHEADERS);
    const loaded = await loadArchive({ kind: 'url', url, name: 'k' }, (p) => reports.push(p), FAST);
    expect(await fingerprint(loaded)).to.deep.equal(clean[KHEADERS]);
    // The second answer was the rest of the file, asked for from where the first one broke.
    const [first, second, ...more] = await answersTo(url);
    expect(first).to.deep.equal({ range: null, status: 200 });
    expect(second.status).to.equal(206);
    expect(second.range).to.match(/^bytes=\d+-$/);
    expect(more).to.deep.equal([]);
    // Progress counts each byte once, across the resume too.
    const bytesIn = reports.map((p) => p.bytesIn);
    expect(bytesIn).to.deep.equal([...bytesIn].sort((a, b) => a - b));
    expect(Math.max(...bytesIn)).to.equal(size);
    expect(reports.every((p) => p.totalIn === undefined || p.totalIn === size)).to.equal(true);
  });

  it('a server without Range sends it all again and the first bytes are skipped', async () => {
    const reports: LoadProgress[] = [];
    const url = faultUrl('no-range-drop-once', KHEADERS);
    const loaded = await loadArchive({ kind: 'url', url, name: 'k' }, (p) => reports.push(p), FAST);
    expect(await fingerprint(loaded)).to.deep.equal(clean[KHEADERS]);
    // Asked for the rest, got the whole file again.
    const answers = await answersTo(url);
    expect(answers.map((a) => a.status)).to.deep.equal([200, 200]);
    expect(answers[1].range).to.match(/^bytes=\d+-$/);
    const bytesIn = reports.map((p) => p.bytesIn);
    expect(bytesIn).to.deep.equal([...bytesIn].sort((a, b) => a - b));
    expect(Math.max(...bytesIn)).to.equal(await sizeOf(KHEADERS));
  });

  it('a connection that keeps dropping fails after fetch.maxRetries, naming it', async () => {
    const url = faultUrl('drop-always', KHEADERS);
    const size = await sizeOf(KHEADERS);
    const err = await failure(loadArchive({ kind: 'url', url, name: 'k' }, undefined, FAST));
    expect(err).to.be.instanceOf(FetchError);
    // The first answer and both retries each sent half of what was left.
    expectDropSentence(err, url, size, sentBy(size, 3), `2 retries failed (fetch.maxRetries = 2)`);
  });

  it('gzip resumes too, and a gzip download that keeps dropping is not called corrupt', async () => {
    const resumed = await loadArchive(
      { kind: 'url', url: faultUrl('drop-once', CONFIG_GZ), name: 'config.gz' },
      undefined,
      FAST,
    );
    expect(await fingerprint(resumed)).to.deep.equal(clean[CONFIG_GZ]);

    const url = faultUrl('drop-always', CONFIG_GZ);
    const size = await sizeOf(CONFIG_GZ);
    const err = await failure(
      loadArchive({ kind: 'url', url, name: 'config.gz' }, undefined, FAST),
    );
    expectDropSentence(err, url, size, sentBy(size, 3), `2 retries failed (fetch.maxRetries = 2)`);
  });

  it('a file that changed between tries is never spliced', async () => {
    const url = faultUrl('changed-drop-once', KHEADERS);
    const size = await sizeOf(KHEADERS);
    const err = await failure(loadArchive({ kind: 'url', url, name: 'k' }, undefined, FAST));
    expect(err).to.be.instanceOf(FetchError);
    expectDropSentence(
      err,
      url,
      size,
      sentBy(size, 1),
      `the retry sent a different file (its ETag changed), so it was not resumed: load it again`,
    );
  });

  it('a failed download leaves the machine as it was: same mounts, old archive still read', async () => {
    const { machine, sh } = await bootMachine();
    const name = 'kheaders.tar.xz';
    await machine.loadArchive({ kind: 'url', url: plainUrl(KHEADERS), name });
    const before = (await machine.getState()).mounts;
    const listed = await sh(`ls /mnt/${name}/include`);
    expect(listed.code).to.equal(0);

    // Through the Machine, with the production clocks: 1 s and 2 s between tries.
    const url = faultUrl('drop-always', KHEADERS);
    const size = await sizeOf(KHEADERS);
    const err = await failure(machine.loadArchive({ kind: 'url', url, name }));
    expect(err).to.be.instanceOf(Error);
    expectDropSentence(err, url, size, sentBy(size, 3), `2 retries failed (fetch.maxRetries = 2)`);
    expect((await machine.getState()).mounts).to.deep.equal(before);
    expect(await sh(`ls /mnt/${name}/include`)).to.deep.equal(listed);
    const g = await sh(`grep -c 'struct task_struct {' /mnt/${name}/include/linux/sched.h`);
    expect(g).to.deep.equal({ out: '1\n', err: '', code: 0 });
  });
});
