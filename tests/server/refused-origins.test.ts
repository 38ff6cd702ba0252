/**
 * Origins refused the widget are recorded where the origin check refuses (the socket upgrade and
 * the HTTP API), de-duplicated per site with first and last seen times on the server's clock,
 * bounded per site; owners list them in the Install tab's data and allow one with a click, after
 * which pages there connect.
 */
import type { RefusedOriginView } from '@booth/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { REFUSED_ORIGINS_KEPT } from '../../server/src/domain/refused-origins.js';
import { expectRefused, useBoardApp } from '../helpers/actors.js';
import { getJson, tryUpgrade } from '../helpers/http-client.js';
import { connectModerator, staffLogin } from '../helpers/staff-session.js';
import { TEST_ORIGIN } from '../helpers/test-app.js';
import type { TestClient } from '../helpers/ws-client.js';
import { TestClient as Client } from '../helpers/ws-client.js';

/** The server's clock, moved by the tests: last-seen times are stamped with it. */
let clock = Date.parse('2026-11-20T08:00:00.000Z');
const app = useBoardApp({ live: { now: () => new Date(clock) }, site: { origins: [TEST_ORIGIN] } });
let owner: TestClient;

beforeAll(async () => {
  owner = await connectModerator(app.t, app.site, await staffLogin(app.t, app.site, 'owner'));
});

async function refused(): Promise<RefusedOriginView[]> {
  return (await owner.ok({ type: 'staff.install' })).refusedOrigins;
}

/** The refused origins once `origin` is listed (a refusal is recorded just after it is answered). */
async function listedWith(origin: string, lastSeen = new Date(clock).toISOString()): Promise<RefusedOriginView[]> {
  await expect
    .poll(async () => (await refused()).find((r) => r.origin === origin)?.lastSeenAt, { timeout: 5000 })
    .toBe(lastSeen);
  return refused();
}

describe('refused origins', () => {
  it('records a refused socket once per origin, with its first and last seen times', async () => {
    const origin = 'https://shop.new-brand.example';
    const firstSeen = new Date(clock).toISOString();
    expect((await tryUpgrade(app.t.wsUrl(app.site), origin)).status).toBe(403);
    expect((await listedWith(origin)).filter((r) => r.origin === origin)).toEqual([
      { origin, firstSeenAt: firstSeen, lastSeenAt: firstSeen },
    ]);

    clock += 5 * 60_000;
    expect((await tryUpgrade(app.t.wsUrl(app.site), 'HTTPS://SHOP.NEW-BRAND.EXAMPLE')).status).toBe(403);
    const later = await listedWith(origin);
    expect(later.filter((r) => r.origin === origin)).toEqual([
      { origin, firstSeenAt: firstSeen, lastSeenAt: new Date(clock).toISOString() },
    ]);
    expect(later[0]?.origin).toBe(origin);
  });

  it('records refusals of the HTTP API too', async () => {
    clock += 60_000;
    const origin = 'https://blog.new-brand.example';
    const response = await getJson(`${app.t.baseUrl}/api/boards/main/threads?site=${app.site.public_key}`, origin);
    expect(response.status).toBe(403);
    await listedWith(origin);
  });

  it('records no Origin that is not a web origin, and never an allowed one', async () => {
    clock += 60_000;
    for (const origin of ['null', 'file://', 'chrome-extension://abcdef']) {
      expect((await tryUpgrade(app.t.wsUrl(app.site), origin)).status).toBe(403);
    }
    expect((await tryUpgrade(app.t.wsUrl(app.site), TEST_ORIGIN)).status).toBe(101);
    // A marker refusal after them: once it is listed, the ones before it were handled.
    const marker = 'https://marker.example';
    await tryUpgrade(app.t.wsUrl(app.site), marker);
    const listed = (await listedWith(marker)).map((r) => r.origin);
    expect(listed.filter((o) => !o.startsWith('https://') && !o.startsWith('http://'))).toEqual([]);
    expect(listed).not.toContain(TEST_ORIGIN);
  });

  it(`keeps a site's ${REFUSED_ORIGINS_KEPT} most recently seen origins`, async () => {
    const many = Array.from({ length: REFUSED_ORIGINS_KEPT + 5 }, (_, i) => `https://page-${i}.spam.example`);
    for (const origin of many) {
      clock += 1000;
      await tryUpgrade(app.t.wsUrl(app.site), origin);
      await listedWith(origin);
    }
    const listed = (await refused()).map((r) => r.origin);
    expect(listed).toHaveLength(REFUSED_ORIGINS_KEPT);
    expect(listed).toEqual(many.slice(5).reverse());
  });

  it('owners allow one with a click: it leaves the list, pages there connect, and the change is audited', async () => {
    clock += 60_000;
    const origin = 'https://help.new-brand.example';
    await tryUpgrade(app.t.wsUrl(app.site), origin);
    await listedWith(origin);
    const { allowedOrigins } = await owner.ok({ type: 'staff.origin.allow', key: Client.key(), origin });
    expect(allowedOrigins).toEqual([TEST_ORIGIN, origin]);
    expect((await refused()).some((r) => r.origin === origin)).toBe(false);
    expect((await tryUpgrade(app.t.wsUrl(app.site), origin)).status).toBe(101);
    const [entry] = (await owner.ok({ type: 'staff.audit' })).entries;
    expect(entry).toMatchObject({ action: 'site.settings', details: { allowed: origin, allowedOrigins } });
    // Allowing it again changes nothing.
    const again = await owner.ok({
      type: 'staff.origin.allow',
      key: Client.key(),
      origin: 'https://HELP.new-brand.example',
    });
    expect(again.allowedOrigins).toEqual(allowedOrigins);
  });

  it('is for owners only, and refuses what is not an origin', async () => {
    const staff = await connectModerator(app.t, app.site, await staffLogin(app.t, app.site, 'staff'));
    await expectRefused(staff.request({ type: 'staff.install' }), 'forbidden');
    await expectRefused(
      staff.request({ type: 'staff.origin.allow', key: Client.key(), origin: 'https://evil.example' }),
      'forbidden',
    );
    await expectRefused(
      owner.request({ type: 'staff.origin.allow', key: Client.key(), origin: 'https://x.example/path' }),
      'invalid_message',
    );
    await staff.close();
  });
});
