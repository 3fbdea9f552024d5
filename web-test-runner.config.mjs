// Browser tests in Debian's Chromium (never a downloaded browser).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';

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
    // just-bash's browser bundle names node:zlib for its own gzip commands
    // (the machine replaces them). Vite stubs it in the app; do the same here.
    {
      name: 'node-zlib-stub',
      transformImport: ({ source }) =>
        source === 'node:zlib' ? '/__stub__/node-zlib.js' : undefined,
      serve: (ctx) =>
        ctx.path === '/__stub__/node-zlib.js'
          ? {
              type: 'js',
              body: 'const no = () => { throw new Error("node:zlib is not in the browser"); };\nexport const constants = {};\nexport const gunzipSync = no;\nexport const gzipSync = no;\n',
            }
          : undefined,
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
