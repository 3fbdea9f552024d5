/**
 * The demo kernel's artifacts as setup builds them (scripts/setup/kernel-artifacts.mjs):
 * public/kernel/{manifest.json, kheaders.tar.xz, config.gz}. The machine
 * fetches them once at boot (the manifest first, see kernel-arrival.ts) and
 * keeps the bytes as they came: the sysfs file and /proc/config.gz are views
 * of these very buffers.
 */
import type { LoadProgress, Tristate } from '../../shared/worker-api';
import type { KernelBytes } from './kernel-arrival';

export interface KernelManifest {
  /** `uname -r`. */
  release: string;
  arch: string;
  config: { IKHEADERS: Tristate; IKCONFIG: Tristate; IKCONFIG_PROC: 'y' | 'n' };
  build?: {
    timestamp?: string;
    defconfig?: string;
    /** UTS_VERSION as the build wrote it, when setup built a whole kernel (the real one). */
    utsVersion?: string;
  };
  kheaders: {
    bytes: number;
    sha256: string;
    tarBytes: number;
    files: number;
    dirs: number;
    symlinks: number;
    hardlinks: number;
    /** Size of kernel/kheaders.o, when setup measured it. */
    objectBytes?: number;
  };
  configGz: { bytes: number; sha256: string; configBytes: number };
  /** "Another machine": the same source built with configDelta (scripts/setup/other-kernel.mjs). */
  other?: {
    release: string;
    label: string;
    configDelta: Record<string, string>;
    kheaders: { path: string; bytes: number; sha256: string };
  };
}

/** What the kernel knows before its bytes arrive. */
export interface KernelFacts {
  manifest: KernelManifest;
  /** The folder they came from; the other machine and clang's assets sit beside it. */
  baseUrl?: string;
}

/** The manifest and both payloads, all in memory. */
export type KernelArtifacts = KernelFacts & KernelBytes;

/** A file's bytes, each chunk reported as it lands (the progress bar's food). */
async function fetchBytes(url: string, onChunk: (n: number) => void): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not fetch ${url}: HTTP ${res.status} ${res.statusText}`);
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (const reader = res.body.getReader(); ;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
    onChunk(value.length);
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) out.set(c, (at += c.length) - c.length);
  return out;
}

/** The manifest, fetched first: the machine boots on it while the bytes arrive. */
export async function fetchManifest(
  baseUrl: string,
): Promise<{ manifest: KernelManifest; manifestUrl: string }> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const manifestUrl = new URL('manifest.json', new URL(base, self.location.href)).href;
  const res = await fetch(manifestUrl);
  if (!res.ok) throw new Error(`could not fetch ${manifestUrl}: HTTP ${res.status}`);
  return { manifest: (await res.json()) as KernelManifest, manifestUrl };
}

/** kheaders.tar.xz and config.gz beside the manifest, checked against its sizes; decodes nothing. */
export async function fetchKernelBytes(
  manifest: KernelManifest,
  manifestUrl: string,
  onChunk: (n: number) => void = () => {},
): Promise<KernelBytes> {
  const [headersXz, configGz] = await Promise.all([
    fetchBytes(new URL('kheaders.tar.xz', manifestUrl).href, onChunk),
    fetchBytes(new URL('config.gz', manifestUrl).href, onChunk),
  ]);
  for (const [name, got, want] of [
    ['kheaders.tar.xz', headersXz.length, manifest.kheaders.bytes],
    ['config.gz', configGz.length, manifest.configGz.bytes],
  ] as const) {
    if (got !== want) throw new Error(`${name}: got ${got} bytes, the manifest says ${want}`);
  }
  return { headersXz, configGz };
}

/** Fetches the three artifacts from the folder at baseUrl, all of them before it resolves. */
export async function fetchKernelArtifacts(
  baseUrl: string,
  onProgress: (p: LoadProgress) => void = () => {},
): Promise<KernelArtifacts> {
  const { manifest, manifestUrl } = await fetchManifest(baseUrl);
  const totalIn = manifest.kheaders.bytes + manifest.configGz.bytes;
  onProgress({ phase: 'download', bytesIn: 0, totalIn, bytesOut: 0 });
  const bytes = await fetchKernelBytes(manifest, manifestUrl);
  onProgress({ phase: 'done', bytesIn: totalIn, totalIn, bytesOut: 0 });
  return { manifest, ...bytes, baseUrl: manifestUrl };
}
