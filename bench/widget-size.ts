/**
 * The widget's weight: builds widget/dist and reports what a brand page loads before a board's
 * first paint, in each language, and each chunk loaded later, against the 20 KB gzip target.
 * Sizes are of each file compressed on its own, as a server sends it; no timing, so the machine's
 * load does not matter.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { LANGUAGES } from '@booth/shared';
import { firstLoad, type SizedChunk } from '../widget/build-plugins.js';
import { FIRST_LOAD_ENTRIES, firstPaintCatalog, MAX_FIRST_LOAD_GZIP } from '../widget/first-paint.js';
import { table, verdict, writeSection } from './lib/results.js';

const WIDGET = fileURLToPath(new URL('../widget', import.meta.url));
const DIST = join(WIDGET, 'dist');
/** The target of the product: at most this much gzip before the first paint. */
const TARGET_GZIP = 20 * 1024;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The chunks of the built widget, their graph read from the files and their source maps. */
function readDist(): SizedChunk[] {
  const files = readdirSync(DIST).filter((file) => file.endsWith('.js'));
  const embed = readFileSync(join(DIST, 'embed.js'), 'utf8');
  return files.map((fileName) => {
    const code = readFileSync(join(DIST, fileName));
    const text = code.toString('utf8');
    const map = JSON.parse(readFileSync(join(DIST, `${fileName}.map`), 'utf8')) as { sources: string[] };
    const imports = [...text.matchAll(/(?:\bfrom|\bimport)\s*["'`]\.\/([\w.-]+\.js)["'`]/g)].map((m) => m[1] as string);
    const name = fileName === 'embed.js' ? 'embed' : embed.includes(`./${fileName}`) ? 'widget' : fileName;
    return {
      fileName,
      name,
      isEntry: name === 'embed' || name === 'widget',
      imports,
      moduleIds: map.sources.map((source) => resolve(DIST, source)),
      minified: code.length,
      gzip: gzipSync(code, { level: 9 }).length,
      brotli: brotliCompressSync(code).length,
    };
  });
}

export function widgetSizeBench(): void {
  const built = spawnSync(join(WIDGET, 'node_modules/.bin/vite'), ['build'], {
    cwd: WIDGET,
    encoding: 'utf8',
    // The build a site is served, whatever NODE_ENV the shell has.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (built.status !== 0) throw new Error(`the widget build failed:\n${built.stdout}\n${built.stderr}`);
  const chunks = readDist();
  const brotliOf = (files: string[]) =>
    files.reduce((sum, file) => sum + (chunks.find((c) => c.fileName === file)?.brotli ?? 0), 0);
  const options = { firstLoad: FIRST_LOAD_ENTRIES, maxGzipBytes: MAX_FIRST_LOAD_GZIP };
  const byLanguage = LANGUAGES.map((language) => ({
    language,
    load: firstLoad(chunks, { ...options, paintWaitsForOneOf: firstPaintCatalog(language) }),
  }));
  const worst = firstLoad(chunks, { ...options, paintWaitsForOneOf: firstPaintCatalog() });
  const firstFiles = new Set(byLanguage.flatMap(({ load }) => load.files));
  const languageRows = byLanguage.map(({ language, load }) => [
    language,
    load.waitedFor ?? '—',
    kb(load.gzip),
    kb(brotliOf(load.files)),
    verdict(load.gzip <= TARGET_GZIP),
  ]);
  const later = chunks
    .filter((chunk) => !worst.files.includes(chunk.fileName) && !firstFiles.has(chunk.fileName))
    .sort((a, b) => b.gzip - a.gzip)
    .map((chunk) => [chunk.fileName, kb(chunk.minified), kb(chunk.gzip), kb(chunk.brotli)]);
  const shared = chunks
    .filter((chunk) => chunk.isEntry)
    .map((chunk) => [chunk.fileName, kb(chunk.minified), kb(chunk.gzip), kb(chunk.brotli)]);
  const markdown = `## Widget size

Run ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}. What a brand page downloads before a board's first paint
(the thread list with its header): \`embed.js\`, the widget module it imports and that module's
static imports, then the catalog of the board's language, without which the board paints nothing.
Each file compressed on its own at gzip level 9 and brotli's default, as a server sends it. The build
fails above ${kb(MAX_FIRST_LOAD_GZIP)} gzip (\`widget/first-paint.ts\`); target ${kb(TARGET_GZIP)} gzip in every
language: ${verdict(worst.gzip <= TARGET_GZIP)} (largest ${kb(worst.gzip)}).

First load by language:

${table(['Language', 'Catalog chunk', 'gzip', 'brotli', `≤ ${kb(TARGET_GZIP)} gzip`], languageRows)}

Loaded by every language first:

${table(['File', 'minified', 'gzip', 'brotli'], shared)}

Loaded later (on demand, most fetched once the list shows), largest first:

${table(['File', 'minified', 'gzip', 'brotli'], later)}
`;
  console.log(markdown);
  writeSection('widget', markdown);
}
