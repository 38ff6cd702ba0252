import type { SitePolicyInput } from '@booth/shared';
import { describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { saveSitePolicy } from '../../server/src/domain/policy/site-policies.js';
import {
  ask,
  connectGuest,
  connectStaff,
  createOpenSite,
  expectRefused,
  PERMISSIVE_POLICY,
  useBoardApp,
} from '../helpers/actors.js';

// Hostile-input suite: strangers naming boards. Which new names create a board is the site's
// setting (`boards.creation`); a name that may not be created is `not_found` and leaves no row.

const app = useBoardApp();

async function siteWith(boards: SitePolicyInput['boards']): Promise<SiteRow> {
  return createOpenSite(app.t.database, {}, { ...PERMISSIVE_POLICY, boards });
}

async function boardNames(site: SiteRow): Promise<string[]> {
  const rows = await app.t.database.db
    .selectFrom('boards')
    .select('slug')
    .where('site_id', '=', site.id)
    .orderBy('slug')
    .execute();
  return rows.map((r) => r.slug);
}

describe('board creation', () => {
  it('creates any board on first view by default', async () => {
    const site = await createOpenSite(app.t.database);
    const reader = await app.reader(site);
    await reader.ok({ type: 'subscribe', board: 'anything-at-all' });
    expect(await boardNames(site)).toEqual(['anything-at-all']);
    await reader.close();
  });

  it('creates only listed boards when the site keeps a list, and still shows boards that exist', async () => {
    const site = await siteWith({ creation: 'list', list: ['faq', 'product-1'] });
    const staff = await connectStaff(app.t, site);
    await ask(staff.client, 'made-by-staff');
    const reader = await app.reader(site);
    await reader.ok({ type: 'subscribe', board: 'faq' });
    await expectRefused(reader.request({ type: 'subscribe', board: 'not-listed' }), 'not_found');
    await reader.ok({ type: 'subscribe', board: 'made-by-staff' });
    const guest = await connectGuest(app.t, site, 'Board Maker');
    await expectRefused(
      guest.client.request({
        type: 'thread.create',
        key: 'k-not-listed-1',
        board: 'also-not-listed',
        kind: 'question',
        title: 'Where is this board?',
        body: 'It should not exist.',
      }),
      'not_found',
    );
    await ask(guest.client, 'product-1');
    expect(await boardNames(site)).toEqual(['faq', 'made-by-staff', 'product-1']);
    await Promise.all([staff.client, reader, guest.client].map((c) => c.close()));
  });

  it('creates only names that match the pattern', async () => {
    const site = await siteWith({ creation: 'pattern', pattern: 'product-*' });
    const reader = await app.reader(site);
    await reader.ok({ type: 'subscribe', board: 'product-42' });
    await reader.ok({ type: 'subscribe', board: 'product-x.y' });
    for (const name of ['products', 'my-product-1', 'PRODUCT-1', 'product']) {
      await expectRefused(reader.request({ type: 'subscribe', board: name }), 'not_found');
    }
    expect(await boardNames(site)).toEqual(['product-42', 'product-x.y']);
    await reader.close();
  });

  it('creates boards only for staff when the site says so; then everyone sees them', async () => {
    const site = await siteWith({ creation: 'staff' });
    const reader = await app.reader(site);
    await expectRefused(reader.request({ type: 'subscribe', board: 'launch' }), 'not_found');
    const guest = await connectGuest(app.t, site, 'Eager Guest');
    await expectRefused(guest.client.request({ type: 'subscribe', board: 'launch' }), 'not_found');
    expect(await boardNames(site)).toEqual([]);
    const staff = await connectStaff(app.t, site);
    await staff.client.ok({ type: 'subscribe', board: 'launch' });
    await reader.ok({ type: 'subscribe', board: 'launch' });
    expect(await boardNames(site)).toEqual(['launch']);
    await Promise.all([staff.client, reader, guest.client].map((c) => c.close()));
  });

  it('refuses a pattern mode without a pattern, and names that are not board names', async () => {
    const site = await createOpenSite(app.t.database);
    for (const boards of [
      { creation: 'pattern', pattern: '' },
      { creation: 'pattern', pattern: 'product-(.*)+' },
      { creation: 'list', list: ['has space'] },
      { creation: 'everyone' },
    ]) {
      const saved = await saveSitePolicy(app.t.database.db, site.id, { boards });
      expect(saved.ok ? 'saved' : saved.error.code).toBe('invalid_message');
    }
  });
});
