/**
 * Each of the app's views gets only its part of the machine: the calls it
 * makes, and nothing more (narrowMachine follows the current machine, so a
 * test's or a restarted one is reached too).
 */
import type { SupervisedMachine } from '../client/machine-client';
import { narrowMachine } from '../client/narrow-machine';
import { SYMBOL_CALLS } from './viewer/kh-symbol-panel';

export function machineParts(current: () => SupervisedMachine) {
  return {
    // The tree reads a folder when it opens it; the open ones come back with each command's change.
    tree: narrowMachine(current, 'readDir', 'watch'),
    archives: narrowMachine(current, 'loadArchive', 'getState'),
    file: narrowMachine(current, 'readFile', 'readDir'),
    symbols: narrowMachine(current, ...SYMBOL_CALLS),
    terminal: narrowMachine(current, 'run', 'cwd', 'whoami', 'interrupt', 'complete'),
    links: narrowMachine(current, 'loadArchive', 'getState', 'setConfig'),
    disk: narrowMachine(current, 'diskStatus', 'exportHome', 'importHome', 'resetDisk'),
  };
}
