import pg from 'pg';
import { BENCH_DATABASE_URL, createBenchSite, openBenchSchema } from './lib/bench-db.js';
import { LoadClient, openMany } from './lib/load-client.js';
import { cpuSeconds, loadNow, type Machine } from './lib/machine.js';
import { startBoothNode } from './lib/node-process.js';
import { runLine, table, verdict, writeSection } from './lib/results.js';
import { count, ms, percentiles, ratio, sleep } from './lib/stats.js';
import { beatsPeer, WALINE_LABEL, walineWrites } from './waline-peer.js';

export interface WritesOptions {
  /** Subscribers of the boards the posts go to. Default 100. */
  subscribers: number;
  /** Concurrent writers (sockets for Booth, connections for the baselines). Default 8. */
  writers: number;
  /** Seconds measured per system and load shape, after a 2-second warm-up. Default 15. */
  seconds: number;
}

const WARMUP_SECONDS = 2;
/** Requests each writer keeps in flight (a socket's requests are handled one after another). */
const WINDOW = 4;
/** Boards the common load shape spreads its replies over. */
const SPREAD_BOARDS = 100;
const BODY = 'Reply number %n, with a sentence or two of text like a real answer would have.';

/** Where a load shape's replies go: threads (one per board when spread) and their boards. */
interface Shape {
  name: string;
  label: string;
  threads: { id: string; boardId: string; authorId?: string }[];
}

interface Measured {
  perSecond: number;
  latencies: number[];
  /** CPU milliseconds per write of the node (Booth only) and of its Postgres backends. */
  nodeCpuMs?: number;
  postgresCpuMs: number;
}

/** The application name the benchmark's connections carry, so their backends can be told apart. */
const APP_NAME = 'booth_writes_bench';

/** The tables a reply writes to (Booth's and the data-model limit's alike). */
const REPLY_TABLES = ['threads', 'boards', 'posts', 'events', 'follows', 'idempotency_keys', 'members'];

/**
 * Vacuums the tables replies write, so that each system and shape starts from tables without the
 * dead rows of the ones before, as autovacuum keeps them on a server that runs it. Every reply
 * updates its thread's counters, which are indexed (the board's sort orders), so each update
 * leaves a dead row version and index entries behind; where autovacuum is off (see the machine
 * section), each measurement would otherwise wade through more of them than the one before. No
 * `analyze`: statistics taken of the nearly empty tables a run starts with would plan every
 * statement for a few hundred posts, where the run stores tens of thousands.
 */
async function vacuumReplyTables(pool: pg.Pool): Promise<void> {
  await pool.query(`vacuum ${REPLY_TABLES.map((t) => `bench_writes.${t}`).join(', ')}`);
}

/** How often the backends' CPU is read during a measurement, so a backend that ends in it is counted too. */
const CPU_SAMPLE_MS = 500;

/**
 * CPU seconds each Postgres backend of connections named `APP_NAME` has used so far, by pid. Reading
 * them at the start and end only would lose a backend whose connection the pool closes in between.
 */
async function postgresCpuByPid(pool: pg.Pool): Promise<Map<number, number>> {
  const { rows } = await pool.query<{ pid: number }>(
    'select pid from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()',
    [APP_NAME],
  );
  return new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid)]));
}

/** Runs `measure`, and adds the CPU the node (`nodePid`) and the named backends used per write. */
async function withCpu(
  pool: pg.Pool,
  nodePid: number | null,
  measure: () => Promise<{ perSecond: number; latencies: number[]; completed: number }>,
): Promise<Measured> {
  const node0 = nodePid === null ? 0 : cpuSeconds(nodePid);
  const first = await postgresCpuByPid(pool);
  const last = new Map(first);
  const sample = async () => {
    for (const [pid, seconds] of await postgresCpuByPid(pool)) last.set(pid, Math.max(seconds, last.get(pid) ?? 0));
  };
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(sample, () => {});
  }, CPU_SAMPLE_MS);
  const m = await measure();
  clearInterval(timer);
  await sampling;
  await sample();
  // A backend that began during the measurement counts from zero.
  let pgSeconds = 0;
  for (const [pid, seconds] of last) pgSeconds += seconds - (first.get(pid) ?? 0);
  const pgMs = pgSeconds * 1000;
  const nodeMs = nodePid === null ? undefined : (cpuSeconds(nodePid) - node0) * 1000;
  return {
    perSecond: m.perSecond,
    latencies: m.latencies,
    postgresCpuMs: pgMs / m.completed,
    ...(nodeMs === undefined ? {} : { nodeCpuMs: nodeMs / m.completed }),
  };
}

/**
 * Runs `lanes` loops of `work` for the warm-up plus `seconds`, counting the operations that
 * complete inside the measured window and their latencies.
 */
async function sustained(lanes: number, seconds: number, work: (lane: number, n: number) => Promise<void>) {
  const warmupEnds = performance.now() + WARMUP_SECONDS * 1000;
  const ends = warmupEnds + seconds * 1000;
  const latencies: number[] = [];
  let done = 0;
  let completed = 0;
  let n = 0;
  const lane = async (id: number) => {
    while (performance.now() < ends) {
      const started = performance.now();
      await work(id, n++);
      const finished = performance.now();
      completed += 1;
      if (started >= warmupEnds && finished <= ends) {
        done += 1;
        latencies.push(finished - started);
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, (_, i) => lane(i)));
  return { perSecond: done / seconds, latencies, completed };
}

/**
 * The data-model limit: the smallest transaction that stores what a reply stores, on Booth's own
 * tables (with their indexes and search trigger): the post, the thread's counters, the board's
 * next event id and the event row. One prepared statement, so one round trip and one commit.
 */
const DATA_MODEL_REPLY = `
  with post as (
    insert into posts (thread_id, board_id, author_id, root, source, html, status, created_at)
    values ($1, $2, $3, false, $4, $5, 'visible', now())
    returning id, created_at
  ), thread as (
    update threads set reply_count = reply_count + 1, last_activity_at = now() where id = $1
    returning reply_count
  ), next as (
    update boards set last_seq = last_seq + 1 where id = $2 returning last_seq
  )
  insert into events (board_id, seq, kind, payload, audience)
  select $2, next.last_seq, 'post.created',
         $6::jsonb || jsonb_build_object('postId', post.id::text, 'replyCount', thread.reply_count), 'all'
  from post, thread, next
  returning seq`;

/** An event payload the size of Booth's `post.created` (the post and its thread as views). */
function eventPayload(threadId: string, body: string): string {
  return JSON.stringify({
    kind: 'post.created',
    post: {
      threadId,
      parentId: null,
      author: { id: '1', name: 'Writer', role: 'member' },
      body,
      html: `<p>${body}</p>`,
    },
    thread: { id: threadId, kind: 'discussion', title: 'Busy thread', excerpt: 'Replies go here.', pinned: false },
  });
}

/**
 * Write throughput: replies (posts) per second that one Booth node sustains, with replies spread
 * over 100 boards and all on one hot board, beside the data-model limit (the same rows stored by
 * one prepared statement through `pg`) and a bare INSERT, at the same requests in flight.
 */
export async function writesBench(machine: Machine, options: WritesOptions): Promise<void> {
  const startedAt = new Date();
  const load = loadNow();
  const inFlight = options.writers * WINDOW;
  console.log(
    `\n# writes: ${options.writers} writers × ${WINDOW} in flight, ${options.subscribers} subscribers, ${options.seconds} s per system and shape`,
  );
  // Baselines: as many connections as Booth has writer sockets, the same requests in flight.
  const url = new URL(BENCH_DATABASE_URL);
  url.searchParams.set('application_name', APP_NAME);
  const namedUrl = url.toString();
  const pool = new pg.Pool({
    connectionString: namedUrl,
    max: options.writers,
    // Booth's search trigger calls its functions by their bare names, as Booth's connections do.
    options: '-c search_path=bench_writes',
  });
  const database = await openBenchSchema('bench_writes', true);
  const site = await createBenchSite(database.db);
  const node = await startBoothNode(namedUrl, 'bench_writes');
  const socketUrl = `ws://127.0.0.1:${node.port}/ws?site=${site.public_key}`;
  const clients: LoadClient[] = [];
  const shapes: Shape[] = [];
  const authors: string[] = [];
  const booth = new Map<string, Measured>();
  let received = 0;
  const key = (what: string) => `writes-${startedAt.getTime()}-${what}`;
  try {
    const writers: LoadClient[] = [];
    for (let w = 0; w < options.writers; w++) {
      const client = await LoadClient.connect(socketUrl);
      clients.push(client);
      await client.request({ type: 'guest.join', name: `Writer ${w}` });
      writers.push(client);
    }
    const createThread = async (writer: LoadClient, board: string, name: string) => {
      const created = await writer.request<{ thread: { id: string } }>({
        type: 'thread.create',
        key: key(`thread-${name}`),
        board,
        kind: 'discussion',
        title: `Busy thread ${name}`,
        body: 'Replies go here.',
      });
      return created.thread.id;
    };
    // Spread: one thread on each of 100 boards, any writer replies to any of them.
    const spreadIds: string[] = [];
    for (let b = 0; b < SPREAD_BOARDS; b++) {
      spreadIds.push(await createThread(writers[b % writers.length] as LoadClient, `spread-${b}`, `spread-${b}`));
    }
    // Hot: every writer replies to its own thread, all on one board.
    const hotIds: string[] = [];
    for (let w = 0; w < writers.length; w++)
      hotIds.push(await createThread(writers[w] as LoadClient, 'hot', `hot-${w}`));
    const boardsOf = async (ids: string[]) => {
      const { rows } = await pool.query<{ id: string; board_id: string; author_id: string }>(
        'select id::text, board_id::text, author_id::text from bench_writes.threads where id = any($1::bigint[])',
        [ids],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => ({ id, boardId: byId.get(id)?.board_id as string, authorId: byId.get(id)?.author_id }));
    };
    shapes.push(
      { name: 'spread', label: `spread over ${SPREAD_BOARDS} boards`, threads: await boardsOf(spreadIds) },
      { name: 'hot', label: 'one hot board', threads: await boardsOf(hotIds) },
    );
    // The baselines write as the same members, each hot thread's author in its own thread.
    for (const thread of (shapes[1] as Shape).threads) authors.push(thread.authorId as string);

    for (const shape of shapes) {
      await vacuumReplyTables(pool);
      // Subscribers: spread over the shape's boards (one board each, in turn).
      const boards = shape.name === 'hot' ? ['hot'] : Array.from({ length: SPREAD_BOARDS }, (_, b) => `spread-${b}`);
      const subscribers = await openMany(options.subscribers, 50, async (i) => {
        const client = await LoadClient.connect(socketUrl);
        await client.request({ type: 'subscribe', board: boards[i % boards.length] as string });
        client.onFrame = () => {
          received += 1;
        };
        return client;
      });
      const measured = await withCpu(pool, node.pid, () =>
        sustained(inFlight, options.seconds, async (lane, n) => {
          const writer = writers[lane % writers.length] as LoadClient;
          const thread =
            shape.name === 'hot' ? shape.threads[lane % writers.length] : shape.threads[n % shape.threads.length];
          await writer.request({
            type: 'post.create',
            key: key(`${shape.name}-${n}`),
            threadId: (thread as { id: string }).id,
            body: BODY.replace('%n', String(n)),
          });
        }),
      );
      booth.set(shape.name, measured);
      for (const client of subscribers) client.close();
      await sleep(500);
    }
  } finally {
    for (const client of clients) client.close();
    await node.stop();
  }

  const dataModel = new Map<string, Measured>();
  for (const shape of shapes) {
    await vacuumReplyTables(pool);
    dataModel.set(
      shape.name,
      await withCpu(pool, null, () =>
        sustained(inFlight, options.seconds, async (lane, n) => {
          const thread = (
            shape.name === 'hot' ? shape.threads[lane % options.writers] : shape.threads[n % shape.threads.length]
          ) as { id: string; boardId: string };
          const body = BODY.replace('%n', String(n));
          await pool.query({
            name: 'bench_data_model_reply',
            text: DATA_MODEL_REPLY,
            values: [
              thread.id,
              thread.boardId,
              authors[lane % authors.length] as string,
              body,
              `<p>${body}</p>`,
              eventPayload(thread.id, body),
            ],
          });
        }),
      ),
    );
  }
  await pool.query('drop table if exists bench_writes.bare_posts');
  await pool.query(
    'create table bench_writes.bare_posts (id bigint generated always as identity primary key, thread_id bigint not null, author_id bigint not null, body text not null, created_at timestamptz not null default now())',
  );
  const bare = await withCpu(pool, null, () =>
    sustained(inFlight, options.seconds, async (lane, n) => {
      await pool.query({
        name: 'bench_bare_insert',
        text: 'insert into bench_writes.bare_posts (thread_id, author_id, body) values ($1, $2, $3)',
        values: [lane, lane, BODY.replace('%n', String(n))],
      });
    }),
  );
  await pool.end();
  await database.close();
  // Peer: Waline's server, as many posts in flight as Booth's writers keep.
  const waline = await walineWrites(inFlight, WARMUP_SECONDS, options.seconds);

  const line = (system: string, shape: string, m: Measured, limit: Measured | undefined) => {
    const p = percentiles(m.latencies);
    return [
      system,
      shape,
      count(m.perSecond),
      ms(p.p50 as number),
      ms(p.p99 as number),
      limit ? ratio(m.perSecond, limit.perSecond) : '',
      m.nodeCpuMs === undefined ? '' : ms(m.nodeCpuMs),
      ms(m.postgresCpuMs),
    ];
  };
  const header = [
    'System',
    'Load shape',
    'writes/s',
    'p50',
    'p99',
    'vs data-model limit',
    'node CPU / write',
    'Postgres CPU / write',
  ];
  const rows: string[][] = [];
  for (const shape of shapes) {
    const limit = dataModel.get(shape.name) as Measured;
    rows.push(line('Booth (1 node)', shape.label, booth.get(shape.name) as Measured, limit));
    rows.push(line('data-model limit via pg', shape.label, limit, limit));
  }
  rows.push(line('bare INSERT via pg (reference)', 'one table, no indexes but its key', bare, undefined));
  if ('run' in waline) {
    const w = percentiles(waline.run.latencies);
    rows.push([
      `${WALINE_LABEL} (peer)`,
      'one page',
      count(waline.run.perSecond),
      ms(w.p50 as number),
      ms(w.p99 as number),
      '',
      '',
      '',
    ]);
  }
  const peerVerdicts = shapes.map((s) => {
    const beats = beatsPeer(booth.get(s.name) as Measured, waline, 10);
    const times = 'run' in waline ? ` (${ratio((booth.get(s.name) as Measured).perSecond, waline.run.perSecond)})` : '';
    return `${s.label}: ${beats === null ? `not measured: ${'skipped' in waline ? waline.skipped : ''}` : verdict(beats)}${times}`;
  });
  console.log(table(header, rows));
  const met = shapes.every(
    (s) => (booth.get(s.name) as Measured).perSecond >= (dataModel.get(s.name) as Measured).perSecond / 2,
  );
  writeSection(
    'writes',
    `## Write throughput

${runLine(machine, startedAt, load)}

One Booth node; ${options.writers} writer sockets (each a guest member, each keeping ${WINDOW} replies in flight, so ${inFlight}
requests in flight) post replies for ${options.seconds} s after a ${WARMUP_SECONDS} s warm-up, in two load shapes: spread over
${SPREAD_BOARDS} boards (one thread on each, any writer replies to any of them; the common case) and all on one hot
board (each writer in its own thread). ${options.subscribers} sockets subscribe to the shape's boards. Each Booth reply
stores its idempotency key, spam checks, the post, thread counters, the board's next event id and the event row in a
transaction, shared with the replies that arrived while the node's earlier ones committed (group commit), then a NOTIFY and the frames. Frames delivered to subscribers: ${count(received)}.

Data-model limit: ${options.writers} \`pg\` connections with the same ${inFlight} requests in flight, each reply one
prepared statement (named query, autocommit) on Booth's own tables in the same schema, with their indexes and search
trigger, storing what a reply stores: the post, the thread's counters, the board's next event id and the event row
(a payload the size of Booth's). Bare INSERT: a single-row prepared INSERT into a table with only its key, as a
reference. Latency is per request, from send to reply. CPU per write is the CPU time the node process and the
Postgres backends of the run's connections used over the warm-up and the measured window (the backends read every
0.5 s, so one whose connection closes in the window still counts), divided by the writes completed in them (it leaves out Postgres' WAL writer and the load generator); it depends less on the machine's
other work than the rates do. Each system and shape starts from freshly vacuumed tables (every reply
leaves a dead version of its thread's row behind, and this server may run without autovacuum: see *Machine*).

${table(header, rows)}

Target: Booth at least 0.5× the data-model limit in both shapes — ${verdict(met)}.

Peer: Waline's server (\`@waline/vercel\`, as its Docker image runs it: \`node vanilla.js\`) on its own database of the same
Postgres, its tables from its published schema; ${inFlight} HTTP clients (as many as Booth's posts in flight) each post one
comment at a time to one page (\`POST /api/comment\`), each from its own address; Akismet off.

Target: at least 10x Waline's posts per second — ${peerVerdicts.join('; ')}.`,
  );
}
