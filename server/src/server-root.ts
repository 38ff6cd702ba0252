/**
 * The server package's folder, for files the server reads at run time. This module sits one
 * folder below it both as source (`src/server-root.ts`) and bundled into the build
 * (`dist/main.js`, `dist/booth.js`), so the same relative URL is right in both.
 */
export const SERVER_ROOT = new URL('../', import.meta.url);
