/**
 * The HTTP API for a site's own systems (`/api/v1`, docs/api.md): each request signs in with an
 * API key (`Authorization: Bearer booth_…`), is counted against the key's rate limit, checked
 * against its route's schemas and scope, and run by the route's use case. `/api/openapi.json`
 * describes every route; `/api/docs` shows the same document as a page.
 */
import { randomUUID } from 'node:crypto';
import { ApiIdempotencyKey, check } from '@booth/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type * as v from 'valibot';
import { findMember } from '../../db/members.queries.js';
import { findSiteById } from '../../db/sites.queries.js';
import { type ApiPrincipal, authenticateApiKey } from '../../domain/api-keys.js';
import { DomainError } from '../../domain/domain-error.js';
import type { Actor } from '../../domain/services.js';
import { apiDocsPage } from './api-docs-page.js';
import { API_ROUTES, type ApiRoute } from './api-routes.js';
import { openApiDocument } from './openapi.js';

export interface ApiPluginOptions {
  /** Public URL of this server, named in the document's `servers`. */
  publicUrl: string;
  /** Requests per key per minute; 0 turns the limit off. */
  perMinute: number;
}

function valid<S extends v.GenericSchema>(schema: S, input: unknown, where: string): v.InferOutput<S> {
  const result = check(schema, input ?? {});
  if (!result.ok) throw new DomainError('invalid_message', `${where}: ${result.error.message}`);
  return result.value;
}

/** The key a request signs in with, or `auth_required` / `invalid_token`. */
async function principalOf(app: FastifyInstance, request: FastifyRequest): Promise<ApiPrincipal> {
  const auth = request.headers.authorization;
  if (!auth) throw new DomainError('auth_required', 'Authorization: send "Bearer" and an API key');
  const match = /^Bearer\s+(\S+)$/i.exec(auth);
  const principal = match?.[1] ? await authenticateApiKey(app.services, match[1]) : null;
  if (!principal) throw new DomainError('invalid_token', 'Authorization: not a valid API key (revoked, or never made)');
  return principal;
}

/** The Fastify form of an OpenAPI path: `{name}` becomes `:name`. */
const fastifyPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

async function apiPlugin(app: FastifyInstance, options: ApiPluginOptions) {
  const document = openApiDocument(API_ROUTES, options.publicUrl);
  const documentJson = JSON.stringify(document);
  const docsHtml = apiDocsPage(document);

  app.get('/api/openapi.json', async (_request, reply) =>
    reply.type('application/json; charset=utf-8').header('cache-control', 'no-cache').send(documentJson),
  );
  app.get('/api/docs', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(docsHtml),
  );

  const limit = async (principal: ApiPrincipal) => {
    if (options.perMinute <= 0) return;
    const check = { key: `api-key:${principal.keyId}`, perMinute: options.perMinute };
    const { waitMs } = await app.limitStore.take([check], app.services.now().getTime());
    if (waitMs > 0) throw new DomainError('rate_limited', undefined, `api key ${principal.keyId}`, waitMs);
  };

  const register = (route: ApiRoute) => {
    app.route({
      method: route.method,
      url: fastifyPath(route.path),
      handler: async (request, reply) => {
        const principal = await principalOf(app, request);
        await limit(principal);
        if (!principal.scopes.includes(route.scope)) {
          throw new DomainError('forbidden', `this key has no "${route.scope}" scope`);
        }
        const site = await findSiteById(app.db, principal.siteId);
        if (!site) throw new DomainError('invalid_token', 'Authorization: not a valid API key');
        const params = route.params ? valid(route.params, request.params, 'path') : {};
        const query = valid(route.query, request.query, 'query');
        const body = route.body ? valid(route.body, request.body, 'body') : undefined;
        const sent = request.headers['idempotency-key'];
        const writeKey =
          typeof sent === 'string' ? valid(ApiIdempotencyKey, sent, 'Idempotency-Key') : `api-${randomUUID()}`;
        const actor = async (): Promise<Actor> => {
          const member = principal.staffMemberId ? await findMember(app.db, principal.staffMemberId) : undefined;
          if (!member) throw new DomainError('forbidden', 'this key acts as no staff member');
          return { site, member };
        };
        const result = await route.run({ services: app.services, site, actor, params, query, body, writeKey });
        reply.header('cache-control', 'no-store');
        return reply.status(route.status).send(result);
      },
    });
  };
  for (const route of API_ROUTES) register(route);
}

export default fp(apiPlugin, { name: 'booth-api-v1', dependencies: ['booth-services'] });
