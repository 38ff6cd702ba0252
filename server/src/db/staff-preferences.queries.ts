/** A staff member's preferences for the moderation view: the language they picked. */
import { LANGUAGES, type Language } from '@booth/shared';
import type { Executor } from './executor.js';

/** The language this member picked, or null when they have not (or it is one Booth no longer ships). */
export async function findStaffLanguage(db: Executor, memberId: string): Promise<Language | null> {
  const row = await db
    .selectFrom('staff_preferences')
    .select('language')
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return LANGUAGES.find((language) => language === row?.language) ?? null;
}

/** Keeps the language this member picked. */
export async function saveStaffLanguage(db: Executor, memberId: string, language: Language): Promise<void> {
  await db
    .insertInto('staff_preferences')
    .values({ member_id: memberId, language })
    .onConflict((oc) => oc.column('member_id').doUpdateSet({ language }))
    .execute();
}
