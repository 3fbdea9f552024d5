/**
 * The contract's ordering rule (src/shared/worker-api.ts): a call settles
 * only after every callback it made has been delivered. Comlink sends each
 * proxied callback on its own port, and ports are not ordered against the
 * port the call's result goes back on; a proxied call answers once the page
 * has run it, so waiting for every answer is waiting for delivery.
 */
export interface Delivery<A extends unknown[]> {
  /** Calls the page's callback (fire and forget, as the callback's type says). */
  call(...args: A): void;
  /** Resolves when the page has run every call made so far. */
  settled(): Promise<void>;
}

export function delivery<A extends unknown[]>(
  callback: ((...args: A) => unknown) | undefined,
): Delivery<A> {
  const pending = new Set<Promise<unknown>>();
  return {
    call(...args) {
      if (!callback) return;
      const answer = callback(...args);
      if (!(answer instanceof Promise)) return;
      const p = answer.catch(() => undefined).finally(() => pending.delete(p));
      pending.add(p);
    },
    async settled() {
      while (pending.size) await Promise.all(pending);
    },
  };
}
