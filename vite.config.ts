import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Connect, type Plugin } from 'vite';

/**
 * Vite's static server (sirv) labels every `*.gz` file `Content-Encoding:
 * gzip`, so the browser would hand the worker the decompressed .config
 * instead of /proc/config.gz's bytes. Serve the kernel folder's .gz files as
 * plain bytes, as a static host does.
 */
function gzipAsBytes(): Plugin {
  const serve =
    (dir: () => string): Connect.NextHandleFunction =>
    (req, res, next) => {
      const path = (req.url ?? '').split('?')[0];
      const m = /(?:^|\/)kernel\/([\w.-]+\.gz)$/.exec(path);
      if (!m) return next();
      const file = join(dir(), 'kernel', m[1]);
      try {
        const { size } = statSync(file);
        res.writeHead(200, { 'Content-Type': 'application/gzip', 'Content-Length': size });
        createReadStream(file).pipe(res);
      } catch {
        next();
      }
    };
  let outDir = 'dist';
  let publicDir = 'public';
  return {
    name: 'kernel-gzip-as-bytes',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
      publicDir = config.publicDir;
    },
    configureServer(server) {
      server.middlewares.use(serve(() => publicDir));
    },
    configurePreviewServer(server) {
      server.middlewares.use(serve(() => outDir));
    },
  };
}

export default defineConfig({
  // Relative URLs: the built site works from any host and sub-path.
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022' },
  plugins: [gzipAsBytes()],
});
