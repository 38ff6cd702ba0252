/**
 * Suggestion latency while a question title is typed, on a board of 100,000 questions.
 * `pnpm bench suggest [--quick]`
 *
 * Seeds the board once with bulk SQL (titles from a product-support vocabulary, a third of them
 * answered with an accepted staff reply), then runs one Booth node in this process and sends
 * `suggest` frames over a real WebSocket, as the widget does after its debounce: each title is
 * typed out from its third character on. Prints p50/p95/p99 and writes the `suggest` section
 * of bench/RESULTS.md. Target: p95 under 30 ms.
 */
import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import WebSocket from 'ws';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import type { Database, SiteRow } from '../server/src/db/database.js';
import { BENCH_DATABASE_URL, BENCH_ORIGIN, createBenchSite, openBenchSchema } from './lib/bench-db.js';
import { loadNow, type Machine } from './lib/machine.js';
import { runLine, table, verdict, writeSection } from './lib/results.js';
import { ms, percentiles } from './lib/stats.js';

const SCHEMA = 'bench_suggest_v2';
const BOARD = 'support';
const TARGET_P95_MS = 30;

const STARTS = [
  'How do I',
  'Can I',
  'Why does my',
  'Is it possible to',
  'Where can I',
  'What is the best way to',
  'Does the',
  'When will my',
];
const VERBS = [
  'return',
  'exchange',
  'track',
  'clean',
  'wash',
  'repair',
  'resize',
  'order',
  'cancel',
  'ship',
  'charge',
  'pair',
  'install',
  'update',
  'replace',
  'insure',
  'gift',
  'store',
  'assemble',
  'reset',
];
const OBJECTS = [
  'running shoes',
  'rain jacket',
  'order',
  'parcel',
  'tent',
  'backpack',
  'sleeping bag',
  'headphones',
  'gift card',
  'laptop sleeve',
  'water bottle',
  'hiking boots',
  'smart watch',
  'coffee grinder',
  'bike light',
  'yoga mat',
  'ski goggles',
  'camping stove',
  'trail poles',
  'fleece vest',
  'kettle',
  'blender',
  'phone case',
  'charger',
  'helmet',
  'sunglasses',
  'duvet',
  'wool socks',
  'travel mug',
  'e-reader',
];
const ENDS = [
  'after 30 days',
  'to Germany',
  'without a receipt',
  'in winter',
  'with a voucher',
  'on the app',
  'before Friday',
  'for a refund',
  'in the washing machine',
  'abroad',
  'twice',
  'for free',
  'from Norway',
  'by express',
  'as a present',
  'after a stain',
  'with a scratch',
  'at the store',
  'on my account',
  'in another size',
];

/** What customers type: titles in the same vocabulary, and some that match little or nothing. */
const TYPED = [
  'How do I return my running shoes',
  'can i wash the rain jacket',
  'track parcel germany',
  'Why does my smart watch not charge',
  'exchange hiking boots without receipt',
  'gift card abroad',
  'Is it possible to repair a tent',
  'coffee grinder cleaning',
  'where is my order',
  'bike light install',
  'sleeping bag washing machine',
  'cancel order before friday',
  'zzzz unmatched words qqq',
  'headphones pair app',
];

const sqlArray = (words: string[]) => sql`array[${sql.join(words)}]::text[]`;

/** Seeds `threads` questions (and their posts) with set-based SQL; returns the site. Reuses a seed of the same size. */
async function seed(db: Kysely<Database>, threads: number): Promise<SiteRow> {
  const existing = await sql<{ key: string; n: string }>`
    select s.public_key as key, count(t.id) as n from sites s join boards b on b.site_id = s.id
    join threads t on t.board_id = b.id where b.slug = ${BOARD} group by s.public_key
  `.execute(db);
  const found = existing.rows[0];
  if (found && Number(found.n) === threads) {
    console.log(`  reusing the seed of ${threads.toLocaleString('en-US')} questions`);
    return (await db
      .selectFrom('sites')
      .selectAll()
      .where('public_key', '=', found.key)
      .executeTakeFirstOrThrow()) as SiteRow;
  }
  await sql`truncate sites cascade`.execute(db);
  const site = await createBenchSite(db);
  const started = performance.now();
  await db.transaction().execute(async (tx) => {
    const board = await tx
      .insertInto('boards')
      .values({ site_id: site.id, slug: BOARD, name: 'Support' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`insert into members (site_id, name, guest, created_at)
      select ${site.id}, 'Customer ' || g, true, now() from generate_series(1, 1000) g`.execute(tx);
    const staff = await tx
      .insertInto('members')
      .values({
        site_id: site.id,
        name: 'Support Team',
        role: 'staff',
        external_id: 'staff-1',
        avatar_url: null,
        banned_until: null,
        email: null,
        password_hash: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { rows } = await sql<{
      lo: string;
    }>`select min(id) as lo from members where site_id = ${site.id} and guest`.execute(tx);
    const firstCustomer = Number(rows[0]?.lo);
    // Words drawn independently per title; the seed makes the draw the same on every run.
    await sql`select setseed(0.42)`.execute(tx);
    await sql`
      insert into threads (board_id, kind, title, excerpt, author_id, created_at, last_activity_at, answered_at, first_staff_reply_at, reply_count)
      select ${board.id}, 'question',
        s[1 + floor(random() * array_length(s, 1))::int] || ' ' || v[1 + floor(random() * array_length(v, 1))::int] || ' the ' ||
          o[1 + floor(random() * array_length(o, 1))::int] || ' ' || e[1 + floor(random() * array_length(e, 1))::int] || '?',
        'Question number ' || g,
        ${firstCustomer} + g % 1000,
        now() - make_interval(mins => g), now() - make_interval(mins => g),
        case when g % 3 = 0 then now() - make_interval(mins => g - 1) end,
        case when g % 3 = 0 then now() - make_interval(mins => g - 1) end,
        case when g % 3 = 0 then 1 else 0 end
      from generate_series(1, ${threads}) g,
        (select ${sqlArray(STARTS)} as s, ${sqlArray(VERBS)} as v, ${sqlArray(OBJECTS)} as o, ${sqlArray(ENDS)} as e) words
    `.execute(tx);
    await sql`
      insert into posts (thread_id, board_id, author_id, root, source, html, created_at)
      select id, board_id, author_id, true, title || E'\n\nThanks in advance.', '<p>' || title || '</p>', created_at
      from threads where board_id = ${board.id}
    `.execute(tx);
    await sql`
      insert into posts (thread_id, board_id, author_id, root, source, html, created_at)
      select id, board_id, ${staff.id}, false, 'Yes: here is how, step by step.' || E'\n\nMore details below.',
        '<p>Yes: here is how, step by step.</p>', answered_at
      from threads where board_id = ${board.id} and answered_at is not null
    `.execute(tx);
    await sql`update threads t set root_post_id = p.id from posts p where p.thread_id = t.id and p.root and t.board_id = ${board.id}`.execute(
      tx,
    );
    await sql`update threads t set accepted_post_id = p.id from posts p
      where p.thread_id = t.id and not p.root and t.board_id = ${board.id}`.execute(tx);
  });
  await sql`analyze`.execute(db);
  console.log(
    `  seeded ${threads.toLocaleString('en-US')} questions in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return site;
}

/** Every prefix of each title from its third character, as a typist's debounced requests would send. */
function typedPrefixes(typed: string[]): string[] {
  return typed.flatMap((title) => Array.from({ length: title.length - 2 }, (_, i) => title.slice(0, i + 3)));
}

async function connect(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url, { origin: BENCH_ORIGIN });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

/** Sends `titles` one after another on one socket; returns each round trip in ms. */
async function typeAway(socket: WebSocket, titles: string[], sink: number[]): Promise<number> {
  let found = 0;
  for (const [i, title] of titles.entries()) {
    const id = `s${i}`;
    const started = performance.now();
    const reply = await new Promise<{ type: string; result?: { suggestions: unknown[] } }>((resolve) => {
      const onMessage = (data: WebSocket.RawData) => {
        const message = JSON.parse(data.toString()) as {
          id?: string;
          type: string;
          result?: { suggestions: unknown[] };
        };
        if (message.id !== id) return;
        socket.off('message', onMessage);
        resolve(message);
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ type: 'suggest', id, board: BOARD, title }));
    });
    sink.push(performance.now() - started);
    if (reply.type !== 'result') throw new Error(`suggest failed: ${JSON.stringify(reply)}`);
    if ((reply.result?.suggestions.length ?? 0) > 0) found++;
  }
  return found;
}

export interface SuggestOptions {
  /** Questions on the board. Default 100,000. */
  threads: number;
  /** Times the one typist types every title. Default 4. */
  rounds: number;
  /** How many of the titles are typed. Default all 14. */
  titles: number;
}

export async function suggestBench(machine: Machine, options: SuggestOptions): Promise<void> {
  const { threads, rounds } = options;
  const startedAt = new Date();
  const load = loadNow();
  console.log(`\n# suggest: ${threads.toLocaleString('en-US')} questions, ${rounds} rounds of typing`);
  const database = await openBenchSchema(SCHEMA, false);
  const site = await seed(database.db, threads);

  const config = loadConfig({ DATABASE_URL: BENCH_DATABASE_URL, LOG_LEVEL: 'silent', BOOTH_DEMO: 'false' });
  const app = await buildApp({
    config,
    database,
    webhooks: { enabled: false },
    ws: { frameBurst: 1_000_000, framesPerSecond: 1_000_000 },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `ws://127.0.0.1:${port}/ws?site=${site.public_key}`;

  const typed = TYPED.slice(0, options.titles);
  const titles = typedPrefixes(typed);
  const warm = await connect(url);
  await typeAway(warm, titles, []);
  warm.close();

  // One typist, then eight typing at once.
  const single: number[] = [];
  const one = await connect(url);
  let answered = 0;
  for (let r = 0; r < rounds; r++) answered = await typeAway(one, titles, single);
  one.close();
  const concurrent: number[] = [];
  const sockets = await Promise.all(Array.from({ length: 8 }, () => connect(url)));
  await Promise.all(
    sockets.map((s, i) => typeAway(s, [...titles.slice(i * 7), ...titles.slice(0, i * 7)], concurrent)),
  );
  for (const s of sockets) s.close();
  await app.close();
  await database.close();

  const a = percentiles(single);
  const b = percentiles(concurrent);
  // The target is for one customer typing; eight at once on two shared cores is shown for context.
  const met = (a.p95 ?? Number.POSITIVE_INFINITY) < TARGET_P95_MS;
  console.log(
    `  1 typist:  p50 ${ms(a.p50 ?? 0)}  p95 ${ms(a.p95 ?? 0)}  p99 ${ms(a.p99 ?? 0)}  (${single.length} requests)`,
  );
  console.log(
    `  8 typists: p50 ${ms(b.p50 ?? 0)}  p95 ${ms(b.p95 ?? 0)}  p99 ${ms(b.p99 ?? 0)}  (${concurrent.length} requests)`,
  );
  console.log(`  p95 under ${TARGET_P95_MS} ms for one typist: ${met ? 'met' : 'NOT met'}`);

  const rows = [
    ['1 typist', String(single.length), ms(a.p50 ?? 0), ms(a.p95 ?? 0), ms(a.p99 ?? 0), ms(a.max ?? 0)],
    ['8 typists at once', String(concurrent.length), ms(b.p50 ?? 0), ms(b.p95 ?? 0), ms(b.p99 ?? 0), ms(b.max ?? 0)],
  ];
  writeSection(
    'suggest',
    `## Suggestions while asking

${runLine(machine, startedAt, load)}

A board of ${threads.toLocaleString('en-US')} questions (a third answered), seeded by bulk SQL; one Booth node in the
benchmark's process on the local PostgreSQL. Each request is a \`suggest\` frame over a real WebSocket, round trip
measured at the client; titles are typed out from their third character (${titles.length} prefixes of ${typed.length}
titles, ${answered} of them with suggestions).

${table(['Load', 'Requests', 'p50', 'p95', 'p99', 'max'], rows)}

Target p95 under ${TARGET_P95_MS} ms for one customer typing: ${verdict(met)}. Eight typists at once share the two
cores with the node, PostgreSQL and the load generator itself, so their figures include queueing for CPU.`,
  );
}
