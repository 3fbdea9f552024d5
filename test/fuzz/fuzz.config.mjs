// The long fuzz run (scripts/fuzz.mjs): the test runner's own config, one
// test file, a budget and seed handed to the page, and the campaign reports
// picked out of the browser's log into FUZZ_OUT.
import { appendFileSync } from 'node:fs';
import base from '../../web-test-runner.config.mjs';

const seconds = Number(process.env.FUZZ_SECONDS ?? 60);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1e9);
const out = process.env.FUZZ_OUT ?? '.cache/fuzz-report.jsonl';

export default {
  ...base,
  files: ['test/fuzz/fuzz.test.ts'],
  testFramework: { config: { timeout: seconds * 3000 + 120_000 } },
  testRunnerHtml: (framework) =>
    `<html><body><script>globalThis.KH_FUZZ = ${JSON.stringify({ seconds, seed, collect: true })};</script>` +
    `<script type="module" src="${framework}"></script></body></html>`,
  filterBrowserLogs: ({ args }) => {
    const [first] = args;
    const m = typeof first === 'string' && /^KH_FUZZ_(REPORT|LIMITS) (.*)$/s.exec(first);
    if (!m) return true;
    appendFileSync(out, `${JSON.stringify({ kind: m[1], data: JSON.parse(m[2]) })}\n`);
    return false;
  },
};
