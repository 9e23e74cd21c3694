/* global process -- Node runs this config */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The web app, built into apps/web/dist (or SAKSGANG_WEB_OUT) and served by the API at `/` (apps/api/src/web/nettapp.ts):
 * the pages live under /app/, the built files under /assets/. No inline scripts or styles (the app's CSP forbids them).
 */
export default defineConfig({
  root: dirname(fileURLToPath(import.meta.url)),
  base: '/',
  build: {
    outDir: process.env.SAKSGANG_WEB_OUT ?? 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      // Designsystemet's icons carry React Server Components' "use client"; it means nothing in a browser bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  server: { proxy: { '^/(?!app|assets|@|src|node_modules).*': 'http://127.0.0.1:3000' } },
});
