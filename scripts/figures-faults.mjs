/**
 * The faults docs/figures.md lists, each injected for real by the test
 * named beside it (scripts/figures.mjs renders them; its check fails when
 * a named test is gone).
 */
export const FAULTS = [
  [
    'the worker crashes (uncaught error)',
    'drill, and from outside via the browser’s worker handle (E2E)',
    'test/worker/machine-faults.test.ts',
  ],
  [
    'wasm trap mid-decode (tar extraction, streamed URL)',
    'output pointer past the 4 GiB address space: a real out-of-bounds trap in xz-embedded',
    'test/worker/machine-faults.test.ts',
  ],
  [
    'the worker stops answering (hang) under Ctrl-C',
    'a loop that never yields; restart after INTERRUPT_GRACE_MS',
    'test/worker/machine-faults.test.ts',
  ],
  [
    'a loop that never yields, Ctrl-C',
    'shared-memory flag read before every statement',
    'test/worker/machine-faults.test.ts',
  ],
  [
    'crash loop',
    'four crashes in a row; gives up after MAX_RESTARTS with a notice',
    'test/worker/machine-faults.test.ts',
  ],
  ['download stalls', 'test server sends half, then nothing', 'test/worker/fetch-faults.test.ts'],
  [
    'connection drops mid-way (with and without Range, gzip, changed file)',
    'test server destroys the socket',
    'test/worker/fetch-faults.test.ts',
  ],
  [
    'storage quota for history',
    'the real localStorage filled to its quota',
    'test/ui/terminal/kh-terminal.test.ts',
  ],
  [
    '/tmp full during tar -x',
    'a tmpfs smaller than the archive',
    'test/machine/tar-enospc.test.ts',
  ],
];
