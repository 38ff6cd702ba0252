import { defineConfig } from 'vite';

/**
 * Builds the moderation view into `dist/`: one HTML page and hashed assets, served by the Booth
 * server at `/moderate/` under a CSP that allows no inline script or style.
 */
export default defineConfig({
  base: '/moderate/',
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // No inline module-preload polyfill: the CSP allows only files from this origin.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
