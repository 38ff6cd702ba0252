/**
 * Hostile and malformed input against the live server, over real sockets and HTTP. Every case
 * asserts the safe outcome (a typed refusal, or a post whose HTML is inert) and, by comparing
 * every row of the database before and after, that nothing else changed.
 */
import type { ErrorBody, ServerMessage } from '@booth/shared';
import { SignJWT } from 'jose';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { connectGuest, connectMember, eventMatching, flush, type Visitor } from '../helpers/actors.js';
import { tagsOf, unsafeParts } from '../helpers/html-inspect.js';
import { getJson, tryUpgrade } from '../helpers/http-client.js';
import { openedSince } from '../helpers/node-sessions.js';
import { createTestSite, signSso, startTestApp, TEST_ORIGIN, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

let t: TestApp;
let site: SiteRow;
/** A trusted member whose posts are published at once, so their rendered HTML reaches other pages. */
let writer: Visitor;
/** A guest who sends the malformed frames. */
let attacker: Visitor;
/** A customer following the board, to see what reaches other pages. */
let reader: Visitor;

const BOARD = 'hostile';

/** Every table and the columns that identify a row. */
const TABLES: Record<string, string[]> = {
  sites: ['id'],
  boards: ['id'],
  members: ['id'],
  threads: ['id'],
  posts: ['id'],
  votes: ['post_id', 'member_id'],
  events: ['board_id', 'seq'],
  idempotency_keys: ['member_id', 'key'],
  reports: ['id'],
  moderation_actions: ['id'],
  staff_sessions: ['id'],
};

type Snapshot = Map<string, Map<string, string>>;

/** Every row of the watched tables, read in one transaction so a write is seen whole or not at all. */
async function snapshot(): Promise<Snapshot> {
  const result: Snapshot = new Map();
  await t.database.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      for (const [table, key] of Object.entries(TABLES)) {
        const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(tx);
        result.set(table, new Map(rows.map((row) => [key.map((k) => String(row[k])).join('/'), JSON.stringify(row)])));
      }
    });
  return result;
}

type Changes = Record<string, { added?: number; removed?: number; changed?: number }>;

function diff(before: Snapshot, after: Snapshot): Changes {
  const changes: Changes = {};
  for (const table of Object.keys(TABLES)) {
    const a = before.get(table) ?? new Map<string, string>();
    const b = after.get(table) ?? new Map<string, string>();
    const entry = { added: 0, removed: 0, changed: 0 };
    for (const [k, row] of b) {
      if (!a.has(k)) entry.added++;
      else if (a.get(k) !== row) entry.changed++;
    }
    for (const k of a.keys()) if (!b.has(k)) entry.removed++;
    const nonZero = Object.fromEntries(Object.entries(entry).filter(([, n]) => n > 0));
    if (Object.keys(nonZero).length > 0) changes[table] = nonZero;
  }
  return changes;
}

/** Runs an attack and asserts the database is exactly as it was. */
async function unchanged(attack: () => Promise<void>): Promise<void> {
  const before = await snapshot();
  await attack();
  await flush(reader.client);
  expect(diff(before, await snapshot())).toEqual({});
}

/** What publishing one new thread writes: the thread, its post, its event and idempotency key, and the board's event id. */
const ONE_THREAD: Changes = {
  boards: { changed: 1 },
  threads: { added: 1 },
  posts: { added: 1 },
  events: { added: 1 },
  idempotency_keys: { added: 1 },
};

async function only(expected: Changes, attack: () => Promise<void>): Promise<void> {
  const before = await snapshot();
  await attack();
  await flush(reader.client);
  expect(diff(before, await snapshot())).toEqual(expected);
}

/** Sends a raw frame with a request id and returns the reply to it. */
async function raw(client: TestClient, frame: string, id: string | null): Promise<ServerMessage> {
  client.sendRaw(frame);
  if (id !== null) return client.reply(id);
  return client.waitFor((m) => m.type === 'error' && m.id === null);
}

function expectError(reply: ServerMessage, code: ErrorBody['code'], message?: RegExp): ErrorBody {
  if (reply.type !== 'error') throw new Error(`expected an error, got ${JSON.stringify(reply).slice(0, 200)}`);
  expect(reply.error.code).toBe(code);
  if (message) expect(reply.error.message).toMatch(message);
  // Client errors say what was wrong, never how the server is built.
  expect(reply.error.message).not.toMatch(/\bat \S+:\d+|Error:|kysely|postgres|select |insert |node_modules/i);
  return reply.error;
}

let counter = 0;
const nextId = () => `h${++counter}`;

/** Publishes a question as the trusted writer and returns what the server and another page saw. */
async function publish(title: string, body: string) {
  const key = TestClient.key();
  const result = await writer.client.ok({ type: 'thread.create', key, board: BOARD, kind: 'discussion', title, body });
  const event = await eventMatching(
    reader.client,
    (m) => m.event.kind === 'thread.created' && m.event.thread.id === result.thread.id,
  );
  const api = await getJson<{ posts: { html: string }[] }>(
    `${t.baseUrl}/api/threads/${result.thread.id}?site=${site.public_key}`,
  );
  return { result, event, api };
}

/** The markup a browser would act on, tags and decoded attributes, without the escaped text shown to readers. */
function activeMarkup(html: string): string {
  return tagsOf(html)
    .map(
      (tag) =>
        `<${tag.name}${Object.entries(tag.attributes)
          .map(([k, v]) => ` ${k}="${v}"`)
          .join('')}>`,
    )
    .join('');
}

/** Asserts that the post's HTML is inert everywhere it travels: the reply, the live event and the HTTP API. */
async function expectInert(title: string, body: string, mustNotContain: RegExp) {
  await only(ONE_THREAD, async () => {
    const { result, event, api } = await publish(title, body);
    const copies = [
      result.post.html,
      event.type === 'event' && event.event.kind === 'thread.created' ? event.event.post.html : '',
      api.body.posts[0]?.html ?? '',
    ];
    for (const html of copies) {
      expect(unsafeParts(html)).toEqual([]);
      expect(activeMarkup(html)).not.toMatch(mustNotContain);
    }
    expect(copies[1]).toBe(copies[0]);
    expect(copies[2]).toBe(copies[0]);
  });
}

/** Builds an unsigned (`alg: none`) token with the given claims. */
function unsignedToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

beforeAll(async () => {
  // Socket frame limits raised so that a suite sending many frames quickly is never refused for
  // speed, nor cut off for its many invalid frames (hostile-sockets.test.ts proves that cut-off);
  // the floods below run against a second node with the product's default limits.
  t = await startTestApp({ ws: { frameBurst: 10_000, framesPerSecond: 10_000, badFrameLimit: 100_000 } });
  // The product's defaults, with per-minute write limits raised: this suite sends many posts on
  // purpose, and rate limits are proven in rate-limits.test.ts and by the flood case below.
  site = await createTestSite(t.database, {
    policy: {
      rateLimits: {
        posts: { member: 1000, ip: 1000, site: 1000 },
        writes: { member: 1000, ip: 1000, site: 1000 },
        signIns: { ip: 1000, site: 1000 },
      },
    },
  });
  writer = await connectMember(t, site, { sub: 'trusted-writer', name: 'Trusted Writer' });
  await t.database.db.updateTable('members').set({ trust_level: 1 }).where('id', '=', writer.me.id).execute();
  attacker = await connectGuest(t, site, 'Mallory Guest');
  reader = await connectGuest(t, site, 'Rita Reader');
  await reader.client.ok({ type: 'subscribe', board: BOARD });
  await connectStaffMember();
});
afterAll(async () => t?.close());

/** A staff member with a known display name, for the impersonation cases. */
async function connectStaffMember() {
  const staff = await connectMember(t, site, { sub: 'agent-sam', name: 'Sam from Support', role: 'staff' });
  await staff.client.close();
}

describe('script and markup in posts', () => {
  it.each([
    ['a script tag', '<script>alert(document.cookie)</script>', /<script/i],
    ['an event-handler attribute', '<img src=x onerror="alert(1)">', /onerror/i],
    ['an event handler on a link', '<a href="https://ok.example" onclick="alert(1)">hi</a>', /onclick/i],
    ['a javascript: link', '[click me](javascript:alert(1))', /javascript:/i],
    ['a javascript: link in mixed case and entities', '[x](JaVa&#x09;ScRiPt:alert(1))', /href="\s*javascript:/i],
    ['a javascript: autolink', '<javascript:alert(1)>', /href="javascript/i],
    ['a data: link', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)', /href="data:/i],
    ['a data: image', '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)', /<img|data:/i],
    ['an SVG payload', '<svg onload=alert(1)><script>alert(2)</script></svg>', /<svg|onload/i],
    ['an SVG link', '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', /xlink|javascript/i],
    ['a style tag', '<style>body{display:none}</style>Hello', /<style/i],
    ['a style attribute', '<p style="position:fixed;inset:0;background:red">cover</p>', /style=/i],
    ['CSS in a link', '[x](https://ok.example "a" style="x:expression(alert(1))")', /style=|expression\(/i],
    ['an iframe', '<iframe src="https://evil.example"></iframe>', /<iframe/i],
    ['a form', '<form action="https://evil.example"><input name=p></form>', /<form|<input/i],
    ['a meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example">', /<meta/i],
  ])('renders %s inert on every page', async (_what, body, mustNotContain) => {
    await expectInert(`Markup ${++counter}`, `Look: ${body}`, mustNotContain);
  });

  it('keeps a title with markup as plain text', async () => {
    const title = '<img src=x onerror=alert(1)> & <b>bold</b>';
    await only(ONE_THREAD, async () => {
      const { result, event } = await publish(title, 'Body of the title test');
      expect(result.thread.title).toBe(title);
      expect(event.type === 'event' && event.event.kind === 'thread.created' && event.event.thread.title).toBe(title);
      expect(result.thread.excerpt).not.toMatch(/</);
    });
  });
});

describe('identity', () => {
  const join = (name: string) => attacker.client.request({ type: 'guest.join', name });

  it.each([
    ['a reserved name', 'Admin'],
    ['a reserved name with zero-width characters', 'Mod\u200Be\u200Crator'],
    ['a name drawn right to left to read as a reserved one', '\u202Enimda'],
    ['a name with an isolate direction control', 'Sam \u2067from\u2069 Support'],
    ['a staff member’s name', 'Sam from Support'],
    ['a staff member’s name in other case and spacing', '  sam FROM support '],
    ['a staff member’s name with look-alike Cyrillic letters', 'Ѕаm frоm Ѕuppоrt'],
    ['a staff member’s name with accents', 'Säm fröm Süppört'],
  ])('refuses %s for a guest', async (_what, name) => {
    await unchanged(async () => {
      const reply = await join(name);
      expect(reply.ok ? 'accepted' : reply.error.code).toBe('invalid_message');
    });
  });

  it('refuses a staff member’s name from a signed-in customer', async () => {
    const client = await TestClient.connect(t.wsUrl(site));
    await unchanged(async () => {
      const reply = await client.request({
        type: 'hello',
        sso: await signSso(site, { sub: 'fake-sam', name: 'Sam From Support' }),
      });
      expect(reply.ok ? 'accepted' : reply.error.code).toBe('invalid_message');
    });
    await client.close();
  });

  it.each([
    ['a javascript: avatar', 'javascript:alert(1)'],
    ['a data: avatar', 'data:image/svg+xml,<svg onload=alert(1)>'],
    ['a protocol-relative avatar', '//evil.example/a.png'],
    ['an avatar that breaks out of an attribute', 'https://ok.example/a.png" onerror="alert(1)'],
  ])('refuses or neutralises %s', async (_what, avatar) => {
    const client = await TestClient.connect(t.wsUrl(site));
    const token = await signSso(site, { sub: `avatar-${++counter}`, name: 'Avatar Tester', avatar });
    const before = await snapshot();
    const reply = await client.request({ type: 'hello', sso: token });
    if (reply.ok) {
      // Accepted only as a plain https URL that cannot leave its attribute.
      expect(reply.result.me?.avatarUrl).toMatch(/^https:\/\/[^"'<>\s]+$/);
    } else {
      expect(reply.error.code).toBe('invalid_token');
      expect(diff(before, await snapshot())).toEqual({});
    }
    await client.close();
  });

  describe('forged sign-in tokens', () => {
    const staffClaims = { sub: 'forger', name: 'Forger', role: 'staff' };
    let client: TestClient;
    beforeAll(async () => {
      client = await TestClient.connect(t.wsUrl(site));
    });
    afterAll(async () => client.close());

    const refusedAs = async (token: string, message?: RegExp) =>
      unchanged(async () => {
        const reply = await client.request({ type: 'hello', sso: token });
        expect(reply.ok ? reply.result.me : reply.error.code).toBe('invalid_token');
        if (!reply.ok && message) expect(reply.error.message).toMatch(message);
      });

    it('refuses an unsigned token (alg: none) claiming staff', async () => {
      await refusedAs(unsignedToken({ ...staffClaims, exp: Math.floor(Date.now() / 1000) + 3600 }));
    });

    it('refuses a token signed with another secret', async () => {
      await refusedAs(await signSso(site, staffClaims, { secret: 'not-the-site-secret-but-long-enough-to-sign' }));
    });

    it('refuses a token whose role was changed after signing', async () => {
      const token = await signSso(site, { sub: 'forger', name: 'Forger' });
      const [header, , signature] = token.split('.');
      const payload = Buffer.from(
        JSON.stringify({ ...staffClaims, exp: Math.floor(Date.now() / 1000) + 3600 }),
      ).toString('base64url');
      await refusedAs(`${header}.${payload}.${signature}`);
    });

    it('refuses an expired token, saying so', async () => {
      await refusedAs(await signSso(site, { sub: 'late', name: 'Late Larry', expiresIn: -3600 }), /expired/);
    });

    it('refuses a token signed with the right secret but another algorithm', async () => {
      const token = await new SignJWT({ name: 'Alg Swapper', role: 'staff' })
        .setProtectedHeader({ alg: 'HS512' })
        .setSubject('alg-swap')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(site.sso_secret));
      await refusedAs(token);
    });

    it('refuses a correctly signed token claiming a role it may not have', async () => {
      await refusedAs(await signSso(site, { sub: 'owner-claim', name: 'Owner Claim', role: 'owner' }));
    });

    it('refuses a forged guest token', async () => {
      await unchanged(async () => {
        const reply = await client.request({ type: 'hello', guest: `g1.1.${'A'.repeat(43)}` });
        expect(reply.ok ? 'accepted' : reply.error.code).toBe('invalid_token');
      });
    });
  });
});

describe('origins', () => {
  it('refuses a WebSocket upgrade from a page not on the allowlist', async () => {
    await unchanged(async () => {
      const { status, body } = await tryUpgrade(t.wsUrl(site), 'https://evil.example');
      expect({ status, body }).toEqual({
        status: 403,
        body: { error: { code: 'origin_not_allowed', message: expect.any(String) } },
      });
      expect((await tryUpgrade(t.wsUrl(site), 'null')).status).toBe(403);
    });
  });

  it('refuses the HTTP API to a foreign page and grants it no CORS', async () => {
    await unchanged(async () => {
      const response = await getJson(
        `${t.baseUrl}/api/boards/${BOARD}/threads?site=${site.public_key}`,
        'https://evil.example',
      );
      expect(response.status).toBe(403);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});

describe('SQL injection', () => {
  const INJECTIONS = [
    "' OR '1'='1",
    '1; DROP TABLE posts;--',
    "x'); DELETE FROM members; --",
    '1 UNION SELECT sso_secret FROM sites',
  ];

  it.each(INJECTIONS)('stores %j in a title, body and name as plain text', async (injection) => {
    const client = await TestClient.connect(t.wsUrl(site));
    await only(
      {
        boards: { changed: 1 },
        members: { added: 1 },
        threads: { added: 1 },
        posts: { added: 1 },
        events: { added: 1 },
        idempotency_keys: { added: 1 },
      },
      async () => {
        const name = `N ${injection}`.slice(0, 40);
        const { me } = await client.ok({ type: 'guest.join', name });
        expect(me.name).toBe(name.trim());
        const { thread } = await client.ok({
          type: 'thread.create',
          key: TestClient.key(),
          board: BOARD,
          kind: 'question',
          title: `Q ${injection}`,
          body: `B ${injection}`,
        });
        expect(thread.title).toBe(`Q ${injection}`);
        const opened = await reader.client.ok({ type: 'thread.open', threadId: thread.id });
        expect(opened.posts[0]?.source).toBe(`B ${injection}`);
      },
    );
    await client.close();
  });

  it.each([
    ['a board slug', { type: 'subscribe', board: "x' OR 1=1 --" }],
    ['a thread id', { type: 'thread.open', threadId: '1 OR 1=1' }],
    ['a post id', { type: 'vote', key: 'abcdefgh12', postId: '1; DELETE FROM votes', value: 1 }],
    ['an idempotency key', { type: 'vote', key: "'; DROP TABLE idempotency_keys; --", postId: '1', value: 1 }],
    ['a page cursor', { type: 'threads.page', board: BOARD, after: "eyJ' OR 1=1--" }],
  ])('refuses an injection in %s', async (_where, message) => {
    await unchanged(async () => {
      const id = nextId();
      expectError(await raw(attacker.client, JSON.stringify({ ...message, id }), id), 'invalid_message');
    });
  });

  it('refuses injections in HTTP paths, queries and the socket’s site key', async () => {
    await unchanged(async () => {
      expect((await getJson(`${t.baseUrl}/api/threads/1%20OR%201%3D1?site=${site.public_key}`)).status).toBe(400);
      expect((await getJson(`${t.baseUrl}/api/boards/${BOARD}/threads?site=x'%20OR%20'1'%3D'1`)).status).toBe(400);
      expect((await tryUpgrade(`${t.baseUrl.replace('http', 'ws')}/ws?site=x'%20OR%201%3D1`, TEST_ORIGIN)).status).toBe(
        400,
      );
    });
  });
});

describe('sizes', () => {
  it('answers a frame over the protocol limit with too_large and keeps the socket', async () => {
    await unchanged(async () => {
      const id = nextId();
      const frame = JSON.stringify({ type: 'ping', id, pad: 'x'.repeat(70 * 1024) });
      expectError(await raw(attacker.client, frame, null), 'too_large');
      await attacker.client.ok({ type: 'ping' });
    });
  });

  it('counts the limit in bytes, so multi-byte text cannot slip past it', async () => {
    await unchanged(async () => {
      const frame = JSON.stringify({ type: 'ping', id: nextId(), pad: '😀'.repeat(20 * 1024) });
      expect(frame.length).toBeLessThan(64 * 1024);
      expectError(await raw(attacker.client, frame, null), 'too_large');
    });
  });

  it('closes a socket that sends a frame beyond the transport cap, and serves everyone else', async () => {
    const victim = await TestClient.connect(t.wsUrl(site));
    await unchanged(async () => {
      victim.sendRaw('x'.repeat(300 * 1024));
      await new Promise<void>((resolve) => victim.socket.once('close', () => resolve()));
      expect(victim.closeInfo?.code).toBe(1009);
      await reader.client.ok({ type: 'ping' });
    });
  });

  it.each([
    ['a body over 32,000 characters', { body: 'b'.repeat(32_001) }, /^body: /],
    ['a title over 200 characters', { title: 't'.repeat(201) }, /^title: /],
    ['an empty title', { title: '  ' }, /^title: /],
  ])('refuses %s', async (_what, fields, message) => {
    await unchanged(async () => {
      const id = nextId();
      const frame = {
        type: 'thread.create',
        id,
        key: TestClient.key(),
        board: BOARD,
        kind: 'question',
        title: 'Fine title',
        body: 'Fine body',
        ...fields,
      };
      expectError(await raw(attacker.client, JSON.stringify(frame), id), 'invalid_message', message);
    });
  });

  it('refuses a display name over 40 characters', async () => {
    await unchanged(async () => {
      const id = nextId();
      expectError(
        await raw(attacker.client, JSON.stringify({ type: 'guest.join', id, name: 'n'.repeat(41) }), id),
        'invalid_message',
        /^name: /,
      );
    });
  });

  it('refuses an HTTP body over the limit with 413', async () => {
    await unchanged(async () => {
      const response = await fetch(`${t.baseUrl}/moderate/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: t.baseUrl },
        body: JSON.stringify({ email: 'a@b.example', password: 'p'.repeat(100 * 1024) }),
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ error: { code: 'too_large', message: expect.any(String) } });
    });
  });
});

describe('malformed frames', () => {
  it('survives deeply nested JSON', async () => {
    await unchanged(async () => {
      const depth = 20_000;
      const id = nextId();
      const frame = `{"type":"ping","id":"${id}","x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      expectError(await raw(attacker.client, frame, id), 'invalid_message');
      const http = await fetch(`${t.baseUrl}/moderate/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: t.baseUrl },
        body: `{"email":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      });
      expect(http.status).toBe(400);
    });
  });

  it('closes a socket that sends invalid UTF-8, and serves everyone else', async () => {
    const victim = await TestClient.connect(t.wsUrl(site));
    await unchanged(async () => {
      victim.socket.send(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d]), { binary: false });
      await new Promise<void>((resolve) => victim.socket.once('close', () => resolve()));
      expect(victim.closeInfo?.code).toBe(1007);
      await reader.client.ok({ type: 'ping' });
    });
  });

  it.each([
    ['a lone high surrogate', '\\ud800'],
    ['a lone low surrogate', '\\udc00'],
    ['a NUL character', '\\u0000'],
    ['an escape character', '\\u001b[31m'],
  ])('refuses %s in a post', async (_what, escaped) => {
    await unchanged(async () => {
      const id = nextId();
      const frame = `{"type":"thread.create","id":"${id}","key":"${TestClient.key()}","board":"${BOARD}","kind":"question","title":"Encoding test","body":"before ${escaped} after"}`;
      expectError(await raw(attacker.client, frame, id), 'invalid_message', /^body: contains characters/);
    });
  });

  it.each([
    ['not JSON', '{"type": "ping", ', 'bad_json'],
    ['a JSON array', '[1,2,3]', 'invalid_message'],
    ['a JSON string', '"ping"', 'invalid_message'],
    ['JSON null', 'null', 'invalid_message'],
    ['an unknown message type', '{"type":"admin.delete_everything","id":"u1"}', 'unknown_type'],
    ['a frame without a type', '{"id":"u2"}', 'invalid_message'],
    ['a type that is not a string', '{"type":{"$ne":null},"id":"u3"}', 'invalid_message'],
  ] as const)('answers %s with %s', async (_what, frame, code) => {
    await unchanged(async () => {
      const parsedId = /"id":"(u\d)"/.exec(frame)?.[1] ?? null;
      expectError(await raw(attacker.client, frame, parsedId), code);
    });
  });

  it('answers a binary frame with a typed error', async () => {
    await unchanged(async () => {
      attacker.client.socket.send(Buffer.from('{"type":"ping","id":"b1"}'), { binary: true });
      const reply = await attacker.client.waitFor((m) => m.type === 'error' && m.id === null);
      expectError(reply, 'invalid_message');
    });
  });

  it.each([
    [
      'a missing field',
      { type: 'thread.create', key: 'abcdefgh12', board: BOARD, kind: 'question', body: 'no title' },
      /^title: /,
    ],
    [
      'a role smuggled into a write',
      { type: 'post.create', key: 'abcdefgh13', threadId: '1', body: 'x', role: 'staff' },
      /role/,
    ],
    [
      'a status smuggled into a write',
      {
        type: 'thread.create',
        key: 'abcdefgh14',
        board: BOARD,
        kind: 'question',
        title: 'Smuggle',
        body: 'x',
        status: 'visible',
        authorId: '1',
      },
      /status|authorId/,
    ],
    ['a prototype key', JSON.parse('{"type":"ping","__proto__":{"isAdmin":true}}'), /__proto__/],
    ['a vote of 2', { type: 'vote', key: 'abcdefgh15', postId: '1', value: 2 }, /^value: /],
    ['a negative vote of -5', { type: 'vote', key: 'abcdefgh16', postId: '1', value: -5 }, /^value: /],
    ['a huge vote', { type: 'vote', key: 'abcdefgh17', postId: '1', value: 1e308 }, /^value: /],
    ['a fractional vote', { type: 'vote', key: 'abcdefgh18', postId: '1', value: 0.5 }, /^value: /],
    ['a negative resume point', { type: 'subscribe', board: BOARD, since: -1 }, /^since: /],
    ['a resume point beyond safe integers', { type: 'subscribe', board: BOARD, since: 2 ** 60 }, /^since: /],
    ['a negative id', { type: 'thread.open', threadId: '-1' }, /^threadId: /],
    ['an id of 40 digits', { type: 'thread.open', threadId: '9'.repeat(40) }, /^threadId: /],
    ['a numeric id', { type: 'thread.open', threadId: 42 }, /^threadId: /],
    [
      'an unknown thread kind',
      { type: 'thread.create', key: 'abcdefgh19', board: BOARD, kind: 'poll', title: 'Poll', body: 'x' },
      /^kind: /,
    ],
  ])('refuses %s', async (_what, message, explains) => {
    await unchanged(async () => {
      const id = nextId();
      expectError(await raw(attacker.client, JSON.stringify({ ...message, id }), id), 'invalid_message', explains);
    });
  });

  it('answers a request whose id cannot be echoed with a null id', async () => {
    await unchanged(async () => {
      expect((await raw(attacker.client, JSON.stringify({ type: 'ping', id: 'i'.repeat(65) }), null)).type).toBe(
        'error',
      );
      expect((await raw(attacker.client, JSON.stringify({ type: 'ping', id: 7 }), null)).type).toBe('error');
    });
  });

  it('refuses writes before signing in, and to another site’s posts', async () => {
    const other = await createTestSite(t.database);
    const outsider = await connectMember(t, other, { sub: 'outsider', name: 'Outsider' });
    const { post } = await outsider.client.ok({
      type: 'thread.create',
      key: TestClient.key(),
      board: 'elsewhere',
      kind: 'question',
      title: 'On another site',
      body: 'Hello from the other site',
    });
    const anonymous = await TestClient.connect(t.wsUrl(site));
    await unchanged(async () => {
      const vote = await anonymous.request({ type: 'vote', key: TestClient.key(), postId: post.id, value: 1 });
      expect(vote.ok ? 'accepted' : vote.error.code).toBe('auth_required');
      const cross = await attacker.client.request({ type: 'vote', key: TestClient.key(), postId: post.id, value: 1 });
      expect(cross.ok ? 'accepted' : cross.error.code).toBe('not_found');
      const edit = await attacker.client.request({
        type: 'post.edit',
        key: TestClient.key(),
        postId: post.id,
        body: 'pwned',
      });
      expect(edit.ok ? 'accepted' : edit.error.code).toBe('not_found');
    });
    await anonymous.close();
    await outsider.client.close();
  });
});

describe('floods', () => {
  /**
   * A node with the default frame limits (40 frames at once, 20 a second), on the same database.
   * Its invalid-frame cut-off is raised, so that floods of binary frames meet the frame limit
   * (hostile-sockets.test.ts proves that cut-off).
   */
  let node: TestApp;
  beforeAll(async () => {
    node = await startTestApp({ database: t.database, ws: { badFrameLimit: 100_000 } });
  });
  afterAll(async () => node?.close());

  it('survives 1,000 frames at once from one socket: answers the first, refuses the rest, cuts it off, and keeps serving others', async () => {
    const earlier = new Set(node.app.sessions);
    const flooder = await connectGuest(node, site, 'Flood Guest');
    // The node's side of the flooder's socket, whose queue of requests the test waits out below.
    const flooderSession = openedSince(node, earlier);
    const bystander = await TestClient.connect(node.wsUrl(site));
    const before = await snapshot();
    const closed = new Promise<void>((resolve) => flooder.client.socket.once('close', () => resolve()));
    for (let i = 0; i < 1000; i++) {
      flooder.client.sendRaw(
        JSON.stringify({
          type: 'thread.create',
          id: `f${i}`,
          key: `flood-key-${i}`,
          board: BOARD,
          kind: 'discussion',
          title: `Flood ${i}`,
          body: `Flood body number ${i}`,
        }),
      );
    }
    await closed;
    expect(flooder.client.closeInfo?.code).toBe(1008);
    const replies = flooder.client.received.filter(
      (m) => (m.type === 'result' || m.type === 'error') && m.id?.startsWith('f') === true,
    );
    const created = replies.filter((m) => m.type === 'result');
    // At most the socket's burst was handled at all; everything after it was refused.
    expect(created.length).toBeLessThanOrEqual(40);
    expect(replies.filter((m) => m.type === 'error' && m.error.code === 'rate_limited').length).toBeGreaterThan(0);
    expect(flooder.client.received.some((m) => m.type === 'bye' && m.reason === 'policy')).toBe(true);
    // The bystander was answered throughout.
    expect(await bystander.ok({ type: 'ping' })).toMatchObject({ now: expect.any(String) });
    // Each write is whole: one thread, post, event and key. A write already running when the socket
    // was cut off still commits (its reply has nowhere to go), so at most one more than answered.
    // The socket's requests run one at a time: once its queue is done, no write of it is still running.
    await flooderSession.drain(10_000);
    const changes = diff(before, await snapshot());
    const n = changes.threads?.added ?? 0;
    expect(n).toBeGreaterThanOrEqual(created.length);
    expect(n).toBeLessThanOrEqual(Math.min(40, created.length + 1));
    expect(changes.posts?.added ?? 0).toBe(n);
    expect(changes.events?.added ?? 0).toBe(n);
    expect(changes.idempotency_keys?.added ?? 0).toBe(n);
    expect(Object.keys(changes).sort()).toEqual(
      n > 0 ? ['boards', 'events', 'idempotency_keys', 'posts', 'threads'] : [],
    );
    await bystander.close();
  });

  it('counts binary frames against the same frame limit: refuses them past the burst and cuts off a flood', async () => {
    const flooder = await connectGuest(node, site, 'Binary Flood Guest');
    const before = await snapshot();
    const bye = flooder.client.waitFor((m) => m.type === 'bye');
    const closed = new Promise<void>((resolve) => flooder.client.socket.once('close', () => resolve()));
    for (let i = 0; i < 1000; i++) {
      flooder.client.socket.send(Buffer.from(`{"type":"ping","id":"bin-${i}"}`), { binary: true });
    }
    expect(await bye).toMatchObject({ type: 'bye', reason: 'policy' });
    await closed;
    expect(flooder.client.closeInfo?.code).toBe(1008);
    const errors = flooder.client.received.filter((m) => m.type === 'error');
    expect(errors.every((m) => m.id === null)).toBe(true);
    // Within the burst each got the typed refusal of a binary frame; past it, the frame limit's.
    expect(errors.filter((m) => m.error.code === 'invalid_message').length).toBeLessThanOrEqual(40);
    expect(errors.filter((m) => m.error.code === 'rate_limited').length).toBeGreaterThan(0);
    expect(errors.every((m) => m.error.code === 'invalid_message' || m.error.code === 'rate_limited')).toBe(true);
    expect(diff(before, await snapshot())).toEqual({});
  });

  it('lets binary frames spend the tokens text frames need', async () => {
    const sender = await connectGuest(node, site, 'Binary Burst Guest');
    for (let i = 0; i < 60; i++) sender.client.socket.send(Buffer.from('{}'), { binary: true });
    sender.client.sendRaw('{"type":"ping","id":"after-binary"}');
    expectError(await sender.client.reply('after-binary'), 'rate_limited');
    expect(sender.client.closeInfo).toBeNull();
    await sender.client.close();
  });

  it('holds a guest to the default post limit even inside the burst', async () => {
    const limited = await createTestSite(t.database);
    const flooder = await connectGuest(node, limited, 'Burst Guest');
    const before = await snapshot();
    for (let i = 0; i < 30; i++) {
      flooder.client.sendRaw(
        JSON.stringify({
          type: 'thread.create',
          id: `g${i}`,
          key: `burst-key-${i}`,
          board: 'b',
          kind: 'discussion',
          title: `Burst ${i}`,
          body: `Burst body ${i}`,
        }),
      );
    }
    const replies = await Promise.all(Array.from({ length: 30 }, (_, i) => flooder.client.reply(`g${i}`)));
    const accepted = replies.filter((m) => m.type === 'result').length;
    expect(accepted).toBe(10);
    for (const m of replies.filter((r) => r.type === 'error')) expectError(m, 'rate_limited', /try again in \d+ s/);
    expect(diff(before, await snapshot()).posts).toEqual({ added: 10 });
    await flooder.client.close();
  });
});

describe('the server after all of this', () => {
  it('still serves a well-behaved client and never sent an internal error', async () => {
    for (const client of [attacker.client, reader.client, writer.client]) {
      for (const m of client.received) {
        if (m.type === 'error') expect(m.error.code).not.toBe('internal');
      }
    }
    const fresh = await connectGuest(t, site, 'Latecomer');
    const snap = await fresh.client.ok({ type: 'subscribe', board: BOARD });
    expect(snap.mode).toBe('snapshot');
    await fresh.client.close();
    const health = await fetch(`${t.baseUrl}/healthz`);
    expect(health.status).toBe(200);
  });
});
