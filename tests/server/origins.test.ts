import { beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { updateSiteOrigins } from '../../server/src/db/sites.queries.js';
import { useBoardApp } from '../helpers/actors.js';
import { getJson, tryUpgrade } from '../helpers/http-client.js';
import { TEST_ORIGIN } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

/** An upgrade's status and body, the part of its answer these checks are about. */
async function upgradeOutcome(url: string, origin: string | null) {
  const { status, body } = await tryUpgrade(url, origin);
  return { status, body };
}

let otherSite: SiteRow;

const app = useBoardApp({ site: { origins: [TEST_ORIGIN, 'http://localhost:5173'] } });

beforeAll(async () => {
  otherSite = await app.otherSite({ origins: ['https://other-brand.example'] });
});

const refusedOrigin = { error: { code: 'origin_not_allowed', message: expect.any(String) } };

describe('the WebSocket upgrade', () => {
  it.each([
    ['an allowed origin', TEST_ORIGIN],
    ['a second allowed origin', 'http://localhost:5173'],
    ['an allowed origin spelled in capitals', 'HTTPS://BRAND.EXAMPLE'],
    ['no Origin header (a server-side client)', null],
  ])('opens for %s', async (_name, origin) => {
    expect(await upgradeOutcome(app.t.wsUrl(app.site), origin)).toEqual({ status: 101, body: null });
  });

  it("opens for Booth's own origin, which serves the demo and moderation pages", async () => {
    expect((await tryUpgrade(app.t.wsUrl(app.site), app.t.baseUrl)).status).toBe(101);
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['a look-alike host', 'https://brand.example.evil.example'],
    ['a subdomain', 'https://www.brand.example'],
    ['plain http', 'http://brand.example'],
    ['another port', 'https://brand.example:444'],
    ['a sandboxed frame', 'null'],
    ["another site's allowed origin", 'https://other-brand.example'],
  ])('refuses %s with 403 origin_not_allowed', async (_name, origin) => {
    expect(await upgradeOutcome(app.t.wsUrl(app.site), origin)).toEqual({ status: 403, body: refusedOrigin });
  });

  it('checks each site against its own list', async () => {
    expect((await tryUpgrade(app.t.wsUrl(otherSite), 'https://other-brand.example')).status).toBe(101);
    expect((await tryUpgrade(app.t.wsUrl(otherSite), TEST_ORIGIN)).status).toBe(403);
  });

  it('refuses an unknown site with 404 and a missing or malformed key with 400', async () => {
    expect(await upgradeOutcome(app.t.wsUrl({ public_key: 'site_unknown' }), TEST_ORIGIN)).toEqual({
      status: 404,
      body: { error: { code: 'unknown_site', message: expect.any(String) } },
    });
    expect((await tryUpgrade(`${app.t.baseUrl.replace('http', 'ws')}/ws`, TEST_ORIGIN)).status).toBe(400);
    expect((await tryUpgrade(app.t.wsUrl({ public_key: 'a b' }), TEST_ORIGIN)).body).toMatchObject({
      error: { code: 'invalid_message' },
    });
  });

  it('applies a changed allowlist to the next connection', async () => {
    const moving = await app.otherSite({ origins: ['https://old.example'] });
    expect((await tryUpgrade(app.t.wsUrl(moving), 'https://new.example')).status).toBe(403);
    await updateSiteOrigins(app.t.database.db, moving.id, ['https://new.example']);
    expect((await tryUpgrade(app.t.wsUrl(moving), 'https://new.example')).status).toBe(101);
    expect((await tryUpgrade(app.t.wsUrl(moving), 'https://old.example')).status).toBe(403);
  });

  it('serves requests on an accepted socket', async () => {
    const client = await TestClient.connect(app.t.wsUrl(app.site), 'http://localhost:5173');
    expect(await client.ok({ type: 'hello' })).toEqual({
      me: null,
      site: { name: app.site.name, guestsAllowed: true, answerBadge: false },
    });
    await client.close();
  });
});

describe('the HTTP API', () => {
  const listUrl = (s: Pick<SiteRow, 'public_key'>) => `${app.t.baseUrl}/api/boards/b1/threads?site=${s.public_key}`;

  it('answers an allowed origin and names it in CORS headers', async () => {
    const res = await getJson(listUrl(app.site), TEST_ORIGIN);
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(TEST_ORIGIN);
    expect(res.headers.vary).toMatch(/Origin/);
  });

  it('answers a server-side call without an Origin, with no CORS headers', async () => {
    const res = await getJson(listUrl(app.site), null);
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it.each(['https://evil.example', 'null', 'https://other-brand.example'])(
    'refuses %s with 403 origin_not_allowed and no CORS headers',
    async (origin) => {
      for (const url of [listUrl(app.site), `${app.t.baseUrl}/api/threads/1?site=${app.site.public_key}`]) {
        const res = await getJson(url, origin);
        expect(res.status).toBe(403);
        expect(res.body).toEqual(refusedOrigin);
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
      }
    },
  );
});
