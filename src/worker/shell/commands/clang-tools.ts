/** clang and the commands built on it, registered together (shell.ts). */
import type { Command } from 'just-bash';
import type { MachineServices } from '../command-kit';
import { clangCommand } from './clang-command';
import { khCheckHeadersCommand, probeCompile } from './kh-check-headers';
import { clangServiceFor } from './clang-command';
import { indexTar } from '../../tar/tar-index';
import type { FlatFiles } from '../../clang/clang-api';
import { khLayoutCommand } from './kh-layout';
import { otherMachineCommand } from './other-machine';

export function clangTools(services: MachineServices): Command[] {
  return [
    clangCommand(services),
    otherMachineCommand(services),
    khLayoutCommand(services),
    khCheckHeadersCommand(services),
  ];
}

/**
 * clang warmed in the background on a later visit (machine.ts, once the
 * archive is in; clang-service.ts's warmUp says when it runs at all): the
 * probe of kh-check-headers compiled against this kernel's headers, laid
 * out where BCC and the lessons extract them. The files are views of the
 * decoded archive the decode cache keeps, the same arrays `tar -xf` writes
 * there later, so the student's first compile sends clang's worker nothing
 * new, and their `tar -xf` decodes nothing either.
 */
export function warmClang(services: MachineServices): Promise<boolean> {
  const { kernel, decodeXz } = services;
  return clangServiceFor(services).warmUp(async () => {
    const { bytes } = await decodeXz((await kernel.payloads()).headersXz);
    const root = `/tmp/kheaders-${kernel.release}`;
    const files: FlatFiles = {};
    for (const e of indexTar(bytes).entries)
      if (e.type === 'file')
        files[`${root}/${e.path}`] = bytes.subarray(e.dataOffset, e.dataOffset + e.size);
    const probe = probeCompile(root, kernel.artifacts.manifest.arch);
    return { args: probe.args, files: { ...files, ...probe.extra }, cwd: '/' };
  });
}
