/**
 * A stand-in for kheaders.ko / configs.ko as installed files: an ELF header,
 * then the embedded data exactly as kernel/kheaders.c's .incbin places it
 * (so the archive can be found inside, as in the real object), then the
 * .modinfo strings. Built on first read (once the payload has arrived) and kept.
 */
import type { ModuleName } from '../../shared/worker-api';
import type { Kernel } from './kernel';
import { MODULE_INFO } from './kernel-text';

const cache = new WeakMap<Uint8Array, Uint8Array>();

export function vermagic(kernel: Kernel): string {
  // include/linux/vermagic.h for this config: SMP, PREEMPT_BUILD, MODULE_UNLOAD.
  return `${kernel.release} SMP preempt mod_unload `;
}

export function modinfoStrings(kernel: Kernel, name: ModuleName): [string, string][] {
  const info = MODULE_INFO[name];
  return [
    ['license', info.license],
    ['author', info.author],
    ['description', info.description],
    ['depends', ''],
    ['retpoline', 'Y'],
    ['intree', 'Y'],
    ['name', name],
    ['vermagic', vermagic(kernel)],
  ];
}

const ELF_HEADER_BYTES = 64;

/** The embedded payload's size, from the manifest (the bytes may still be arriving). */
const embeddedSize = (kernel: Kernel, name: ModuleName): number =>
  name === 'kheaders'
    ? kernel.artifacts.manifest.kheaders.bytes
    : kernel.artifacts.manifest.configGz.bytes;

const modinfoBytes = (kernel: Kernel, name: ModuleName): Uint8Array =>
  new TextEncoder().encode(
    modinfoStrings(kernel, name)
      .map(([k, v]) => `${k}=${v}\0`)
      .join(''),
  );

/** The file's size, without building it (a directory listing must not copy 4 MB). */
export function moduleObjectSize(kernel: Kernel, name: ModuleName): number {
  return ELF_HEADER_BYTES + embeddedSize(kernel, name) + modinfoBytes(kernel, name).length;
}

export async function moduleObject(kernel: Kernel, name: ModuleName): Promise<Uint8Array> {
  const payloads = await kernel.payloads();
  const data = name === 'kheaders' ? payloads.headersXz : payloads.configGz;
  const hit = cache.get(data);
  if (hit) return hit;
  const elf = new Uint8Array(ELF_HEADER_BYTES);
  // e_ident: ELF64, little-endian, version 1; e_type ET_REL; e_machine x86-64.
  elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
  elf.set([1, 0, 0x3e, 0, 1, 0, 0, 0], 16);
  const modinfo = modinfoBytes(kernel, name);
  const obj = new Uint8Array(elf.length + data.length + modinfo.length);
  obj.set(elf);
  obj.set(data, elf.length);
  obj.set(modinfo, elf.length + data.length);
  cache.set(data, obj);
  return obj;
}
