#!/usr/bin/env node
/**
 * End-to-end tests of the built site with the real worker: `vite build`,
 * `vite preview`, then Debian's Chromium driven by playwright-core.
 *
 *   node test/e2e/run.mjs            build, serve, run every scenario
 *   node test/e2e/run.mjs --no-build reuse dist/
 *   node test/e2e/run.mjs --only=S   the scenarios whose name contains S
 *
 * E2E_WORKERS (default 2) scenarios run at once (scenario-pool.mjs).
 *
 * Screenshots of each state go to test/e2e/screenshots/ (gitignored).
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { launchChromium } from '../support/chromium.mjs';
import { runScenarios } from './scenario-pool.mjs';
import { scenarios as basics } from './scenarios.mjs';
import { scenarios as sharing } from './share-scenarios.mjs';
import { scenarios as lessonLinks } from './lesson-link-scenarios.mjs';
import { scenarios as hostile } from './hostile-scenarios.mjs';
import { scenarios as faults } from './fault-scenarios.mjs';
import { scenarios as shell } from './shell-scenarios.mjs';
import { scenarios as sessions } from './session-scenarios.mjs';
import { scenarios as offline } from './offline-scenarios.mjs';
import { scenarios as clang } from './clang-scenarios.mjs';
import { scenarios as teach } from './teach-scenarios.mjs';
import { scenarios as teacherLessons } from './teacher-lesson-scenarios.mjs';
import { scenarios as browse } from './browse-scenarios.mjs';
import { scenarios as realKernel } from './real-kernel-scenarios.mjs';
import { scenarios as prompt } from './prompt-scenarios.mjs';
import { scenarios as disk } from './disk-scenarios.mjs';
import { scenarios as failures } from './failure-scenarios.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shots = fileURLToPath(new URL('./screenshots/', import.meta.url));
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);

if (!process.argv.includes('--no-build')) await build({ root, logLevel: 'warn' });
await mkdir(shots, { recursive: true });
const port = Number(process.env.E2E_PORT ?? 4174);
/** Paths the server was asked for (the offline scenarios count downloads). */
const requests = [];
const requestLog = {
  name: 'e2e-request-log',
  configurePreviewServer(s) {
    s.middlewares.use((req, _res, next) => {
      requests.push((req.url ?? '').split('?')[0]);
      next();
    });
  },
};
const serve = () =>
  preview({ root, preview: { port, strictPort: true }, logLevel: 'warn', plugins: [requestLog] });
let server = await serve();
const baseUrl = server.resolvedUrls.local[0];
/** For the offline scenarios: the site's server goes away and comes back on the same origin. */
const site = {
  requests,
  stop: async () => {
    await server.close();
    server = undefined;
  },
  start: async () => {
    server ??= await serve();
  },
};
const browser = await launchChromium();

const scenarios = [
  ...basics,
  ...sharing,
  ...lessonLinks,
  ...hostile,
  ...faults,
  ...shell,
  ...sessions,
  ...offline,
  ...clang,
  ...teach,
  ...teacherLessons,
  ...browse,
  ...realKernel,
  ...prompt,
  ...disk,
  ...failures,
];
const workers = Number(process.env.E2E_WORKERS ?? 2);
const started = Date.now();
const failed = await runScenarios(
  browser,
  scenarios.filter((s) => !only || s.name.includes(only)),
  { workers, baseUrl, site, shots },
);
await browser.close();
await server.close();
const took = `${((Date.now() - started) / 1000).toFixed(0)} s on ${workers} workers`;
console.log(failed ? `${failed} scenario(s) failed (${took})` : `all scenarios passed (${took})`);
process.exit(failed ? 1 : 0);
