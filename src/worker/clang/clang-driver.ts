/**
 * clang's driver, run the way WASI allows: `clang -###` prints the jobs the
 * driver would spawn (WASI cannot spawn), then each job runs in turn in the
 * same wasm, over the same in-memory tree. @yowasp/clang's runClang does the
 * same but deletes /tmp from the result, and /tmp is where the machine keeps
 * the extracted headers and the user's outputs; hence this copy of its idea.
 */
import type { Tree, RunOptions } from '@yowasp/clang';
import type { ClangResult, FlatFiles } from './clang-api';

export type RunLlvm = (args: string[], files: Tree, options: RunOptions) => Promise<Tree>;
/** @yowasp/clang's Exit: a non-zero status, with the tree as the job left it. */
interface ExitLike {
  code: number;
  files: Tree;
}
const isExit = (e: unknown): e is ExitLike =>
  e instanceof Error && typeof (e as Partial<ExitLike>).code === 'number' && 'files' in e;

const HEADER = /^(clang version|Target:|Thread model:|InstalledDir:|Build config:)/;

/** The jobs `clang -###` planned and what the driver said, by command line. */
export type DriverPlans = Map<string, { jobs: string[][]; said: string }>;

/**
 * A plan depends on the arguments, the directory and which named files
 * exist (a missing input is the driver's own error), not on their bytes:
 * the same compile again reuses it and skips a whole run of the driver.
 */
const absolute = (a: string, cwd: string) =>
  (a.startsWith('/') ? a : `${cwd}/${a}`).replace(/\/+/g, '/');

function planKey(args: string[], files: FlatFiles, cwd: string): string {
  const present = args.map((a) => !a.startsWith('-') && absolute(a, cwd) in files);
  return JSON.stringify([cwd, args, present]);
}

/** The files a command line names itself (not -I trees): all `clang -###` reads. */
function namedFiles(args: string[], files: FlatFiles, cwd: string): FlatFiles {
  const named: FlatFiles = {};
  for (const a of args) {
    if (a.startsWith('-')) continue;
    const path = absolute(a.startsWith('@') ? a.slice(1) : a, cwd);
    if (path in files) named[path] = files[path]!;
  }
  return named;
}

/** The flat files as @yowasp/clang's nested tree, with dirs present even if empty. */
export function treeOf(files: FlatFiles, dirs: string[] = []): Tree {
  const root: Tree = {};
  for (const d of dirs) {
    let dir = root;
    for (const p of d.split('/').filter(Boolean)) dir = (dir[p] ??= {}) as Tree;
  }
  for (const [path, bytes] of Object.entries(files)) {
    const parts = path.split('/').filter(Boolean);
    let dir = root;
    for (const p of parts.slice(0, -1)) {
      const next = dir[p];
      if (next instanceof Uint8Array || typeof next === 'string') break;
      dir = (dir[p] = next ?? {}) as Tree;
    }
    dir[parts.at(-1)!] = bytes;
  }
  return root;
}

/** Files that are new or not the very buffers that went in. */
export function changedFiles(tree: Tree, input: FlatFiles, prefix = ''): FlatFiles {
  const out: FlatFiles = {};
  for (const [name, entry] of Object.entries(tree)) {
    const path = `${prefix}/${name}`;
    if (entry instanceof Uint8Array) {
      if (input[path] !== entry) out[path] = entry;
    } else if (typeof entry === 'string') {
      out[path] = new TextEncoder().encode(entry);
    } else Object.assign(out, changedFiles(entry, input, path));
  }
  return out;
}

/** `"a" "b c" "d\"e"` as clang -### quotes a job's argv. */
export function unquoteJob(line: string): string[] {
  return Array.from(line.matchAll(/ (?:([^ "]+)|"((?:[^"\\$]|\\["\\$])*)")/g), (m) =>
    m[1] !== undefined ? m[1] : m[2]!.replaceAll(/\\(["$\\])/g, '$1'),
  );
}

export async function runDriver(
  llvm: RunLlvm,
  args: string[],
  files: FlatFiles,
  cwd = '/',
  plans: DriverPlans = new Map(),
): Promise<Omit<ClangResult, 'peakWasmBytes'>> {
  const dec = new TextDecoder();
  let stdout = '';
  let stderr = '';
  const toOut = (b: Uint8Array | null) => void (b && (stdout += dec.decode(b, { stream: true })));
  const toErr = (b: Uint8Array | null) => void (b && (stderr += dec.decode(b, { stream: true })));
  let tree = treeOf(files, [cwd]); // -working-directory must exist
  const opts = { decodeASCII: false };
  const key = planKey(args, files, cwd);
  let planned = plans.get(key);
  if (!planned) {
    let plan = '';
    const toPlan = (b: Uint8Array | null) => void (b && (plan += dec.decode(b, { stream: true })));
    // The driver looks only at the files the line names (inputs, @files):
    // not copying the header tree in and out saves the first compile ~0.3 s.
    const named = treeOf(namedFiles(args, files, cwd), [cwd]);
    try {
      await llvm(['clang', '-###', ...args], named, { ...opts, stdout: toPlan, stderr: toPlan });
    } catch (err) {
      if (!isExit(err)) throw err;
      return { exitCode: err.code, stdout, stderr: plan, outputs: {} };
    }
    const verbose = args.includes('-v');
    planned = { jobs: [], said: '' };
    for (const line of plan.split('\n')) {
      if (line.startsWith(' "')) planned.jobs.push(unquoteJob(line));
      else if (line === ' (in-process)' || line === '') continue;
      else if (!HEADER.test(line) || verbose) planned.said += `${line}\n`; // the driver's own diagnostics
    }
    plans.set(key, planned);
  }
  stderr += planned.said;
  const jobs = planned.jobs.map((job) => (job[0] === '' ? job.slice(1) : job));
  let exitCode = 0;
  for (const job of jobs) {
    try {
      tree = await llvm(job, tree, { ...opts, stdout: toOut, stderr: toErr });
    } catch (err) {
      if (!isExit(err)) throw err;
      tree = err.files;
      exitCode = err.code;
      break;
    }
  }
  return { exitCode, stdout, stderr, outputs: changedFiles(tree, files) };
}
