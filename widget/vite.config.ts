import { defineConfig } from 'vite';
import {
  litWithoutGlobals,
  minifyCssTemplates,
  minifyHtmlTemplates,
  precompressedCopies,
  sizeBudget,
} from './build-plugins.js';
import { classicLoader } from './classic-loader.js';
import { FIRST_LOAD_ENTRIES, firstPaintCatalog, MAX_FIRST_LOAD_GZIP } from './first-paint.js';

/**
 * Builds the widget into `dist/`, which the server serves at `/`:
 * - `embed.js`, the classic script brand pages paste (from `src/embed.ts`), which only imports
 * - `widget-[hash].js`, the ES module that defines `<booth-board>` and mounts it (Lit, the board and its list), and
 * - `[name]-[hash].js` chunks the board imports on demand (the thread view, search, …),
 * each script with brotli and gzip copies beside it (`.br`, `.gz`) for the server to send.
 * A hashed name always holds the same content, so it is cached for good; `embed.js` keeps its name.
 * Nothing declares a global.
 */
export default defineConfig({
  plugins: [
    litWithoutGlobals(),
    minifyCssTemplates(/[\\/]widget[\\/]src[\\/].*\.ts$/),
    minifyHtmlTemplates(/[\\/]widget[\\/]src[\\/].*\.ts$/),
    classicLoader({ loader: 'embed', module: 'widget' }),
    // embed.js imports the widget module at once: both, and what the module imports, load first;
    // the board then paints nothing until its language's catalog is in, so the largest counts too.
    sizeBudget({
      firstLoad: FIRST_LOAD_ENTRIES,
      paintWaitsForOneOf: firstPaintCatalog(),
      maxGzipBytes: MAX_FIRST_LOAD_GZIP,
    }),
    precompressedCopies(),
  ],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      // Keep the entry's exports: embed.js calls `start` on the module it imports.
      preserveEntrySignatures: 'allow-extension',
      // Minified as fully as an application (library mode keeps whitespace and annotations for
      // other bundlers; these files go straight to browsers).
      output: {
        minify: true,
        comments: false,
        // A language has two catalog chunks: its list's words (`list-de-…`), then the rest (`de-…`).
        chunkFileNames: (chunk) =>
          chunk.facadeModuleId && firstPaintCatalog().test(chunk.facadeModuleId)
            ? 'list-[name]-[hash].js'
            : '[name]-[hash].js',
        // valibot is one module: left to itself it lands in the chunk of the first module that
        // imports it (the board's, through the shared package) although only forms, search and
        // the uploader call it. In a chunk of its own it loads with the first of those.
        codeSplitting: { groups: [{ name: 'valibot', test: /[\\/]node_modules[\\/].*valibot[\\/]/ }] },
      },
      // The shared protocol package only declares schemas, types and constants; importing one
      // validator must not pull in every message schema of the server and moderation view.
      treeshake: { moduleSideEffects: [{ test: /[\\/]shared[\\/]src[\\/]/, sideEffects: false }] },
    },
    // Library mode: Vite adds no preload helper to dynamic imports (it would add <link> tags and
    // window events to the brand's page).
    lib: {
      entry: { embed: 'src/embed.ts', widget: 'src/widget.ts' },
      formats: ['es'],
      fileName: (_format, name) => (name === 'embed' ? 'embed.js' : `${name}-[hash].js`),
    },
  },
});
