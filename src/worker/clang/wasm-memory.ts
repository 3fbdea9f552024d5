/**
 * The clang worker's memory, as far as wasm holds it: every instance made
 * here is noted, and the largest memory any of them reached since reset()
 * is the peak (wasm memories only grow, so the last size is the largest).
 */
export function watchWasmMemory(): { reset(): void; peak(): number } {
  let live: WebAssembly.Memory[] = [];
  const note = (instance: WebAssembly.Instance, imports?: WebAssembly.Imports) => {
    const found = [
      ...Object.values(instance.exports),
      ...Object.values(imports ?? {}).flatMap((m) => Object.values(m)),
    ].filter((x): x is WebAssembly.Memory => x instanceof WebAssembly.Memory);
    live.push(...found);
  };
  const RealInstance = WebAssembly.Instance;
  const realInstantiate = WebAssembly.instantiate.bind(WebAssembly);
  WebAssembly.Instance = function (module: WebAssembly.Module, imports?: WebAssembly.Imports) {
    const i = new RealInstance(module, imports);
    note(i, imports);
    return i;
  } as unknown as typeof WebAssembly.Instance;
  WebAssembly.instantiate = (async (
    source: BufferSource | WebAssembly.Module,
    imports?: WebAssembly.Imports,
  ) => {
    const r = await realInstantiate(source as WebAssembly.Module, imports);
    note(
      r instanceof RealInstance ? r : (r as WebAssembly.WebAssemblyInstantiatedSource).instance,
      imports,
    );
    return r;
  }) as typeof WebAssembly.instantiate;
  return {
    reset: () => void (live = []),
    peak: () => live.reduce((max, m) => Math.max(max, m.buffer.byteLength), 0),
  };
}
