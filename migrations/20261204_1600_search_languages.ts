import { type Kysely, sql } from 'kysely';

/**
 * Search in each site's language. The stored vectors stop being generated from English and are
 * written by triggers with the text search configuration of the site's language (`booth_english`,
 * `booth_german`, …, `booth_simple` for Japanese): each is Postgres' own configuration with
 * `unaccent` before the stemmer, so "cafe" finds "café". Runs of Japanese (and Chinese) characters
 * have no spaces between words, so they are indexed as overlapping two-character pieces plus single
 * characters; a query is cut into the same pieces.
 *
 * Old nodes of the previous release keep working: they insert without naming the vectors, which
 * the triggers fill, and query with 'english', which still fits every English site.
 */

/** Booth's configuration per language, and the Postgres configuration it copies. */
const CONFIGS = [
  { name: 'booth_english', copy: 'english', stem: 'english_stem' },
  { name: 'booth_german', copy: 'german', stem: 'german_stem' },
  { name: 'booth_french', copy: 'french', stem: 'french_stem' },
  { name: 'booth_spanish', copy: 'spanish', stem: 'spanish_stem' },
  { name: 'booth_portuguese', copy: 'portuguese', stem: 'portuguese_stem' },
  { name: 'booth_arabic', copy: 'arabic', stem: 'arabic_stem' },
  { name: 'booth_simple', copy: 'simple', stem: 'simple' },
] as const;

/** Hiragana, katakana, CJK ideographs (with extension A and compatibility ones), half-width katakana. */
const CJK = '[\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff66-\\uff9f]+';

/** The schema holding the unaccent extension, or null when it is not installed. */
async function unaccentSchema(db: Kysely<unknown>): Promise<string | null> {
  const { rows } = await sql<{ schema: string }>`
    select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
    where e.extname = 'unaccent'`.execute(db);
  return rows[0]?.schema ?? null;
}

/**
 * Installs unaccent when it is missing and this role may (it is a trusted extension from
 * PostgreSQL 13: the database owner, or a role with CREATE on the database, may install it). A
 * refusal is no failure: search then works without folding accents (docs/operations.md).
 * Concurrent migrations of several schemas of one database wait for each other here.
 */
async function ensureUnaccent(db: Kysely<unknown>): Promise<string | null> {
  await sql`select pg_advisory_xact_lock(hashtext('booth: create extension unaccent'))`.execute(db);
  const present = await unaccentSchema(db);
  if (present) return present;
  await sql`savepoint booth_unaccent`.execute(db);
  try {
    await sql`create extension if not exists unaccent schema public`.execute(db);
    await sql`release savepoint booth_unaccent`.execute(db);
  } catch {
    await sql`rollback to savepoint booth_unaccent`.execute(db);
  }
  return unaccentSchema(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const unaccent = await ensureUnaccent(db);
  for (const config of CONFIGS) {
    await sql`create text search configuration ${sql.id(config.name)} (copy = ${sql.id('pg_catalog', config.copy)})`.execute(
      db,
    );
    if (unaccent) {
      await sql`alter text search configuration ${sql.id(config.name)}
        alter mapping for hword, hword_part, word with ${sql.id(unaccent, 'unaccent')}, ${sql.id('pg_catalog', config.stem)}`.execute(
        db,
      );
    }
  }

  await sql`
    create function booth_search_config(language text) returns regconfig language sql stable parallel safe as $$
      select (case language
        when 'de' then 'booth_german' when 'fr' then 'booth_french' when 'es' then 'booth_spanish'
        when 'pt-BR' then 'booth_portuguese' when 'ar' then 'booth_arabic' when 'ja' then 'booth_simple'
        else 'booth_english' end)::regconfig
    $$`.execute(db);
  await sql`
    create function booth_site_search_config(site bigint) returns regconfig language sql stable parallel safe as $$
      select booth_search_config(language) from sites where id = site
    $$`.execute(db);
  await sql`
    create function booth_board_search_config(board bigint) returns regconfig language sql stable parallel safe as $$
      select booth_search_config(s.language) from boards b join sites s on s.id = b.site_id where b.id = board
    $$`.execute(db);

  // Each run of CJK characters becomes its two-character pieces, in order (so a quoted phrase
  // still matches), and for a document also its single characters (so a one-character query
  // matches); the rest of the text is left as it is.
  await sql`
    create function booth_cjk_pieces(body text, with_characters boolean) returns text
    language plpgsql immutable parallel safe as ${sql.lit(`
    declare
      result text := '';
      rest text := body;
      run text;
      at integer;
      n integer;
    begin
      loop
        run := substring(rest from '${CJK}');
        exit when run is null;
        at := strpos(rest, run);
        n := char_length(run);
        result := result || substr(rest, 1, at - 1) || ' ';
        if n = 1 then
          result := result || run;
        else
          result := result || (select string_agg(substr(run, i, 2), ' ' order by i) from generate_series(1, n - 1) i);
          if with_characters then
            result := result || ' ' || (select string_agg(substr(run, i, 1), ' ' order by i) from generate_series(1, n) i);
          end if;
        end if;
        result := result || ' ';
        rest := substr(rest, at + n);
      end loop;
      return result || rest;
    end`)}`.execute(db);

  await sql`
    create function booth_threads_search_vectors() returns trigger language plpgsql as $$
    begin
      new.title_tsv := to_tsvector(booth_board_search_config(new.board_id), booth_cjk_pieces(new.title, true));
      new.title_words_tsv := to_tsvector('booth_simple', booth_cjk_pieces(new.title, true));
      return new;
    end $$`.execute(db);
  await sql`
    create function booth_posts_search_vectors() returns trigger language plpgsql as $$
    begin
      new.source_tsv := to_tsvector(booth_board_search_config(new.board_id), booth_cjk_pieces(new.source, true));
      return new;
    end $$`.execute(db);

  await sql`alter table threads alter column title_tsv drop expression`.execute(db);
  await sql`alter table threads alter column title_words_tsv drop expression`.execute(db);
  await sql`alter table posts alter column source_tsv drop expression`.execute(db);
  await sql`create trigger threads_search_vectors before insert or update of title, board_id on threads
    for each row execute function booth_threads_search_vectors()`.execute(db);
  await sql`create trigger posts_search_vectors before insert or update of source, board_id on posts
    for each row execute function booth_posts_search_vectors()`.execute(db);
  // Every site is English so far; the vectors are written again only for accents and CJK text.
  await sql`update threads set title = title`.execute(db);
  await sql`update posts set source = source`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger posts_search_vectors on posts`.execute(db);
  await sql`drop trigger threads_search_vectors on threads`.execute(db);
  await sql`drop function booth_posts_search_vectors()`.execute(db);
  await sql`drop function booth_threads_search_vectors()`.execute(db);
  await sql`drop function booth_cjk_pieces(text, boolean)`.execute(db);
  await sql`drop function booth_board_search_config(bigint)`.execute(db);
  await sql`drop function booth_site_search_config(bigint)`.execute(db);
  await sql`drop function booth_search_config(text)`.execute(db);
  for (const config of CONFIGS) await sql`drop text search configuration ${sql.id(config.name)}`.execute(db);
  // The columns stay plain ones; the English vectors they hold are what the old generated ones held.
  await sql`update threads set title_tsv = to_tsvector('english', title), title_words_tsv = to_tsvector('simple', title)`.execute(
    db,
  );
  await sql`update posts set source_tsv = to_tsvector('english', source)`.execute(db);
}
