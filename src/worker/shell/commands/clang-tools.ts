/** clang and the commands built on it, registered together (shell.ts). */
import type { Command } from 'just-bash';
import type { MachineServices } from '../command-kit';
import { clangCommand } from './clang-command';
import { khCheckHeadersCommand } from './kh-check-headers';
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
