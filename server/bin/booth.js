#!/usr/bin/env node
// The `booth` command: runs the built CLI (`pnpm build` writes dist/).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/booth.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('booth: the server is not built; run `pnpm build` in the Booth checkout first.\n');
  process.exit(1);
}
await import(cli.href);
