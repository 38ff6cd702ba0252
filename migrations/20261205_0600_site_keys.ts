import { type Kysely, sql } from 'kysely';

/**
 * Every small table that reached its site only through a parent's key gets a `site_id` of its
 * own, filled from that parent, so each can be sharded by site with the rest (docs/scaling.md).
 * The large ones (threads, posts, votes, events, follows, idempotency keys) take batched backfills
 * and are planned there, not done here.
 *
 * Nodes of the previous release insert into these tables without a `site_id` during a rolling
 * deploy, so a trigger fills it from the parent whenever an insert leaves it out; that keeps the
 * column `not null` from the start (migrations/README.md: no constraint old writes would break).
 */
const TABLES = [
  { table: 'disqus_threads', parent: 'boards' },
  { table: 'board_releases', parent: 'boards' },
  { table: 'staff_sign_in', parent: 'members' },
  { table: 'staff_recovery_codes', parent: 'members' },
  { table: 'staff_preferences', parent: 'members' },
  { table: 'staff_digests', parent: 'members' },
  { table: 'unanswered_alerts', parent: 'threads' },
] as const;

/**
 * How a parent row names its site, as the trigger looks it up (`%1$I`: the trigger's own schema,
 * whatever the session's search path): boards and members carry it; a thread through its board.
 */
const LOOKUP = {
  boards: { key: 'board_id', query: 'select site_id from %1$I.boards where id = $1' },
  members: { key: 'member_id', query: 'select site_id from %1$I.members where id = $1' },
  threads: {
    key: 'thread_id',
    query: 'select b.site_id from %1$I.threads t join %1$I.boards b on b.id = t.board_id where t.id = $1',
  },
} as const;

/** The trigger function that fills `site_id` from the parent; one per parent table. */
function fillFunction(parent: keyof typeof LOOKUP): string {
  return `booth_site_id_from_${parent}`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [parent, { key, query }] of Object.entries(LOOKUP)) {
    // Constants of this file only: nothing from outside reaches the raw text.
    await sql`
      create function ${sql.id(fillFunction(parent as keyof typeof LOOKUP))}() returns trigger language plpgsql as $$
      begin
        execute format(${sql.raw(`'${query}'`)}, tg_table_schema) into new.site_id using new.${sql.raw(key)};
        return new;
      end $$`.execute(db);
  }

  for (const { table, parent } of TABLES) {
    const siteOfParent = sql`(${sql.raw(LOOKUP[parent].query.replaceAll('%1$I.', '').replace('$1', LOOKUP[parent].key))})`;
    await sql`alter table ${sql.table(table)} add column site_id bigint`.execute(db);
    await sql`update ${sql.table(table)} set site_id = ${siteOfParent}`.execute(db);
    await sql`alter table ${sql.table(table)} alter column site_id set not null`.execute(db);
    await sql`alter table ${sql.table(table)} add constraint ${sql.id(`${table}_site_id_fkey`)}
      foreign key (site_id) references sites (id) on delete cascade`.execute(db);
    await sql`create trigger ${sql.id(`${table}_fill_site_id`)} before insert on ${sql.table(table)}
      for each row when (new.site_id is null) execute function ${sql.id(fillFunction(parent))}()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const { table } of TABLES) {
    await sql`drop trigger ${sql.id(`${table}_fill_site_id`)} on ${sql.table(table)}`.execute(db);
    await sql`alter table ${sql.table(table)} drop column site_id`.execute(db);
  }
  for (const parent of Object.keys(LOOKUP) as Array<keyof typeof LOOKUP>) {
    await sql`drop function ${sql.id(fillFunction(parent))}()`.execute(db);
  }
}
