/**
 * Every method of the contract (worker-api.ts), as a value: the page's
 * bridge makes its forwarders from it, and the tests' fake machine its
 * stubs. The compiler holds it to the interface both ways: a name that is
 * not a method fails `satisfies`, and a method missing here fails
 * `everyMethodListed`.
 */
import type { MachineApi } from './worker-api';

export const MACHINE_METHODS = [
  'loadArchive',
  'boot',
  'getState',
  'subscribe',
  'setConfig',
  'run',
  'interrupt',
  'shareInterruptFlag',
  'complete',
  'cwd',
  'whoami',
  'readDir',
  'readFile',
  'snapshot',
  'restore',
  'diskStatus',
  'exportHome',
  'importHome',
  'resetDisk',
  // MachineBrowseApi: the identifier index, #if marking and diff.
  'findDefinitions',
  'searchSymbols',
  'findReferences',
  'conditionals',
  'diffTrees',
  'diffFiles',
] as const satisfies readonly (keyof MachineApi)[];

export type MachineMethod = (typeof MACHINE_METHODS)[number];

/** Empty while the list is whole; a method of MachineApi missing from it is a property missing here. */
const everyMethodListed: Record<Exclude<keyof MachineApi, MachineMethod>, never> = {};
void everyMethodListed;
