import { defineConfig } from 'vite';

export default defineConfig({
  // Relative URLs: the built site works from any host and sub-path.
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022' },
});
