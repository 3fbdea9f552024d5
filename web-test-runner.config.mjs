// Browser tests in Debian's Chromium (never a downloaded browser).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { build } from 'esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';

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

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export default {
  files: ['test/**/*.test.ts', '!test/e2e/**'],
  nodeResolve: true,
  concurrency: 1,
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
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        args: chromiumArgs,
      },
    }),
  ],
  testFramework: { config: { timeout: 60000 } },
  testsFinishTimeout: 20 * 60 * 1000,
};
