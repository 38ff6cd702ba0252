import type { Executor } from './executor.js';
import type { DeletedMemberPosts } from './webhooks.tables.js';

/** The site's brand page template, or null when it set none. */
export async function findPageUrlTemplate(db: Executor, siteId: string): Promise<string | null> {
  const row = await db
    .selectFrom('site_reach_settings')
    .select('page_url_template')
    .where('site_id', '=', siteId)
    .executeTakeFirst();
  return row?.page_url_template ?? null;
}

export async function upsertPageUrlTemplate(db: Executor, siteId: string, template: string | null): Promise<void> {
  await db
    .insertInto('site_reach_settings')
    .values({ site_id: siteId, page_url_template: template })
    .onConflict((oc) => oc.column('site_id').doUpdateSet({ page_url_template: template }))
    .execute();
}

/** Sets how long a question may wait for an accepted answer before `question.unanswered` fires. */
export async function upsertUnansweredAlertMinutes(db: Executor, siteId: string, minutes: number): Promise<void> {
  await db
    .insertInto('site_reach_settings')
    .values({ site_id: siteId, page_url_template: null, unanswered_alert_minutes: minutes })
    .onConflict((oc) => oc.column('site_id').doUpdateSet({ unanswered_alert_minutes: minutes }))
    .execute();
}

/** What the site chose to do with the posts of a member who deletes their account, if it chose. */
export async function findDeletedMemberPosts(db: Executor, siteId: string): Promise<DeletedMemberPosts | undefined> {
  const row = await db
    .selectFrom('site_reach_settings')
    .select('deleted_member_posts')
    .where('site_id', '=', siteId)
    .executeTakeFirst();
  return row?.deleted_member_posts;
}

/** Sets what the site does with the posts of a member who deletes their account. */
export async function upsertDeletedMemberPosts(
  db: Executor,
  siteId: string,
  choice: DeletedMemberPosts,
): Promise<void> {
  await db
    .insertInto('site_reach_settings')
    .values({ site_id: siteId, page_url_template: null, deleted_member_posts: choice })
    .onConflict((oc) => oc.column('site_id').doUpdateSet({ deleted_member_posts: choice }))
    .execute();
}
