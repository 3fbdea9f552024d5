/**
 * The contract's part for browsing a header tree (MachineApi extends it):
 * the identifier index, #if marking under the tree's autoconf.h, and the
 * diff of two trees or two files. Types only, as worker-api.ts.
 */

/** What a header defines (the identifier index). */
export type DefinitionKind =
  | 'struct'
  | 'union'
  | 'enum'
  | 'enumerator'
  | 'typedef'
  | 'macro'
  | 'function-macro'
  | 'function'
  | 'prototype';

export interface SymbolDefinition {
  name: string;
  kind: DefinitionKind;
  /** Relative to the tree's root. */
  path: string;
  /** 1-based. */
  line: number;
}

export interface SymbolReference {
  path: string;
  line: number;
  /** The line's text (up to 200 characters). */
  text: string;
}

export interface SymbolAnswer<T> {
  /** The header tree the path lies in, e.g. /tmp/kheaders-6.1.176. */
  root: string;
  results: T[];
  /** More results exist than were returned. */
  truncated: boolean;
}

/** Compiled in, out, or unknown: the condition reads more than the config. */
export type CompiledState = 'in' | 'out' | 'unknown';

export interface ConditionalBranchInfo {
  line: number;
  endLine: number;
  directive: string;
  state: CompiledState;
  reason: string;
  depth: number;
}

export interface ConditionalInfo {
  root: string;
  branches: ConditionalBranchInfo[];
  /** Each line's state, index 0 = line 1. */
  lines: CompiledState[];
}

export interface TreeDiffInfo {
  /** Relative paths; a directory on one side only ends in '/'. */
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: number;
}

export interface FileDiffInfo {
  /** `diff -u A B` as GNU diff prints it ('' when equal). */
  unified: string;
  /** Each hunk's first line in A and in B (1-based), for line links. */
  hunks: { a: number; b: number }[];
}

/** The identifier index, #if marking and diff: the methods views browse a header tree with. */
export interface MachineBrowseApi {
  /** Definitions of a name in the tree `path` lies in (its index is built on first use). */
  findDefinitions(path: string, name: string): Promise<SymbolAnswer<SymbolDefinition>>;
  /** Defined names containing query: exact first, then prefixes, then the rest. */
  searchSymbols(
    path: string,
    query: string,
    limit?: number,
  ): Promise<SymbolAnswer<SymbolDefinition>>;
  /** Lines that mention the name as a whole word. */
  findReferences(
    path: string,
    name: string,
    limit?: number,
  ): Promise<SymbolAnswer<SymbolReference>>;
  /** A header's #if branches, compiled in or out under its tree's autoconf.h. */
  conditionals(path: string): Promise<ConditionalInfo>;
  /** Files added, removed and changed from tree a to tree b. */
  diffTrees(a: string, b: string): Promise<TreeDiffInfo>;
  /** One file against another, as `diff -u`. */
  diffFiles(a: string, b: string): Promise<FileDiffInfo>;
}
