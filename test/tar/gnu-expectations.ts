// What GNU tar said about each fixture archive (test/fixtures/tar-fixtures.mjs
// runs it at setup), and helpers to fetch the archives themselves.
import type { ArchiveFs } from '../../src/worker/tar/archive-fs';

/** One line of `tar --numeric-owner --full-time -tvf`, parsed. */
export interface GnuListed {
  path: string;
  /** As in TarEntryType, or 'unknown' for a typeflag GNU tar extracts as a regular file. */
  type: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  linkTarget?: string;
  devmajor?: number;
  devminor?: number;
}

export interface GnuVerdict {
  made: 'gnu' | 'crafted';
  why?: string;
  listing: GnuListed[];
  listStatus: number;
  listMessages: string;
  /** sha256 of every regular file GNU tar extracted, by path. */
  files: Record<string, string>;
  extractStatus: number;
  extractMessages: string;
}

export interface KernelHeadersVerdict {
  source: string;
  tarBytes: number;
  listing: Pick<GnuListed, 'path' | 'type' | 'mode' | 'size' | 'linkTarget'>[];
  files: Record<string, string>;
}

const base = new URL('../fixtures/generated/tar/', import.meta.url);

async function fetchOk(name: string): Promise<Response> {
  const res = await fetch(new URL(name, base));
  if (!res.ok) {
    throw new Error(
      `fixture ${name} is missing (HTTP ${res.status}): run test/fixtures/tar-fixtures.mjs`,
    );
  }
  return res;
}

let verdicts: Promise<Record<string, GnuVerdict>> | null = null;

export function gnuVerdict(archive: string): Promise<GnuVerdict> {
  verdicts ??= fetchOk('expectations.json')
    .then((r) => r.json())
    .then((j: { archives: Record<string, GnuVerdict> }) => j.archives);
  return verdicts.then((all) => {
    const v = all[archive];
    if (!v) throw new Error(`no GNU tar verdict for ${archive}`);
    return v;
  });
}

export async function archiveBytes(archive: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetchOk(archive)).arrayBuffer());
}

export async function kernelHeadersVerdict(): Promise<KernelHeadersVerdict> {
  return (await fetchOk('kheaders.json')).json() as Promise<KernelHeadersVerdict>;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>),
  );
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export { seededRandom } from '../support/seeded-random';

/** Every regular file under the root, by path without the leading '/'. */
export async function regularFiles(fs: ArchiveFs, dir = '/'): Promise<string[]> {
  const out: string[] = [];
  for (const d of await fs.readdirWithFileTypes(dir)) {
    const p = dir === '/' ? `/${d.name}` : `${dir}/${d.name}`;
    if (d.isDirectory) out.push(...(await regularFiles(fs, p)));
    else if (d.isFile) out.push(p.slice(1));
  }
  return out;
}
