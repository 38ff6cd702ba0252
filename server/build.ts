/**
 * Builds the server for production: `src/main.ts` (the server) and `src/cli/booth.ts` (the `booth`
 * command) become one ES module each in `dist/`, run by plain `node`.
 *
 * esbuild bundles our own code together with the workspace packages `@booth/shared` and
 * `@booth/migrations`, which ship TypeScript source; every npm dependency stays an ordinary
 * `import` resolved from node_modules at run time (native addons and PGlite's WebAssembly files
 * must stay where their packages put them). Types are checked by `tsc --noEmit`, not here.
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const SERVER_DIR = fileURLToPath(new URL('.', import.meta.url));

/** Bare imports stay external, except the workspace's own packages, which are bundled from source. */
const externalDependencies: Plugin = {
  name: 'external-dependencies',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@booth/') ? undefined : { path: args.path, external: true },
    );
  },
};

rmSync(`${SERVER_DIR}dist`, { recursive: true, force: true });
const result = await build({
  absWorkingDir: SERVER_DIR,
  entryPoints: { main: 'src/main.ts', booth: 'src/cli/booth.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: true,
  plugins: [externalDependencies],
  logLevel: 'warning',
  metafile: true,
});
const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
for (const [file, output] of outputs) {
  process.stdout.write(`${file}  ${(output.bytes / 1024).toFixed(0)} KB\n`);
}
