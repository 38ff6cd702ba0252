import { defineConfig } from 'vite';
import { litWithoutGlobals, minifyCssTemplates, minifyHtmlTemplates, sizeBudget } from './build-plugins.js';

/**
 * Builds `dist/embed.js`: one self-contained IIFE (Lit plus the widget) that brand pages load
 * with a script tag. It exports nothing, so it declares no global; the server serves `dist/` at `/`.
 */
export default defineConfig({
  plugins: [
    litWithoutGlobals(),
    minifyCssTemplates(/[\\/]widget[\\/]src[\\/]styles[\\/]/),
    minifyHtmlTemplates(/[\\/]widget[\\/]src[\\/].*\.ts$/),
    sizeBudget({ file: 'embed.js', maxGzipBytes: 30 * 1024 }),
  ],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      // The shared protocol package only declares schemas, types and constants; importing one
      // validator must not pull in every message schema of the server and moderation view.
      treeshake: { moduleSideEffects: [{ test: /[\\/]shared[\\/]src[\\/]/, sideEffects: false }] },
    },
    lib: {
      entry: 'src/embed.ts',
      formats: ['iife'],
      name: 'BoothEmbed',
      fileName: () => 'embed.js',
    },
  },
});
