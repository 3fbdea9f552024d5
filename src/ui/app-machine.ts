/**
 * Each of the app's views gets only its part of the machine: the calls it
 * makes, and nothing more (narrowMachine follows the current machine, so a
 * test's or a restarted one is reached too).
 */
import { narrowMachine } from '../client/narrow-machine';
import type { MachineApi } from '../shared/worker-api';
import { SYMBOL_CALLS } from './viewer/kh-symbol-panel';

export function machineParts(current: () => MachineApi) {
  return {
    tree: narrowMachine(current, 'readDir'),
    archives: narrowMachine(current, 'loadArchive', 'getState'),
    file: narrowMachine(current, 'readFile', 'readDir'),
    symbols: narrowMachine(current, ...SYMBOL_CALLS),
    terminal: narrowMachine(current, 'run', 'cwd', 'whoami', 'interrupt', 'complete'),
    links: narrowMachine(current, 'loadArchive', 'getState', 'setConfig'),
    disk: narrowMachine(current, 'diskStatus', 'exportHome', 'importHome', 'resetDisk'),
  };
}
