/**
 * What the HTTP API promises beyond its shapes: a retried write with the same Idempotency-Key
 * writes once and answers the same; writes reach open widgets live, under the agent's name;
 * scopes and revoked keys are refused; each key is rate limited; keys see only their own site.
 */
import type { ServerMessage } from '@booth/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../server/src/domain/api-keys.js';
import { useBoardApp } from '../helpers/actors.js';
import { callApi, makeApiKey } from '../helpers/api-client.js';
import { addStaff } from '../helpers/staff-session.js';
import { TestClient } from '../helpers/ws-client.js';

const clock = Date.parse('2026-11-23T07:45:00.000Z');
/** A low limit, so the test reaches it. */
const PER_MINUTE = 40;
const app = useBoardApp({ live: { now: () => new Date(clock) }, env: { API_RATE_LIMIT: String(PER_MINUTE) } });
let writer: { secret: string; staffMemberId: string | null };
let threadId: string;

beforeAll(async () => {
  writer = await makeApiKey(app.t, app.site, { name: 'Helpdesk', scopes: ['read', 'write'] }, 'Morgan Staff');
  const customer = await app.guest('Quinn Customer');
  const { thread } = await customer.client.ok({
    type: 'thread.create',
    key: TestClient.key(),
    board: 'help',
    kind: 'question',
    title: 'My order never arrived',
    body: 'Order 1234.',
  });
  threadId = thread.id;
  await customer.client.close();
});

const reply = (body: string, idempotencyKey?: string, agentName?: string) =>
  callApi(app.t, 'POST', `/api/v1/threads/${threadId}/replies`, {
    secret: writer.secret,
    body: { body, ...(agentName ? { agentName } : {}) },
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });

async function postCount(): Promise<number> {
  const row = await app.t.database.db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('thread_id', '=', threadId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('the HTTP API', () => {
  it('writes once for a retried Idempotency-Key, and refuses the key reused for another body', async () => {
    const before = await postCount();
    const first = await reply('Your parcel is on its way.', 'retry-key-0001');
    const again = await reply('Your parcel is on its way.', 'retry-key-0001');
    expect(first.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(await postCount()).toBe(before + 1);
    const other = await reply('Something else entirely.', 'retry-key-0001');
    expect([other.status, (other.json as { error: { code: string } }).error.code]).toEqual([409, 'conflict']);
    expect(await postCount()).toBe(before + 1);
  });

  it("reaches a widget open on the board live, under the agent's name with the staff badge", async () => {
    const widget = await app.reader();
    await widget.ok({ type: 'subscribe', board: 'help' });
    const sent = await reply('A courier will call you today.', undefined, 'Dana from Support');
    expect(sent.status).toBe(201);
    const postId = (sent.json as { post: { id: string } }).post.id;
    const seen = (await widget.waitFor(
      (m: ServerMessage) => m.type === 'event' && m.event.kind === 'post.created' && m.event.post.id === postId,
    )) as Extract<ServerMessage, { type: 'event' }>;
    expect(seen.event.kind === 'post.created' && seen.event.post.author).toMatchObject({
      id: writer.staffMemberId,
      name: 'Dana from Support',
      role: 'staff',
    });
    await widget.close();
  });

  it('refuses a scope the key lacks, a revoked key, and another site', async () => {
    const readOnly = await makeApiKey(app.t, app.site, { name: 'Reader', scopes: ['read'] });
    const refused = await callApi(app.t, 'POST', `/api/v1/threads/${threadId}/replies`, {
      secret: readOnly.secret,
      body: { body: 'Not allowed.' },
    });
    expect([refused.status, (refused.json as { error: { code: string } }).error.code]).toEqual([403, 'forbidden']);

    const owner = (await addStaff(app.t, app.site, 'owner')).account;
    const actor = { site: app.site, member: owner };
    const { key, secret } = await createApiKey(app.t.app.services, actor, { name: 'Soon gone', scopes: ['read'] });
    expect((await callApi(app.t, 'GET', '/api/v1/boards', { secret })).status).toBe(200);
    await revokeApiKey(app.t.app.services, actor, key.id);
    const revoked = await callApi(app.t, 'GET', '/api/v1/boards', { secret });
    expect([revoked.status, (revoked.json as { error: { code: string } }).error.code]).toEqual([401, 'invalid_token']);

    const elsewhere = await app.otherSite();
    const foreign = await makeApiKey(app.t, elsewhere, { name: 'Foreign', scopes: ['read', 'moderate'] });
    const peek = await callApi(app.t, 'GET', `/api/v1/threads/${threadId}`, { secret: foreign.secret });
    expect(peek.status).toBe(404);
    const hide = await callApi(app.t, 'POST', `/api/v1/threads/${threadId}/actions`, {
      secret: foreign.secret,
      body: { action: 'hide' },
    });
    expect(hide.status).toBe(404);
  });

  it(`limits each key to ${PER_MINUTE} requests a minute, with Retry-After`, async () => {
    const busy = await makeApiKey(app.t, app.site, { name: 'Busy script', scopes: ['read'] });
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof callApi>> | undefined;
    for (let i = 0; i < PER_MINUTE + 1; i++) {
      const answer = await callApi(app.t, 'GET', '/api/v1/boards', { secret: busy.secret });
      statuses.push(answer.status);
      if (answer.status === 429) limited = answer;
    }
    expect(statuses.slice(0, PER_MINUTE).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    if (!limited) throw new Error('no request was limited');
    expect((limited.json as { error: { code: string } }).error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another key of the same site is not slowed by it.
    expect((await callApi(app.t, 'GET', '/api/v1/boards', { secret: writer.secret })).status).toBe(200);
  });
});
