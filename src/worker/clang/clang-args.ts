/**
 * What a clang command line needs from the machine: which files and
 * directories to hand the compiler, where its outputs go, and whether it
 * asks for something this build of clang cannot do. Pure, so it is tested
 * without a compiler.
 */

/** Options whose next argument (or joined value) is a directory to search. */
const DIR_OPTS = ['-I', '-isystem', '-idirafter', '-iquote', '-working-directory'];
/** Options whose next argument (or joined value) is a file read or written. */
const FILE_OPTS = ['-include', '-imacros', '-o', '-MF', '-MT', '-MQ'];
/** Options that take a separate argument that is not a path. */
const VALUE_OPTS = ['-target', '-x', '-Xclang', '-D', '-U', '-arch', '-mllvm', '-std', '-Xlinker'];

export interface ClangPlan {
  /** args with every path made absolute against cwd (the compiler's fs has no `..` walk). */
  args: string[];
  /** Directories and files to gather from the machine. */
  reads: string[];
  /** Directories of the inputs: their own files (not subdirectories), for `#include "x.h"`. */
  besideInputs: string[];
  /** The one output file named with -o, if any. */
  output?: string;
  /** A sentence to print instead of compiling, when the build lacks what is asked. */
  refusal?: string;
}

export function normalize(cwd: string, path: string): string {
  const parts: string[] = [];
  for (const p of (path.startsWith('/') ? path : `${cwd}/${path}`).split('/')) {
    if (p === '..') parts.pop();
    else if (p && p !== '.') parts.push(p);
  }
  return `/${parts.join('/')}`;
}

/** The target triple asked for; this clang's default is wasm32. */
function targetOf(args: string[]): string {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-target') return args[i + 1] ?? '';
    if (a.startsWith('--target=')) return a.slice('--target='.length);
  }
  return 'wasm32-unknown-wasi';
}

export function planClang(argv: string[], cwd: string): ClangPlan {
  const args: string[] = [];
  const reads: string[] = [];
  let output: string | undefined;
  let inputs = 0;
  const besideInputs = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const takes = [...DIR_OPTS, ...FILE_OPTS].find(
      (o) => a === o || (a.startsWith(o) && o.length === 2),
    );
    if (takes) {
      const joined = a !== takes;
      const value = joined ? a.slice(takes.length) : argv[++i];
      if (value === undefined) {
        args.push(a);
        continue;
      }
      // `-o -` is standard output, as for gcc and clang everywhere: not a file named '-'.
      const stdout = value === '-' && (takes === '-o' || takes === '-MF');
      const abs = takes === '-MT' || takes === '-MQ' || stdout ? value : normalize(cwd, value);
      if (stdout) {
        args.push(...(joined ? [`${takes}-`] : [takes, '-']));
        continue;
      }
      if (takes === '-o') output = abs;
      else if (takes !== '-MF' && takes !== '-MT' && takes !== '-MQ') reads.push(abs);
      args.push(...(joined ? [`${takes}${abs}`] : [takes, abs]));
    } else if (VALUE_OPTS.includes(a)) {
      args.push(a, ...(i + 1 < argv.length ? [argv[++i]!] : []));
    } else if (!a.startsWith('-') || a === '-') {
      if (a !== '-') {
        const abs = normalize(cwd, a);
        reads.push(abs);
        besideInputs.add(abs.slice(0, abs.lastIndexOf('/')) || '/');
        inputs++;
      }
      args.push(a === '-' ? a : normalize(cwd, a));
    } else args.push(a);
  }
  const target = targetOf(argv);
  const onlyFrontend = [
    '-E',
    '-fsyntax-only',
    '-emit-llvm',
    '-###',
    '--version',
    '-help',
    '--help',
    '-M',
    '-MM',
  ];
  const needsBackend =
    inputs > 0 && !argv.some((a) => onlyFrontend.includes(a)) && !/^wasm(32|64)/.test(target);
  const refusal = needsBackend
    ? `clang: this in-browser clang has only the wasm32 and wasm64 backends, so it cannot make ${argv.includes('-S') ? 'assembly' : argv.includes('-c') ? 'an object file' : 'an executable'} for ${target}; add -emit-llvm (with -c for bitcode or -S for LLVM IR), or use -fsyntax-only or -E.\n`
    : undefined;
  return {
    args,
    reads,
    besideInputs: [...besideInputs],
    ...(output && { output }),
    ...(refusal && { refusal }),
  };
}
