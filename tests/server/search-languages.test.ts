import type { Language, TextRun } from '@booth/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { exportSite } from '../../server/src/domain/export/site-export.js';
import { importSite } from '../../server/src/domain/export/site-import.js';
import { relaxLimits } from '../helpers/relaxed-site.js';
import { connectModerator, type StaffLogin, staffLogin } from '../helpers/staff-session.js';
import { createTestSite, imageDepsOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ webhooks: { enabled: false } });
});
afterAll(async () => t?.close());

/** A site in `language` whose guest asked each question (title and body) on board `b`. */
async function siteWith(language: Language, questions: [string, string][]) {
  const site = await createTestSite(t.database, { language });
  await relaxLimits(t.database, site.id);
  const client = await TestClient.connect(t.wsUrl(site));
  await client.ok({ type: 'guest.join', name: 'Robin' });
  const ids: string[] = [];
  for (const [title, body] of questions) {
    const { thread } = await client.ok({
      type: 'thread.create',
      key: TestClient.key(),
      board: 'b',
      kind: 'question',
      title,
      body,
    });
    ids.push(thread.id);
  }
  return { site, client, ids };
}

async function found(client: TestClient, query: string): Promise<string[]> {
  return (await client.ok({ type: 'search', query, board: 'b' })).hits.map((h) => h.thread.id);
}

const marked = (runs: TextRun[]) => runs.map((r) => (r.match ? `[${r.text}]` : r.text)).join('');

describe('search in the site’s language', () => {
  it('stems German words on a German site, and not on an English one', async () => {
    const question: [string, string] = ['Der Schuh drückt vorne', 'Welche Größe soll ich nehmen?'];
    const german = await siteWith('de', [question]);
    const english = await siteWith('en', [question]);
    expect(await found(german.client, 'Schuhe')).toEqual(german.ids);
    expect(await found(english.client, 'Schuhe')).toEqual([]);
    const { hits } = await german.client.ok({ type: 'search', query: 'Schuhe', board: 'b' });
    expect(marked(hits[0]?.title ?? [])).toBe('Der [Schuh] drückt vorne');
    // English stems English words: "shoes" finds "shoe" there only.
    const shoe = await siteWith('en', [['My shoe pinches', 'Which size?']]);
    expect(await found(shoe.client, 'shoes')).toEqual(shoe.ids);
  });

  it('finds French and Spanish words typed without their accents', async () => {
    const french = await siteWith('fr', [['Mon élève adore le café', 'La crème est trop sucrée.']]);
    expect(await found(french.client, 'eleve')).toEqual(french.ids);
    expect(await found(french.client, 'creme sucree')).toEqual(french.ids);
    const spanish = await siteWith('es', [['Zapato pequeño', '¿Cambian la talla?']]);
    expect(await found(spanish.client, 'pequeno')).toEqual(spanish.ids);
    expect(await found(spanish.client, 'pequeño')).toEqual(spanish.ids);
  });

  it('finds Arabic words on an Arabic site', async () => {
    const arabic = await siteWith('ar', [['الحذاء صغير جدا', 'هل يمكنني استبدال المقاس؟']]);
    expect(await found(arabic.client, 'استبدال المقاس')).toEqual(arabic.ids);
    expect(await found(arabic.client, 'الحذاء')).toEqual(arabic.ids);
  });

  it('finds Japanese text, which has no spaces between words, by any part of two or more characters, or one', async () => {
    const japanese = await siteWith('ja', [
      ['サイズについて', 'この靴のサイズ交換はできますか'],
      ['配送について', '東京まで何日かかりますか'],
    ]);
    const [sizes, shipping] = japanese.ids;
    expect(await found(japanese.client, 'サイズ交換')).toEqual([sizes]);
    const { hits } = await japanese.client.ok({ type: 'search', query: 'サイズ交換', board: 'b' });
    expect(marked(hits[0]?.snippet ?? [])).toBe('この靴の[サイズ交換]はできますか');
    const [title] = (await japanese.client.ok({ type: 'search', query: 'サイズ', board: 'b' })).hits;
    expect(marked(title?.title ?? [])).toBe('[サイズ]について');
    expect(await found(japanese.client, '靴')).toEqual([sizes]);
    expect(await found(japanese.client, '東京')).toEqual([shipping]);
    expect(await found(japanese.client, '交換 東京')).toEqual([]);
    expect(await found(japanese.client, '"サイズ交換"')).toEqual([sizes]);
    expect(await found(japanese.client, '"交換サイズ"')).toEqual([]);
  });

  it('suggests Japanese questions while their title is typed', async () => {
    const japanese = await siteWith('ja', [
      ['靴のサイズ交換について', 'できますか'],
      ['配送にかかる日数', '東京まで'],
    ]);
    const suggested = async (title: string) =>
      (await japanese.client.ok({ type: 'suggest', board: 'b', title })).suggestions.map((s) => s.thread.id);
    expect(await suggested('サイズ交')).toEqual([japanese.ids[0]]);
    expect(await suggested('サイズを交換したい')).toEqual([japanese.ids[0]]);
    expect(await suggested('配送の日数')).toEqual([japanese.ids[1]]);
  });

  it('reindexes a site’s posts when its language changes', async () => {
    const site = await siteWith('en', [['Der Schuh drückt', 'Die Schuhe sind zu klein.']]);
    expect(await found(site.client, 'Schuhe')).toEqual(site.ids);
    expect(await found(site.client, 'Schuh')).toEqual(site.ids);
    expect(await found(site.client, 'Schuhe klein')).toEqual(site.ids);
    const owner = await connectModerator(t, site.site, await staffLogin(t, site.site, 'owner'));
    const vectors = () =>
      sql<{ v: string }>`select source_tsv::text as v from posts where thread_id = ${site.ids[0]}`.execute(
        t.database.db,
      );
    expect((await vectors()).rows[0]?.v).toContain("'schuhe'");
    await owner.ok({ type: 'staff.settings.update', key: TestClient.key(), language: 'de' });
    expect((await vectors()).rows[0]?.v).not.toContain("'schuhe'");
    expect((await vectors()).rows[0]?.v).toContain("'schuh'");
    // "sind" and "die" are German stop words: no longer in the vector, and a query of them finds nothing.
    expect((await vectors()).rows[0]?.v).not.toContain("'sind'");
    expect(await found(site.client, 'sind')).toEqual([]);
    expect(await found(site.client, 'Schuhe')).toEqual(site.ids);
  });
});

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
