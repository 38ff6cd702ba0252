import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { SERVER_ROOT } from '../server-root.js';

/** Where Vite writes the built widget (`embed.js` and its chunks). */
export const WIDGET_DIST = fileURLToPath(new URL('../widget/dist/', SERVER_ROOT));

/**
 * The widget files whose names stay the same from build to build: the script tag brands paste
 * (and its source map). Every other file's name carries a hash of its content (see
 * widget/vite.config.ts), so a browser may keep it for good.
 */
const STABLE_NAMES = new Set(['embed.js', 'embed.js.map']);

const SHORT_CACHE = 'public, max-age=300';
const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

/**
 * Serves the built widget so brands can load `/embed.js` from any allowed page. `embed.js` is a
 * classic script; it imports the rest as ES modules, which browsers fetch with CORS.
 */
async function widgetAssets(app: FastifyInstance) {
  if (!existsSync(WIDGET_DIST)) {
    app.log.warn(`The widget is not built (${WIDGET_DIST} is missing); run the build first.`);
  }
  await app.register(fastifyStatic, {
    root: WIDGET_DIST,
    prefix: '/',
    index: false,
    wildcard: false,
    // The build writes a brotli and a gzip copy of every script: a browser that accepts one gets
    // it (with Vary: Accept-Encoding), so the first load crosses the network compressed.
    preCompressed: true,
    // Brand pages on other origins load these files.
    setHeaders: (res, path) => {
      res.header('access-control-allow-origin', '*');
      res.header('cross-origin-resource-policy', 'cross-origin');
      // A compressed copy is cached as the file it is a copy of.
      const name = basename(path).replace(/\.(br|gz)$/, '');
      res.header('cache-control', STABLE_NAMES.has(name) ? SHORT_CACHE : IMMUTABLE_CACHE);
    },
  });
}

export default fp(widgetAssets, { name: 'booth-widget-assets' });
