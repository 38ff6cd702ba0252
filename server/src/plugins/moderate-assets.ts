import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SERVER_ROOT } from '../server-root.js';

/** Where Vite writes the built moderation view. */
export const MODERATE_DIST = fileURLToPath(new URL('../moderate/dist/', SERVER_ROOT));

/** Nothing inline, nothing from elsewhere: the view's own scripts and styles, and its socket. */
function contentSecurityPolicy(request: FastifyRequest): string {
  const host = request.host;
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' https: data:",
    "font-src 'self'",
    `connect-src 'self' ws://${host} wss://${host}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Serves the moderation view (a Lit app built by Vite) at `/moderate/`, under a strict CSP. */
export default async function moderateAssets(app: FastifyInstance) {
  const built = existsSync(`${MODERATE_DIST}index.html`);
  if (!built) app.log.warn(`The moderation view is not built (${MODERATE_DIST} is missing); run the build first.`);

  app.addHook('onSend', async (request, reply: FastifyReply, payload) => {
    reply.header('content-security-policy', contentSecurityPolicy(request));
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    return payload;
  });

  const index = () =>
    built ? readFileSync(`${MODERATE_DIST}index.html`, 'utf8') : '<!doctype html><title>Booth</title><p>Run the build.';
  const page = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index());
  app.get('/moderate', async (_request, reply) => reply.redirect('/moderate/', 301));
  app.get('/moderate/', page);

  if (built) {
    await app.register(fastifyStatic, {
      root: `${MODERATE_DIST}assets`,
      prefix: '/moderate/assets/',
      decorateReply: false,
      index: false,
      wildcard: false,
      setHeaders: (res) => res.header('cache-control', 'public, max-age=31536000, immutable'),
    });
  }
}
