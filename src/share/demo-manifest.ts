/**
 * The few facts of the demo kernel that links and lessons need, read from
 * public/kernel/manifest.json (written by setup) at run time.
 */
import { coreSize } from '../common/module-size';

export interface DemoFacts {
  release: string;
  /** sha256 of kheaders.tar.xz, hex. */
  sha256: string;
  archiveBytes: number;
  /** kheaders.o, the object file on disk: not what the module occupies. */
  objectBytes: number;
  /** The loaded module's core size, as lsmod shows it: what it occupies. */
  coreBytes: number;
  tarBytes: number;
  files: number;
  configGzBytes: number;
}

interface Manifest {
  release: string;
  kheaders: {
    bytes: number;
    sha256: string;
    tarBytes: number;
    files: number;
    objectBytes?: number;
  };
  configGz: { bytes: number };
}

export async function fetchDemoFacts(kernelBaseUrl: string): Promise<DemoFacts> {
  const res = await fetch(new URL('manifest.json', kernelBaseUrl));
  if (!res.ok) throw new Error(`manifest.json: HTTP ${res.status}`);
  const m = (await res.json()) as Manifest;
  return {
    release: m.release,
    sha256: m.kheaders.sha256,
    archiveBytes: m.kheaders.bytes,
    objectBytes: m.kheaders.objectBytes ?? m.kheaders.bytes,
    // The machine's own rule (common/module-size.ts), so the lessons say what lsmod prints.
    coreBytes: coreSize(m.kheaders.bytes),
    tarBytes: m.kheaders.tarBytes,
    files: m.kheaders.files,
    configGzBytes: m.configGz.bytes,
  };
}
