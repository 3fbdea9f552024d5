/**
 * The demo kernel's artifacts as setup builds them (scripts/setup/kernel-artifacts.mjs):
 * public/kernel/{manifest.json, kheaders.tar.xz, config.gz}. The machine
 * fetches them once at boot and keeps the bytes as they came: the sysfs file
 * and /proc/config.gz are views of these very buffers.
 */
import type { LoadProgress, Tristate } from '../../shared/worker-api';

export interface KernelManifest {
  /** `uname -r`. */
  release: string;
  arch: string;
  config: { IKHEADERS: Tristate; IKCONFIG: Tristate; IKCONFIG_PROC: 'y' | 'n' };
  build?: { timestamp?: string; defconfig?: string };
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

export interface KernelArtifacts {
  manifest: KernelManifest;
  /** kheaders_data.tar.xz exactly as the kernel build made it. */
  headersXz: Uint8Array;
  /** config_data.gz: the gzipped .config that /proc/config.gz serves. */
  configGz: Uint8Array;
  /** The folder they came from; the other machine and clang's assets sit beside it. */
  baseUrl?: string;
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not fetch ${url}: HTTP ${res.status} ${res.statusText}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Fetches the three artifacts from the folder at baseUrl; decodes nothing. */
export async function fetchKernelArtifacts(
  baseUrl: string,
  onProgress: (p: LoadProgress) => void = () => {},
): Promise<KernelArtifacts> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const manifestUrl = new URL('manifest.json', new URL(base, self.location.href)).href;
  const res = await fetch(manifestUrl);
  if (!res.ok) throw new Error(`could not fetch ${manifestUrl}: HTTP ${res.status}`);
  const manifest = (await res.json()) as KernelManifest;
  const totalIn = manifest.kheaders.bytes + manifest.configGz.bytes;
  onProgress({ phase: 'download', bytesIn: 0, totalIn, bytesOut: 0 });
  const [headersXz, configGz] = await Promise.all([
    fetchBytes(new URL('kheaders.tar.xz', manifestUrl).href),
    fetchBytes(new URL('config.gz', manifestUrl).href),
  ]);
  for (const [name, got, want] of [
    ['kheaders.tar.xz', headersXz.length, manifest.kheaders.bytes],
    ['config.gz', configGz.length, manifest.configGz.bytes],
  ] as const) {
    if (got !== want) throw new Error(`${name}: got ${got} bytes, the manifest says ${want}`);
  }
  onProgress({ phase: 'done', bytesIn: totalIn, totalIn, bytesOut: 0 });
  return { manifest, headersXz, configGz, baseUrl: manifestUrl };
}
