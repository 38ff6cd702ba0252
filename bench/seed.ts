import { type Kysely, sql } from 'kysely';
import type { Database } from '../server/src/db/database.js';
import { BENCH_DATABASE_URL, createBenchSite, openBenchSchema } from './lib/bench-db.js';
import { count, progress } from './lib/stats.js';

/** Posts of the full seed: 1,000,000 unless `BOARD_POSTS` asks for another scale (each scale is its own seed). */
export const SEED_POSTS = Number(process.env.BOARD_POSTS ?? 1_000_000);
/** Posts of the `--quick` seed: a few pages of threads, the 2,000-post thread and a long one of 1,250, seeded in a second or two. */
export const QUICK_SEED_POSTS = 5_000;
/** Where a seed lives: a schema of the bench database, kept between runs (each scale its own, so a quick run keeps the full seed). */
export const seedSchema = (posts: number) => (posts === 1_000_000 ? 'bench_board' : `bench_board_${posts}`);
/** Version of the seed's shape; a different one is seeded again. */
const SEED_VERSION = 'v3';

const POSTS_PER_THREAD = 10;
/** The thread read beside Waline's page of as many comments. */
export const MEDIUM_THREAD_POSTS = 2_000;
/** The long thread: 10,000 posts at full scale, a quarter of a smaller seed. */
const longThreadPosts = (posts: number) => Math.min(10_000, Math.floor(posts / 4));
const CHUNK_THREADS = 3_300;
const MEMBERS = 1_000;
/** Scores run 0..24 over the threads, so every score is shared by many threads (ties for the votes order). */
const SCORES = 25;

/** Threads of 10 posts on the big board (98,800 at 1,000,000 posts); the 2,000-post thread and the long one have the rest. */
const shortThreads = (posts: number) =>
  Math.max(1, Math.floor((posts - MEDIUM_THREAD_POSTS - longThreadPosts(posts)) / POSTS_PER_THREAD));

export interface Seed {
  siteKey: string;
  board: string;
  /** The schema it lives in. */
  schema: string;
  longThreadId: string;
  /** Posts of the long thread. */
  longThreadPosts: number;
  /** The thread of 2,000 posts. */
  mediumThreadId: string;
  typicalThreadId: string;
  /** Threads of 10 posts. */
  threads: number;
  posts: number;
  /** Seconds the seeding took. */
  seconds?: number;
}

/**
 * Seeds the board-load data (`posts` posts, 1,000,000 by default) with bulk SQL in chunks, showing
 * a progress bar, unless a complete seed of this version and scale is already there: into the
 * bench database, or the database at `url`.
 */
export async function ensureSeed(posts = SEED_POSTS, url = BENCH_DATABASE_URL): Promise<Seed> {
  const schema = seedSchema(posts);
  const database = await openBenchSchema(schema, false, url);
  const db = database.db as unknown as Kysely<Database & { bench_seed: { version: string; seed: string } }>;
  try {
    await sql`create table if not exists bench_seed (version text primary key, seed jsonb not null)`.execute(db);
    const existing = await sql<{ seed: Seed }>`select seed from bench_seed where version = ${SEED_VERSION}`.execute(db);
    if (existing.rows[0]) {
      console.log(`  seed: reusing ${count(existing.rows[0].seed.posts)} posts in schema ${schema}`);
      return existing.rows[0].seed;
    }
    await database.close();
    // Start from an empty schema: a half-done seed from an interrupted run is dropped.
    const fresh = await openBenchSchema(schema, true, url);
    try {
      return await seed(fresh.db as unknown as Kysely<Database>, schema, posts);
    } finally {
      await fresh.close();
    }
  } finally {
    await database.close().catch(() => {});
  }
}

async function seed(db: Kysely<Database>, schema: string, total: number): Promise<Seed> {
  const startedAt = performance.now();
  const threads = shortThreads(total);
  const longThreadPosts = total - threads * POSTS_PER_THREAD - MEDIUM_THREAD_POSTS;
  console.log(`  seed: ${count(total)} posts into schema ${schema} (once; later runs reuse it)`);
  const site = await createBenchSite(db);
  const board = await db
    .insertInto('boards')
    .values({ site_id: site.id, slug: 'big', name: 'Big board' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`
    insert into members (site_id, guest, name)
    select ${site.id}, true, 'Member ' || g from generate_series(1, ${MEMBERS}) g`.execute(db);
  const firstMember = await sql<{
    id: string;
  }>`select min(id)::text as id from members where site_id = ${site.id}`.execute(db);
  const m0 = Number(firstMember.rows[0]?.id ?? 1);

  let posts = 0;
  progress('posts', posts, total, startedAt);
  for (let from = 1; from <= threads; from += CHUNK_THREADS) {
    const to = Math.min(threads, from + CHUNK_THREADS - 1);
    await insertThreads(db, board.id, m0, threads, from, to, POSTS_PER_THREAD);
    posts += (to - from + 1) * POSTS_PER_THREAD;
    progress('posts', posts, total, startedAt);
  }
  const long = await insertThreads(db, board.id, m0, threads, threads + 1, threads + 1, longThreadPosts);
  posts += longThreadPosts;
  const medium = await insertThreads(db, board.id, m0, threads, threads + 2, threads + 2, MEDIUM_THREAD_POSTS);
  posts += MEDIUM_THREAD_POSTS;
  progress('posts', posts, total, startedAt);

  await sql`analyze`.execute(db);
  const stored = await sql<{ n: string }>`select count(*)::text as n from posts`.execute(db);
  const typical = await sql<{ id: string }>`
    select id::text from threads where board_id = ${board.id} and reply_count = ${POSTS_PER_THREAD - 1}
    order by last_activity_at desc limit 1`.execute(db);
  const result: Seed = {
    siteKey: site.public_key,
    board: 'big',
    schema,
    longThreadId: long,
    longThreadPosts,
    mediumThreadId: medium,
    threads,
    typicalThreadId: typical.rows[0]?.id ?? long,
    posts: Number(stored.rows[0]?.n ?? 0),
    seconds: Math.round((performance.now() - startedAt) / 1000),
  };
  await sql`create table if not exists bench_seed (version text primary key, seed jsonb not null)`.execute(db);
  await sql`insert into bench_seed (version, seed) values (${SEED_VERSION}, ${JSON.stringify(result)}::jsonb)`.execute(
    db,
  );
  console.log(`  seed: done in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
  return result;
}

/**
 * Inserts threads number `from`..`to` (of `threads` short ones, which sets their dates) with
 * `perThread` posts each (the first is the opening post); returns the last id.
 */
async function insertThreads(
  db: Kysely<Database>,
  boardId: string,
  m0: number,
  threads: number,
  from: number,
  to: number,
  perThread: number,
): Promise<string> {
  return db.transaction().execute(async (tx) => {
    const ids = await sql<{ id: string }>`
      with t as (
        select g, case when g % 3 = 0 then 'discussion' else 'question' end as kind,
               date_trunc('milliseconds', now()) - make_interval(mins => ${threads + 10} - g) as created_at
        from generate_series(${from}::int, ${to}::int) g
      )
      insert into threads (board_id, kind, title, excerpt, author_id, created_at, last_activity_at, reply_count,
                           score, answered_at)
      select ${boardId}, kind,
             'How does feature ' || g || ' work with the rest of the product?',
             'A question about feature ' || g || ', asked by a customer.',
             ${m0} + g % ${MEMBERS},
             created_at,
             created_at + make_interval(secs => ${perThread - 1}),
             ${perThread - 1},
             (g * 7) % ${SCORES},
             -- Two in five questions are answered, at their last reply.
             case when kind = 'question' and g % 5 < 2 then created_at + make_interval(secs => ${perThread - 1}) end
      from t
      returning id::text`.execute(tx);
    const first = ids.rows[0]?.id as string;
    const last = ids.rows.at(-1)?.id as string;
    await sql`
      insert into posts (thread_id, board_id, author_id, root, source, html, created_at)
      select t.id, t.board_id, ${m0} + ((t.id + k) % ${MEMBERS}), k = 1,
             'Post ' || k || ' in thread ' || t.id || ': a few sentences about how the product behaves.',
             '<p>Post ' || k || ' in thread ' || t.id || ': a few sentences about how the product behaves.</p>',
             t.created_at + make_interval(secs => k - 1)
      from threads t cross join generate_series(1, ${perThread}) k
      where t.id between ${first} and ${last}
      order by t.id, k`.execute(tx);
    await sql`
      update threads t set root_post_id = p.id
      from posts p
      where p.thread_id = t.id and p.root and t.id between ${first} and ${last}`.execute(tx);
    // The opening post carries the thread's score, as votes leave it.
    await sql`
      update posts p set score = t.score
      from threads t
      where p.id = t.root_post_id and t.id between ${first} and ${last}`.execute(tx);
    return last;
  });
}
