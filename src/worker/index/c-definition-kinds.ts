/**
 * The kinds of definition the scanner reports, as the contract names them,
 * and the sink it reports them to.
 */
import type { DefinitionKind } from '../../shared/worker-api';

export const DEF_KINDS = [
  'struct',
  'union',
  'enum',
  'enumerator',
  'typedef',
  'macro',
  'function-macro',
  'function',
  'prototype',
] as const satisfies readonly DefinitionKind[];
/** DEF_KINDS' indices, by name. */
export const K = {
  Struct: 0,
  Union: 1,
  Enum: 2,
  Enumerator: 3,
  Typedef: 4,
  Macro: 5,
  FunctionMacro: 6,
  Function: 7,
  Prototype: 8,
} as const;
export type K = (typeof K)[keyof typeof K];

export interface DefinitionSink {
  /** An identifier at bytes[start, end) (hash: its FNV-1a), in code or a directive; returns its name id. */
  ident(start: number, end: number, hash: number): number;
  /** Each name id's word class (wordClass()), read once the file's identifiers are in. */
  tags(): Uint8Array;
  def(nameId: number, kind: K, line: number): void;
}
