/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the route table and the shared valibot
 * schemas the server validates with (JSON Schema 2020-12, which OpenAPI 3.1 uses as is). Actions
 * with no JSON Schema form (trimming, custom checks) are left out of the document; the server
 * still applies them, so the document may accept what the server refuses with a 400, never the reverse.
 */
import { ApiError, ApiIdempotencyKey } from '@booth/shared';
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import type { ApiRoute } from './api-routes.js';

type JsonSchema = Record<string, unknown>;

export function jsonSchemaOf(schema: v.GenericSchema): JsonSchema {
  const { $schema: _draft, ...rest } = toJsonSchema(schema, {
    target: 'draft-2020-12',
    errorMode: 'ignore',
  }) as JsonSchema;
  return rest;
}

/** Path and query parameters, one per property of the route's object schema. */
function parametersOf(schema: v.GenericSchema | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = jsonSchemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

const ERROR_RESPONSE = { $ref: '#/components/responses/Error' };
const ERRORS: Record<string, string> = {
  '400': 'The request is not valid (`invalid_message`, `bad_json`).',
  '401': 'No API key, or one that is not valid (`auth_required`, `invalid_token`).',
  '403': "The key's scope does not allow this, or its staff member may not (`forbidden`, `banned`).",
  '404': "No such board, thread or post on the key's site (`not_found`).",
  '409':
    'The request conflicts with the data, or reuses an Idempotency-Key with another body (`conflict`, `thread_locked`, `duplicate`).',
  '429': "The key's rate limit: wait for `Retry-After` seconds (`rate_limited`).",
};

function operationOf(route: ApiRoute): JsonSchema {
  const writes = route.method === 'POST';
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: `Scope: \`${route.scope}\`.`,
    'x-booth-scope': route.scope,
    parameters: [
      ...parametersOf(route.params, 'path'),
      ...parametersOf(route.query, 'query'),
      ...(writes
        ? [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: 'A retry with the same key returns the first answer and writes nothing more.',
              schema: jsonSchemaOf(ApiIdempotencyKey),
            },
          ]
        : []),
    ],
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(route.body) } } } }
      : {}),
    responses: {
      [String(route.status)]: {
        description: writes && route.status === 201 ? 'Created.' : 'OK.',
        content: { 'application/json': { schema: jsonSchemaOf(route.response) } },
      },
      ...Object.fromEntries(
        Object.keys(ERRORS)
          .filter((status) => writes || status !== '409')
          .map((status) => [status, ERROR_RESPONSE]),
      ),
    },
  };
}

/** The whole document: every route, the bearer scheme, and the one error shape. */
export function openApiDocument(routes: readonly ApiRoute[], publicUrl: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, JsonSchema>)[route.method.toLowerCase()] = operationOf(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Booth API',
      version: '1',
      description:
        "A site's boards, threads and posts for its own systems (helpdesk, CRM, scripts). Sign in with an API key made in the moderation view's API keys tab: `Authorization: Bearer booth_…`.",
    },
    servers: [{ url: publicUrl }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key of the site.' } },
      schemas: { Error: jsonSchemaOf(ApiError) },
      responses: {
        Error: {
          description: Object.entries(ERRORS)
            .map(([status, text]) => `${status}: ${text}`)
            .join(' '),
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    },
  };
}
