/**
 * The HTTP API's contract: every operation in the served OpenAPI document is called against the
 * real server with a real key, and every answer (successes and errors alike) is validated against
 * the document with ajv. An operation the document lists and this file does not call fails the test.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBoardApp } from '../helpers/actors.js';
import { type ApiAnswer, callApi, makeApiKey } from '../helpers/api-client.js';
import { TestClient } from '../helpers/ws-client.js';

type Json = Record<string, unknown>;

const clock = Date.parse('2026-11-22T10:00:00.000Z');
const app = useBoardApp({ live: { now: () => new Date(clock) } });
let document: Json;
let all: string;
let reader: string;
const ajv = new Ajv2020({ strict: false, validateFormats: false });
const called = new Set<string>();
const ids = { thread: '', reply: '', customerThread: '' };

beforeAll(async () => {
  document = (await callApi(app.t, 'GET', '/api/openapi.json')).json as Json;
  all = (await makeApiKey(app.t, app.site, { name: 'All', scopes: ['read', 'write', 'moderate'] })).secret;
  reader = (await makeApiKey(app.t, app.site, { name: 'Reader', scopes: ['read'] })).secret;
  const customer = await app.guest('Casey Customer');
  const { thread } = await customer.client.ok({
    type: 'thread.create',
    key: TestClient.key(),
    board: 'help',
    kind: 'question',
    title: 'How do I reset my router?',
    body: 'It blinks orange.',
  });
  ids.customerThread = thread.id;
  await customer.client.close();
});
afterAll(() => {
  const operations = Object.values(document.paths as Record<string, Json>).flatMap((methods) =>
    Object.values(methods).map((op) => (op as Json).operationId as string),
  );
  // Only a run of the whole file can say every operation was called.
  if (called.size > 0) expect(operations.filter((op) => !called.has(op))).toEqual([]);
});

/** The operation at this path template and method, and its answer's schema for `status`. */
function schemaFor(template: string, method: string, status: number): { operationId: string; schema: Json } {
  const op = ((document.paths as Record<string, Json>)[template] as Record<string, Json>)[method] as Json;
  expect(op, `${method} ${template} is in the document`).toBeDefined();
  const responses = op.responses as Record<string, Json>;
  let response = responses[String(status)];
  expect(response, `${method} ${template} documents ${status}`).toBeDefined();
  if (response?.$ref) response = (document.components as Json).responses as Json;
  const content = (response?.content ?? ((response as Json).Error as Json).content) as Json;
  let schema = (content['application/json'] as Json).schema as Json;
  if (schema.$ref) schema = ((document.components as Json).schemas as Json).Error as Json;
  return { operationId: op.operationId as string, schema };
}

/** Calls the route and validates its answer against the document; returns the body. */
async function contract(
  method: 'GET' | 'POST',
  template: string,
  path: string,
  expected: number,
  options: { secret?: string | null; body?: unknown; idempotencyKey?: string } = {},
): Promise<Json> {
  const answer: ApiAnswer = await callApi(app.t, method, path, { secret: all, ...options });
  expect([answer.status, answer.json]).toEqual([expected, expect.anything()]);
  const { operationId, schema } = schemaFor(template, method.toLowerCase(), expected);
  const validate = ajv.compile(schema);
  expect(validate(answer.json) ? [] : validate.errors, `${operationId} ${expected}`).toEqual([]);
  called.add(operationId);
  return answer.json as Json;
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with a bearer scheme, and its docs page lists every route', async () => {
    expect(document.openapi).toBe('3.1.0');
    expect((document.components as Json).securitySchemes).toEqual({
      apiKey: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
    const page = await fetch(`${app.t.baseUrl}/api/docs`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    for (const [path, methods] of Object.entries(document.paths as Record<string, Json>)) {
      for (const method of Object.keys(methods)) expect(html).toContain(`${method.toUpperCase()} ${path}`);
    }
  });
});

describe('every route answers as the document says', () => {
  it('writes: a thread, a reply as a helpdesk agent', async () => {
    const created = await contract('POST', '/api/v1/threads', '/api/v1/threads', 201, {
      body: { board: 'help', kind: 'question', title: 'Known issue with firmware 2.1', body: 'We are on it.' },
    });
    ids.thread = (created.thread as Json).id as string;
    const reply = await contract(
      'POST',
      '/api/v1/threads/{threadId}/replies',
      `/api/v1/threads/${ids.customerThread}/replies`,
      201,
      { body: { body: 'Hold the button for 10 seconds.', agentName: 'Dana (Support)' } },
    );
    ids.reply = (reply.post as Json).id as string;
    expect((reply.post as Json).author).toMatchObject({ name: 'Dana (Support)', role: 'staff' });
    await contract('POST', '/api/v1/threads', '/api/v1/threads', 400, { body: { board: 'help' } });
    await contract('POST', '/api/v1/threads/{threadId}/replies', '/api/v1/threads/987654/replies', 404, {
      body: { body: 'Nobody is there.' },
    });
  });

  it('reads: boards, threads, a thread, its posts, search, insights, export', async () => {
    const boards = await contract('GET', '/api/v1/boards', '/api/v1/boards', 200);
    expect(boards.boards).toEqual([{ slug: 'help' }]);
    const page = await contract('GET', '/api/v1/boards/{board}/threads', '/api/v1/boards/help/threads', 200);
    expect((page.threads as Json[]).map((t) => t.id)).toEqual(expect.arrayContaining([ids.thread, ids.customerThread]));
    await contract('GET', '/api/v1/boards/{board}/threads', '/api/v1/boards/help/threads?sort=sideways', 400);
    const thread = await contract('GET', '/api/v1/threads/{threadId}', `/api/v1/threads/${ids.customerThread}`, 200);
    expect((thread.posts as Json[]).map((p) => p.id)).toContain(ids.reply);
    await contract('GET', '/api/v1/threads/{threadId}', '/api/v1/threads/987654', 404);
    await contract('GET', '/api/v1/threads/{threadId}/posts', `/api/v1/threads/${ids.customerThread}/posts`, 200);
    await contract(
      'GET',
      '/api/v1/threads/{threadId}/posts',
      `/api/v1/threads/${ids.customerThread}/posts?after=forged`,
      400,
    );
    const found = await contract('GET', '/api/v1/search', '/api/v1/search?q=router', 200);
    expect((found.hits as Json[]).map((h) => (h.thread as Json).id)).toContain(ids.customerThread);
    await contract('GET', '/api/v1/search', '/api/v1/search', 400);
    await contract('GET', '/api/v1/insights', '/api/v1/insights?days=30', 200);
    await contract('GET', '/api/v1/insights', '/api/v1/insights?days=12', 400);
    const exported = await contract('GET', '/api/v1/export', '/api/v1/export', 200);
    expect((exported.threads as Json[]).length).toBeGreaterThanOrEqual(2);
    await contract('GET', '/api/v1/export', '/api/v1/export', 403, { secret: reader });
  });

  it('moderation: accept, pin, lock, move, hide and restore', async () => {
    const thread = `/api/v1/threads/${ids.customerThread}`;
    const accepted = await contract('POST', '/api/v1/threads/{threadId}/accept', `${thread}/accept`, 200, {
      body: { postId: ids.reply },
    });
    expect((accepted.thread as Json).acceptedPostId).toBe(ids.reply);
    await contract('POST', '/api/v1/threads/{threadId}/accept', `${thread}/accept`, 404, {
      body: { postId: '987654' },
    });
    for (const action of ['pin', 'lock', 'unlock', 'unpin']) {
      await contract('POST', '/api/v1/threads/{threadId}/actions', `${thread}/actions`, 200, { body: { action } });
    }
    await contract('POST', '/api/v1/threads/{threadId}/actions', `${thread}/actions`, 400, {
      body: { action: 'explode' },
    });
    const moved = await contract('POST', '/api/v1/threads/{threadId}/move', `${thread}/move`, 200, {
      body: { board: 'routers' },
    });
    expect((moved.thread as Json).board).toBe('routers');
    await contract('POST', '/api/v1/threads/{threadId}/move', `${thread}/move`, 403, {
      body: { board: 'help' },
      secret: reader,
    });
    const post = `/api/v1/posts/${ids.reply}/actions`;
    const hidden = await contract('POST', '/api/v1/posts/{postId}/actions', post, 200, { body: { action: 'hide' } });
    expect((hidden.post as Json).status).toBe('hidden');
    await contract('POST', '/api/v1/posts/{postId}/actions', post, 200, { body: { action: 'restore' } });
    await contract('POST', '/api/v1/posts/{postId}/actions', post, 401, { body: { action: 'hide' }, secret: null });
    await contract('POST', '/api/v1/posts/{postId}/actions', post, 401, {
      body: { action: 'hide' },
      secret: 'booth_not-a-key',
    });
  });
});
