import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { exportSite } from '../../server/src/domain/export/site-export.js';
import { importSite } from '../../server/src/domain/export/site-import.js';
import { connectModerator, type StaffLogin, staffLogin } from '../helpers/staff-session.js';
import { createTestSite, imageDepsOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ webhooks: { enabled: false } });
});
afterAll(async () => t?.close());

describe('a site’s language setting', () => {
  let site: SiteRow;
  let owner: StaffLogin;

  beforeAll(async () => {
    site = await createTestSite(t.database);
    owner = await staffLogin(t, site, 'owner');
  });

  it('is English for a site that never chose one', async () => {
    expect(site.language).toBe('en');
    const moderator = await connectModerator(t, site, owner);
    expect((await moderator.ok({ type: 'staff.settings' })).language).toBe('en');
  });

  it('is set by an owner, kept, and written to the audit log', async () => {
    const moderator = await connectModerator(t, site, owner);
    const updated = await moderator.ok({ type: 'staff.settings.update', key: TestClient.key(), language: 'pt-BR' });
    expect(updated.language).toBe('pt-BR');
    expect((await moderator.ok({ type: 'staff.settings' })).language).toBe('pt-BR');
    const { rows } = await sql<{ details: { language?: string } }>`
      select details from moderation_actions where site_id = ${site.id} and action = 'site.settings' order by id desc limit 1
    `.execute(t.database.db);
    expect(rows[0]?.details.language).toBe('pt-BR');
  });

  it('refuses a language Booth does not ship, with a typed error', async () => {
    const moderator = await connectModerator(t, site, owner);
    const reply = await moderator.request({
      type: 'staff.settings.update',
      key: TestClient.key(),
      language: 'xx' as 'en',
    });
    expect(reply.ok ? null : reply.error.code).toBe('invalid_message');
    expect((await moderator.ok({ type: 'staff.settings' })).language).toBe('pt-BR');
  });

  it('cannot be changed by staff who are not owners', async () => {
    const staff = await connectModerator(t, site, await staffLogin(t, site, 'staff'));
    const reply = await staff.request({ type: 'staff.settings.update', key: TestClient.key(), language: 'de' });
    expect(reply.ok ? null : reply.error.code).toBe('forbidden');
  });

  it('travels with a site export into an import', async () => {
    const doc = await exportSite(t.database.db, site.public_key, new Date(0), imageDepsOf(t));
    expect(doc.site.language).toBe('pt-BR');
    const key = `copy_${site.public_key}`;
    await importSite(t.database.db, doc, imageDepsOf(t), { key });
    const copy = await t.database.db
      .selectFrom('sites')
      .select('language')
      .where('public_key', '=', key)
      .executeTakeFirst();
    expect(copy?.language).toBe('pt-BR');
    // An export from before sites had a language imports as English.
    const { language: _, ...older } = doc.site;
    await importSite(t.database.db, { ...doc, site: older as typeof doc.site }, imageDepsOf(t), {
      key: `old_${site.public_key}`,
    });
    const old = await t.database.db
      .selectFrom('sites')
      .select('language')
      .where('public_key', '=', `old_${site.public_key}`)
      .executeTakeFirst();
    expect(old?.language).toBe('en');
  });
});
