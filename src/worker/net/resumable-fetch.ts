/**
 * A download that notices when it stalls and picks up where it left off when
 * the connection drops: the body it hands out is one seamless byte stream of
 * one file, or it fails with a sentence that names the limit it ran into.
 *
 * A drop is resumed with `Range: bytes=N-`; a server that answers 200 instead
 * sends the whole file again and the first N bytes are skipped. Either way
 * the answer must be the same file (size, ETag, Last-Modified, whichever the
 * server shows), or nothing is spliced.
 */
import { formatBytes } from '../../common/byte-size';

export interface FetchTiming {
  /** No byte for this long (headers or body) and the download is given up. */
  stallMs: number;
  /** How many times a dropped connection is reopened before the load fails. */
  maxRetries: number;
  /** Wait before the first retry; each next retry waits twice as long. */
  retryDelayMs: number;
}

/** A download that stalled, dropped for good, or changed under us. */
export class FetchError extends Error {
  override name = 'FetchError';
}

export interface Download {
  body: ReadableStream<Uint8Array>;
  /** Content-Length of the file, when the server gives it. */
  totalIn: number | undefined;
  /** Byte offsets in the body are the file's (no Content-Encoding), and the server did not refuse ranges. */
  rangeable: boolean;
}

/** What tells one version of a file from another, as far as the server shows it. */
interface Identity {
  total?: number;
  etag?: string;
  lastModified?: string;
}

const STALLED = Symbol('stalled');

/** The work's result, or STALLED if it took longer than `ms`. */
async function within<T>(ms: number, work: Promise<T>): Promise<T | typeof STALLED> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<typeof STALLED>((resolve) => {
    timer = setTimeout(() => resolve(STALLED), ms);
  });
  try {
    return await Promise.race([work, stalled]);
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const positive = (text: string | null | undefined): number | undefined => {
  const n = Number(text ?? undefined);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
};

/** `bytes 100-199/200` → start 100, total 200 (either may be missing). */
function parseContentRange(header: string | null): { start?: number; total?: number } {
  const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header?.trim() ?? '');
  if (!m) return {};
  return { start: Number(m[1]), total: positive(m[2]) };
}

/** A body the browser decompresses on the fly has no byte offsets a Range could name. */
const isEncoded = (res: Response) =>
  !['', 'identity'].includes(res.headers.get('content-encoding') ?? '');

function identityOf(res: Response, offset: number): Identity {
  const etag = res.headers.get('etag') ?? undefined;
  const lastModified = res.headers.get('last-modified') ?? undefined;
  const length = isEncoded(res) ? undefined : positive(res.headers.get('content-length'));
  // Cross-origin, Content-Range is often hidden: then the part's length must add up.
  const total =
    res.status === 206
      ? (parseContentRange(res.headers.get('content-range')).total ??
        (length === undefined ? undefined : offset + length))
      : length;
  return { total, etag, lastModified };
}

/** Why `now` is not the file `was`, or undefined when it is the same one. */
function differs(was: Identity, now: Identity): string | undefined {
  const facts = ['total', 'etag', 'lastModified'] as const;
  const shared = facts.filter((f) => was[f] !== undefined && now[f] !== undefined);
  if (shared.length === 0) return 'nothing to show it was the same file';
  const changed = shared.find((f) => was[f] !== now[f]);
  const words = { total: 'size', etag: 'ETag', lastModified: 'Last-Modified' };
  return changed && `a different file (its ${words[changed]} changed)`;
}

/** A 206 whose Content-Range (when the server lets us see it) starts elsewhere. */
function wrongStart(res: Response, from: number): string | undefined {
  const { start } = parseContentRange(res.headers.get('content-range'));
  return start !== undefined && start !== from ? `a part that starts at byte ${start}` : undefined;
}

const seconds = (ms: number) => `${ms / 1000} s`;

/** One try at the network; the caller turns STALLED and failures into sentences. */
async function request(
  url: string,
  timing: FetchTiming,
  init: RequestInit = {},
): Promise<{ res: Response; abort: AbortController } | typeof STALLED> {
  const abort = new AbortController();
  const res = await within(timing.stallMs, fetch(url, { ...init, signal: abort.signal }));
  if (res === STALLED) abort.abort();
  return res === STALLED ? STALLED : { res, abort };
}

/**
 * Reads one response after another into a single stream: counts what it has
 * handed out, watches for stalls, and on a drop asks for the rest.
 */
class ResumingBody {
  private delivered = 0;
  /** Bytes of a restarted 200 body that were already handed out. */
  private skip = 0;
  private retries = 0;
  private cancelled = false;
  private reader: ReadableStreamDefaultReader<Uint8Array>;
  private abort: AbortController;
  private readonly identity: Identity;
  private readonly useRange: boolean;

  constructor(
    private readonly url: string,
    private readonly timing: FetchTiming,
    first: { res: Response; abort: AbortController },
  ) {
    this.reader = first.res.body!.getReader();
    this.abort = first.abort;
    this.identity = identityOf(first.res, 0);
    this.useRange = !isEncoded(first.res);
  }

  stream(): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>(
      {
        pull: (controller) => this.pull(controller),
        cancel: (reason) => {
          this.cancelled = true;
          this.stop(reason);
        },
      },
      // Read only when asked: the browser buffers the network anyway, and nothing is read past a cancel.
      { highWaterMark: 0 },
    );
  }

  private async pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    while (!this.cancelled) {
      let step: ReadableStreamReadResult<Uint8Array> | typeof STALLED;
      try {
        step = await within(this.timing.stallMs, this.reader.read());
      } catch {
        await this.resume(); // a read that fails is the network's doing
        continue;
      }
      if (this.cancelled) return;
      if (step === STALLED) {
        this.stop('stalled');
        throw this.stalled();
      }
      if (step.done) {
        // Short of the announced size is a drop too, however politely it ended.
        const total = this.identity.total;
        if (this.useRange && total !== undefined && this.delivered < total) {
          await this.resume();
          continue;
        }
        controller.close();
        return;
      }
      const chunk = this.unseen(step.value);
      if (chunk.length === 0) continue;
      this.delivered += chunk.length;
      controller.enqueue(chunk);
      return;
    }
  }

  /** The part of a chunk the reader has not had yet. */
  private unseen(chunk: Uint8Array): Uint8Array {
    if (this.skip === 0) return chunk;
    const drop = Math.min(this.skip, chunk.length);
    this.skip -= drop;
    return chunk.subarray(drop);
  }

  private stop(reason: unknown): void {
    this.reader.cancel(reason).catch(() => {});
    this.abort.abort();
  }

  /** Reopens the download after a drop, or throws once the retries are used up. */
  private async resume(): Promise<void> {
    this.stop('dropped');
    while (this.retries < this.timing.maxRetries) {
      await sleep(this.timing.retryDelayMs * 2 ** this.retries);
      this.retries++;
      if (this.cancelled) return;
      if (await this.reopen()) {
        if (this.cancelled) this.stop('cancelled'); // cancelled while the retry was in flight
        return;
      }
    }
    throw this.dropped();
  }

  /** True once the rest of the same file is flowing again; false if this retry failed. */
  private async reopen(): Promise<boolean> {
    const from = this.delivered;
    const headers: HeadersInit = this.useRange ? { Range: `bytes=${from}-` } : {};
    let next;
    try {
      // The rest comes from the server: a cache's copy of a half-read answer is no help.
      next = await request(this.url, this.timing, { headers, cache: 'no-store' });
    } catch {
      return false; // still no network
    }
    if (next === STALLED) throw this.stalled();
    const { res } = next;
    const partial = res.status === 206 && this.useRange;
    if (!partial && res.status !== 200) {
      void res.body?.cancel().catch(() => {});
      return false;
    }
    const why =
      differs(this.identity, identityOf(res, partial ? from : 0)) ??
      (partial ? wrongStart(res, from) : undefined);
    if (why !== undefined || !res.body) {
      next.abort.abort();
      throw this.notResumed(why ?? 'an empty answer');
    }
    this.reader = res.body.getReader();
    this.abort = next.abort;
    this.skip = partial ? 0 : from;
    return true;
  }

  private where(): string {
    const total = this.identity.total;
    return total === undefined ? `byte ${this.delivered}` : `byte ${this.delivered} of ${total}`;
  }

  private stalled(): FetchError {
    const total = this.identity.total;
    const got = formatBytes(this.delivered) + (total ? ` of ${formatBytes(total)}` : '');
    return stallError(this.url, this.timing, got);
  }

  private dropped(): FetchError {
    const max = this.timing.maxRetries;
    const tried =
      max === 0 ? 'it was not retried' : `${max} ${max === 1 ? 'retry' : 'retries'} failed`;
    return new FetchError(
      `could not fetch ${this.url}: the connection dropped at ${this.where()} and ${tried} (fetch.maxRetries = ${max})`,
    );
  }

  private notResumed(why: string): FetchError {
    return new FetchError(
      `could not fetch ${this.url}: the connection dropped at ${this.where()} and the retry sent ${why}, so it was not resumed: load it again`,
    );
  }
}

function stallError(url: string, timing: FetchTiming, got: string): FetchError {
  return new FetchError(
    `could not fetch ${url}: the download stalled: no data for ${seconds(timing.stallMs)} after ${got} (fetch.stallMs = ${timing.stallMs})`,
  );
}

/**
 * Starts a download. Fails as `openUrl` always did when the first answer is
 * an error; after that, the body stalls into a FetchError or resumes on a drop.
 */
export async function openDownload(url: string, timing: FetchTiming): Promise<Download> {
  let first;
  try {
    first = await request(url, timing);
  } catch (err) {
    throw new Error(
      `could not fetch ${url}: the network failed or the server does not allow cross-origin reads (CORS). ` +
        `Download the file and open it from disk instead. (${String(err)})`,
    );
  }
  if (first === STALLED) throw stallError(url, timing, formatBytes(0));
  const { res } = first;
  if (!res.ok || !res.body) {
    void res.body?.cancel().catch(() => {});
    throw new Error(`could not fetch ${url}: HTTP ${res.status} ${res.statusText}`);
  }
  const body = new ResumingBody(url, timing, first);
  const rangeable = !isEncoded(res) && res.headers.get('accept-ranges') !== 'none';
  return { body: body.stream(), totalIn: positive(res.headers.get('content-length')), rangeable };
}
