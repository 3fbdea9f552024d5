// Browser tests in Debian's Chromium (never a downloaded browser).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { build } from 'esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { chromiumArgs, chromiumPath } from './test/support/chromium.mjs';
import { nativeTools } from './test/native/native-tools.mjs';

/**
 * just-bash's browser bundle imports CommonJS packages (sprintf-js, ...) and
 * names node:zlib; Vite pre-bundles it for the app. The test server does the
 * same with esbuild, once, and serves the result in its place.
 */
const JUST_BASH = '/__bundled__/just-bash-browser.js';
let justBash;
function bundleJustBash() {
  justBash ??= build({
    entryPoints: ['node_modules/just-bash/dist/bundle/browser.js'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'error',
    plugins: [
      {
        name: 'node-builtins',
        setup(b) {
          // Only just-bash's Node-only commands reach these; the machine replaces them.
          b.onResolve({ filter: /^node:/ }, (a) => ({ path: a.path, namespace: 'node-stub' }));
          b.onLoad({ filter: /.*/, namespace: 'node-stub' }, (a) => ({
            contents: `const no = () => { throw new Error(${JSON.stringify(a.path)} + ' is not in the browser'); };\nexport default new Proxy({}, { get: () => no });\nexport const constants = {}, gunzipSync = no, gzipSync = no;`,
          }));
        },
      },
    ],
  }).then((r) => r.outputFiles[0].text);
  return justBash;
}

/**
 * Network faults as a real server makes them, for test/worker/fetch-faults.test.ts:
 * GET /__fault/<mode>/<file in the repo>?t=<token>. Requests are counted per
 * mode, file and token, so each test starts again from its first request.
 *   stall               half the body, then nothing more on an open connection
 *   drop-once           the first answer drops after half; later ones honour Range (206)
 *   drop-always         every answer drops after half of what was asked
 *   no-range-drop-once  ignores Range (always 200, whole file); the first answer drops
 *   changed-drop-once   drops once; later answers are another version (new ETag)
 *   ranges              never drops; honours `Range: bytes=N-M` too (the xz index read first)
 * GET /__fault/log/<mode>/<file>?t=<token> tells what was asked and answered.
 */
const FAULT =
  /^\/__fault\/(log\/)?(stall|drop-once|drop-always|no-range-drop-once|changed-drop-once|ranges)\/(.+)$/;
/** Per mode, file and token: each request's Range and the status it was answered with. */
const faultAnswers = new Map();

/** Start of a `Range: bytes=N-` request, or undefined when there is none. */
function rangeStart(header) {
  const m = /^bytes=(\d+)-$/.exec(header ?? '');
  return m ? Number(m[1]) : undefined;
}

async function faultInjection(ctx, next) {
  const m = FAULT.exec(ctx.path);
  if (!m) return next();
  const [, log, mode, rel] = m;
  const key = `${mode} ${rel} ${ctx.query.t ?? ''}`;
  const answers = faultAnswers.get(key) ?? [];
  faultAnswers.set(key, answers);
  if (log) return void (ctx.body = answers);
  const file = path.resolve(rel);
  if (!file.startsWith(process.cwd() + path.sep)) return void (ctx.status = 403);
  const bytes = await readFile(file);
  const nth = answers.length + 1;

  const closed = mode === 'ranges' ? /^bytes=(\d+)-(\d+)$/.exec(ctx.get('range') ?? '') : null;
  const from = closed
    ? Number(closed[1])
    : mode === 'no-range-drop-once'
      ? undefined
      : rangeStart(ctx.get('range'));
  const to = closed ? Math.min(Number(closed[2]), bytes.length - 1) : bytes.length - 1;
  const answer = { range: ctx.get('range') || null, status: from === undefined ? 200 : 206 };
  answers.push(answer);
  if (from !== undefined && from >= bytes.length) {
    answer.status = 416;
    return void (ctx.status = 416);
  }
  const body = bytes.subarray(from ?? 0, to + 1);
  const version = mode === 'changed-drop-once' && nth > 1 ? 'v2' : 'v1';
  // Written by hand: Koa must not finish (or end) this response for us.
  ctx.respond = false;
  const res = ctx.res;
  res.statusCode = answer.status;
  res.setHeader('Content-Type', 'application/octet-stream');
  res.setHeader('Content-Length', body.length);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('ETag', `"${version}-${bytes.length}"`);
  res.setHeader('Accept-Ranges', mode === 'no-range-drop-once' ? 'none' : 'bytes');
  if (from !== undefined) {
    res.setHeader('Content-Range', `bytes ${from}-${to}/${bytes.length}`);
  }

  const half = body.subarray(0, Math.ceil(body.length / 2));
  const drops = mode === 'drop-always' || (!['stall', 'ranges'].includes(mode) && nth === 1);
  if (mode === 'stall') {
    res.write(half);
    // Never more: the client gives up. A safety net, so no socket outlives the run.
    const timer = setTimeout(() => ctx.req.socket.destroy(), 120_000);
    ctx.req.socket.once('close', () => clearTimeout(timer));
  } else if (drops) {
    res.write(half, () => ctx.req.socket.destroy());
  } else {
    res.end(body);
  }
}

export default {
  // As vite.config.ts serves the app: cross-origin isolated, so tests see shared memory.
  middleware: [
    async (ctx, next) => {
      ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
      ctx.set('Cross-Origin-Embedder-Policy', 'require-corp');
      await next();
    },
    faultInjection,
    nativeTools,
  ],
  // Pure logic (*.unit.test.ts) is the unit tier: Node runs it (test/support/unit-tier.mjs).
  files: ['test/**/*.test.ts', '!test/**/*.unit.test.ts', '!test/e2e/**'],
  nodeResolve: true,
  // Files side by side, one per core (each file has a browser context of its own).
  // On this two-core machine: 293 s at 2 against 412 s at 1, both cores busy
  // (97%) instead of three quarters. WTR_CONCURRENCY overrides it.
  concurrency: Number(process.env.WTR_CONCURRENCY ?? availableParallelism()),
  // esbuild reads the tsconfig raw (no "extends"): point it at the file with the decorator settings.
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.base.json' }),
    {
      name: 'just-bash-bundle',
      resolveImport: ({ source }) => (source === 'just-bash/browser' ? JUST_BASH : undefined),
      serve: async (ctx) =>
        ctx.path === JUST_BASH ? { type: 'js', body: await bundleJustBash() } : undefined,
    },
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: chromiumPath,
        args: chromiumArgs,
      },
    }),
  ],
  testFramework: { config: { timeout: 60000 } },
  testsFinishTimeout: 20 * 60 * 1000,
};
