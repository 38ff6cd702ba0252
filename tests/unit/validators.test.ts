import {
  CLIENT_MESSAGE_TYPES,
  type ClientMessageOf,
  ClientMessageSchema,
  type ClientMessageType,
  check,
  LIMITS,
  parseClientFrame,
} from '@booth/shared';
import { describe, expect, it } from 'vitest';

/** One valid message of every request type of the widget, with every optional field set. */
const VALID = {
  hello: { type: 'hello', id: 'r1', sso: 'header.payload.signature', guest: 'g1.1.sig' },
  'guest.join': { type: 'guest.join', id: 'r1', name: 'Robin' },
  'guest.rename': { type: 'guest.rename', id: 'r1', key: 'key_0000001', name: 'Robin Green' },
  subscribe: { type: 'subscribe', id: 'r1', board: 'product-42', since: 7 },
  unsubscribe: { type: 'unsubscribe', id: 'r1', board: 'product-42' },
  'threads.page': { type: 'threads.page', id: 'r1', board: 'product-42', after: 'WyJ4Il0' },
  'thread.open': { type: 'thread.open', id: 'r1', threadId: '12', until: '40' },
  'thread.more': { type: 'thread.more', id: 'r1', threadId: '12', after: 'WyJ4Il0' },
  'thread.create': {
    type: 'thread.create',
    id: 'r1',
    key: 'key_0000001',
    board: 'product-42',
    kind: 'question',
    title: 'Does it fit?',
    body: 'Line one\nline\ttwo',
  },
  'post.create': { type: 'post.create', id: 'r1', key: 'key_0000001', threadId: '12', parentId: '13', body: 'Yes.' },
  'post.edit': { type: 'post.edit', id: 'r1', key: 'key_0000001', postId: '13', body: 'Edited.', title: 'New title' },
  'post.delete': { type: 'post.delete', id: 'r1', key: 'key_0000001', postId: '13' },
  vote: { type: 'vote', id: 'r1', key: 'key_0000001', postId: '13', value: 1 },
  'thread.accept': { type: 'thread.accept', id: 'r1', key: 'key_0000001', threadId: '12', postId: '13' },
  ping: { type: 'ping', id: 'r1' },
} satisfies { [T in ClientMessageType]?: ClientMessageOf<T> };

type WidgetType = keyof typeof VALID;
const valid = (type: WidgetType): Record<string, unknown> => VALID[type];

/** Fields a message may leave out. */
const OPTIONAL: Partial<Record<WidgetType, string[]>> = {
  hello: ['sso', 'guest'],
  subscribe: ['since'],
  'thread.open': ['until'],
  'post.create': ['parentId'],
  'post.edit': ['title'],
};

/** Fields that take null. */
const NULLABLE: Partial<Record<WidgetType, string[]>> = {
  'post.create': ['parentId'],
  'thread.accept': ['postId'],
};

const TYPES = Object.keys(VALID) as WidgetType[];

function parse(message: Record<string, unknown>) {
  return check(ClientMessageSchema, message);
}

function expectInvalid(message: Record<string, unknown>, field: string) {
  const result = parse(message);
  expect(result.ok, `${JSON.stringify(message).slice(0, 200)} should be refused`).toBe(false);
  if (!result.ok) {
    expect(result.error.code).toBe('invalid_message');
    expect(result.error.message.startsWith(`${field}:`), result.error.message).toBe(true);
  }
}

function withField(type: WidgetType, field: string, value: unknown): Record<string, unknown> {
  return { ...valid(type), [field]: value };
}

describe('client message schemas', () => {
  it('know every widget request type', () => {
    expect(TYPES).toHaveLength(15);
    for (const type of TYPES) expect(CLIENT_MESSAGE_TYPES).toContain(type);
  });

  describe.each(TYPES)('%s', (type) => {
    const fields = Object.keys(valid(type)).filter((f) => f !== 'type');

    it('accepts a valid message unchanged', () => {
      expect(parse(valid(type))).toEqual({ ok: true, value: valid(type) });
    });

    it.each(fields)('requires %s unless it is optional', (field) => {
      const { [field]: _dropped, ...rest } = valid(type);
      if (OPTIONAL[type]?.includes(field)) expect(parse(rest).ok).toBe(true);
      else expectInvalid(rest, field);
    });

    it('refuses an extra field', () => {
      expectInvalid({ ...valid(type), role: 'staff' }, 'role');
    });

    it.each(fields)('refuses a wrong type for %s', (field) => {
      const wrong = typeof valid(type)[field] === 'number' ? '5' : 42;
      expectInvalid(withField(type, field, wrong), field);
      expectInvalid(withField(type, field, [valid(type)[field]]), field);
      expectInvalid(withField(type, field, { value: valid(type)[field] }), field);
      if (!NULLABLE[type]?.includes(field)) expectInvalid(withField(type, field, null), field);
    });

    it.each(NULLABLE[type] ?? [])('accepts null for %s', (field) => {
      expect(parse(withField(type, field, null)).ok).toBe(true);
    });
  });
});

describe('field rules', () => {
  const create = (changes: Record<string, unknown>) => ({ ...VALID['thread.create'], ...changes });

  it.each([
    ['request id', 'ping', 'id', ['', 'x'.repeat(LIMITS.requestIdChars + 1)], ['x', 'x'.repeat(LIMITS.requestIdChars)]],
    [
      'idempotency key',
      'vote',
      'key',
      ['short_7', 'k'.repeat(65), 'has space1', 'semi;colon1', 'ünïcödé_key'],
      ['exactly8', 'k'.repeat(64), 'A-z_0-9-xyz'],
    ],
    [
      'board slug',
      'subscribe',
      'board',
      ['', '-leading', '.leading', 'a/b', 'a b', 'b'.repeat(65), 'ä-board'],
      ['a', 'Product_42.v-2', 'b'.repeat(64)],
    ],
    [
      'entity id',
      'thread.open',
      'threadId',
      ['', '0', '012', '-1', '1.5', '1e3', ' 12', '12 ', '1'.repeat(19), '0x1f'],
      ['1', '9'.repeat(18)],
    ],
    ['thread kind', 'thread.create', 'kind', ['poll', 'Question', ''], ['question', 'discussion']],
    ['vote value', 'vote', 'value', [2, -2, 0.5, Number.NaN], [-1, 0, 1]],
    ['resume cursor', 'subscribe', 'since', [-1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN], [0, 1_000_000]],
    ['page cursor', 'threads.page', 'after', ['c'.repeat(201)], ['', 'c'.repeat(200)]],
    ['thread page cursor', 'thread.more', 'after', ['c'.repeat(201), 7], ['', 'c'.repeat(200)]],
    ['linked post', 'thread.open', 'until', ['', '0', '1 OR 1=1', 12], ['1', '9'.repeat(18)]],
    ['token', 'hello', 'sso', ['', 't'.repeat(LIMITS.tokenChars + 1)], ['t', 't'.repeat(LIMITS.tokenChars)]],
  ] as const)('%s', (_name, type, field, bad, good) => {
    for (const value of bad) expectInvalid(withField(type, field, value), field);
    for (const value of good) expect(parse(withField(type, field, value)).ok, String(value)).toBe(true);
  });

  it('trims titles, bodies and names, then checks their length', () => {
    const ok = parse(create({ title: '  Does it fit?  ', body: '\n  Yes  \n' }));
    expect(ok.ok && ok.value.type === 'thread.create' && [ok.value.title, ok.value.body]).toEqual([
      'Does it fit?',
      'Yes',
    ]);
    expectInvalid(create({ title: '  ab   ' }), 'title');
    expectInvalid(create({ body: ' \n\t ' }), 'body');
    expectInvalid({ ...VALID['guest.join'], name: ' R ' }, 'name');
  });

  it.each([
    ['title', LIMITS.titleChars, LIMITS.titleMinChars],
    ['body', LIMITS.bodyChars, 1],
  ])('limits the %s to %i characters', (field, max, min) => {
    expect(parse(create({ [field]: 'x'.repeat(max) })).ok).toBe(true);
    expect(parse(create({ [field]: 'x'.repeat(min) })).ok).toBe(true);
    expectInvalid(create({ [field]: 'x'.repeat(max + 1) }), field);
    if (min > 1) expectInvalid(create({ [field]: 'x'.repeat(min - 1) }), field);
  });

  it.each(['guest.join', 'guest.rename'] as const)('limits display names in %s', (type) => {
    const join = (name: string) => ({ ...VALID[type], name });
    expect(parse(join('x'.repeat(LIMITS.displayNameChars))).ok).toBe(true);
    expect(parse(join('Jo')).ok).toBe(true);
    expectInvalid(join('x'.repeat(LIMITS.displayNameChars + 1)), 'name');
    expectInvalid(join('J'), 'name');
  });

  it('counts characters, not bytes, and accepts paired surrogates', () => {
    expect(parse(create({ title: '😀 Größe? 寸法', body: '👍🏽 ✓' })).ok).toBe(true);
  });

  it.each([
    ['a lone high surrogate', 'Does \uD83D fit?'],
    ['a lone low surrogate', 'Does \uDE00 fit?'],
    ['reversed surrogates', 'Does \uDE00\uD83D fit?'],
    ['NUL', 'Does\u0000it fit?'],
    ['BEL', 'Does\u0007it fit?'],
    ['escape', 'Does\u001B[31mit fit?'],
    ['vertical tab', 'Does\u000Bit fit?'],
    ['form feed', 'Does\u000Cit fit?'],
  ])('refuses %s in text fields', (_name, text) => {
    expectInvalid(create({ title: text }), 'title');
    expectInvalid(create({ body: text }), 'body');
    expectInvalid({ ...VALID['guest.join'], name: text.slice(0, 12) }, 'name');
    expectInvalid({ ...VALID['post.edit'], body: text }, 'body');
  });

  it('allows line breaks and tabs in bodies', () => {
    expect(parse(create({ body: 'a\r\nb\n\tc' })).ok).toBe(true);
  });
});

describe('parseClientFrame', () => {
  const frame = (message: unknown) => JSON.stringify(message);

  it('parses a valid frame', () => {
    expect(parseClientFrame(frame(VALID.ping))).toEqual({ ok: true, value: VALID.ping });
  });

  it.each(['', '{', '{"type":"ping",}', "{'type':'ping'}", 'ping', '{"type":"ping","id":"r1"}}', '\u0000'])(
    'answers bad JSON %j with bad_json and no id',
    (raw) => {
      expect(parseClientFrame(raw)).toEqual({
        ok: false,
        id: null,
        error: { code: 'bad_json', message: expect.any(String) },
      });
    },
  );

  it.each(['null', '[]', '42', '"ping"', 'true', '{}', '{"id":"r9"}', '{"type":7,"id":"r9"}'])(
    'answers %s, which has no readable type, with invalid_message',
    (raw) => {
      const parsed = parseClientFrame(raw);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.error).toEqual({ code: 'invalid_message', message: 'type: is required' });
        expect(parsed.id).toBe(raw.includes('r9') ? 'r9' : null);
      }
    },
  );

  it.each(['post.moderate', 'PING', '__proto__', 'constructor', 'toString', ''])(
    'answers the unknown type %j with unknown_type and the echoed id',
    (type) => {
      expect(parseClientFrame(frame({ type, id: 'r5' }))).toEqual({
        ok: false,
        id: 'r5',
        error: { code: 'unknown_type', message: expect.any(String) },
      });
    },
  );

  it('echoes the request id of an invalid message and names the field', () => {
    const { body: _body, ...missing } = VALID['thread.create'];
    expect(parseClientFrame(frame({ ...missing, id: 'req-77' }))).toEqual({
      ok: false,
      id: 'req-77',
      error: { code: 'invalid_message', message: expect.stringMatching(/^body:/) },
    });
    expect(parseClientFrame(frame({ ...VALID.ping, extra: 1 }))).toMatchObject({ ok: false, id: 'r1' });
  });

  it('does not echo an id it cannot trust', () => {
    for (const id of [5, '', 'i'.repeat(LIMITS.requestIdChars + 1), ['r1'], { r: 1 }, null]) {
      const parsed = parseClientFrame(frame({ type: 'ping', id }));
      expect(parsed).toMatchObject({ ok: false, id: null, error: { code: 'invalid_message' } });
    }
  });

  it('refuses a prototype key', () => {
    expect(parseClientFrame('{"type":"ping","id":"r1","__proto__":{"admin":true}}')).toMatchObject({
      ok: false,
      id: 'r1',
      error: { code: 'invalid_message' },
    });
  });

  it('refuses lone surrogates written as JSON escapes', () => {
    const raw = frame({ ...VALID['thread.create'], title: 'placeholder' }).replace('placeholder', 'Odd \\ud800 one');
    expect(parseClientFrame(raw)).toMatchObject({ ok: false, id: 'r1', error: { code: 'invalid_message' } });
  });

  it('refuses a frame over the size limit before parsing it', () => {
    const big = frame({ ...VALID['thread.create'], body: 'x'.repeat(LIMITS.frameBytes) });
    expect(parseClientFrame(big)).toEqual({
      ok: false,
      id: null,
      error: { code: 'too_large', message: expect.any(String) },
    });
    const justUnder = frame({ ...VALID.ping, id: 'r1' }).padEnd(LIMITS.frameBytes, ' ');
    expect(parseClientFrame(justUnder).ok).toBe(true);
  });

  it('measures the frame limit in UTF-8 bytes', () => {
    // 30,000 three-byte characters: under the limit in characters, far over it in bytes.
    const wide = frame({ ...VALID['thread.create'], body: '寸'.repeat(30_000) });
    expect(Buffer.byteLength(wide)).toBeGreaterThan(LIMITS.frameBytes);
    expect(parseClientFrame(wide)).toMatchObject({ ok: false, error: { code: 'too_large' } });
  });
});
