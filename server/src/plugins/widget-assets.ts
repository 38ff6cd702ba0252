import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { SERVER_ROOT } from '../server-root.js';

/** Where Vite writes the built widget (`embed.js` and its chunks). */
export const WIDGET_DIST = fileURLToPath(new URL('../widget/dist/', SERVER_ROOT));

/** Serves the built widget so brands can load `/embed.js` from any allowed page. */
async function widgetAssets(app: FastifyInstance) {
  if (!existsSync(WIDGET_DIST)) {
    app.log.warn(`The widget is not built (${WIDGET_DIST} is missing); run the build first.`);
  }
  await app.register(fastifyStatic, {
    root: WIDGET_DIST,
    prefix: '/',
    index: false,
    wildcard: false,
    // Brand pages on other origins load these files.
    setHeaders: (res) => {
      res.header('access-control-allow-origin', '*');
      res.header('cross-origin-resource-policy', 'cross-origin');
      res.header('cache-control', 'public, max-age=300');
    },
  });
}

export default fp(widgetAssets, { name: 'booth-widget-assets' });
