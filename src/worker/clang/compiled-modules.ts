/**
 * clang's compiled wasm, kept by the machine between clang workers. A
 * WebAssembly.Module can be posted to another worker of the page, and V8
 * shares its compiled code with it: a clang worker started after Ctrl-C (or
 * by another machine of the same realm) neither fetches nor compiles its
 * 75 MB again, and finds the functions earlier compiles tiered up. Keyed by
 * the asset list's version, so a new deploy's modules are compiled anew.
 */

/** The modules one version of clang-assets.json names, compiled. */
export interface CompiledClang {
  version: string;
  modules: Record<string, WebAssembly.Module>;
}

/** Headers that name a module's response for compileStreaming. */
const MODULE = 'x-kh-module';
const STAND_IN = 'x-kh-compiled';

/** The machine's side: the newest compile per asset folder. */
const kept = new Map<string, CompiledClang>();

export function compiledFor(assetBase: string): CompiledClang | undefined {
  return kept.get(assetBase);
}

export function keepCompiled(assetBase: string, compiled: CompiledClang | undefined): void {
  if (compiled && Object.keys(compiled.modules).length) kept.set(assetBase, compiled);
}

/**
 * The clang worker's side: has the bundle's compileStreaming answer with
 * the given modules (a fetch for one of them gets a stand-in Response), and
 * notes what it compiles itself, by module name.
 */
export class ModuleShare {
  /** Everything compiled or given in this worker, to hand back to the machine. */
  readonly compiled: CompiledClang;
  /** How many modules were given compiled and used so. */
  reused = 0;

  constructor(version: string, given: CompiledClang | undefined) {
    const usable = given?.version === version ? given.modules : {};
    this.compiled = { version, modules: { ...usable } };
    const real = WebAssembly.compileStreaming.bind(WebAssembly);
    // The bundle wraps each response in a new one to count its bytes (the
    // headers go along), so a module is told by a header, not by identity.
    WebAssembly.compileStreaming = async (source) => {
      const response = await source;
      const name = response.headers.get(MODULE) ?? '';
      if (response.headers.has(STAND_IN)) return this.compiled.modules[name]!;
      const module = await real(response);
      if (name) this.compiled.modules[name] = module;
      return module;
    };
  }

  /** A stand-in for a module given compiled (empty: the bundle reads its body), or undefined. */
  answer(name: string): Response | undefined {
    if (!this.compiled.modules[name]) return undefined;
    this.reused++;
    return new Response(new Uint8Array(0), { headers: { [MODULE]: name, [STAND_IN]: '1' } });
  }

  /** Whether every module the list names is given compiled. */
  covers(names: string[]): boolean {
    return names.every((n) => n in this.compiled.modules);
  }

  /** `response` as one the bundle will compile, named so compiled() gets it. */
  named(name: string, response: Response): Response {
    const headers = new Headers(response.headers);
    headers.set(MODULE, name);
    headers.set('content-type', 'application/wasm');
    return new Response(response.body, { status: response.status, headers });
  }
}
