import { SignJWT } from 'jose';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { BENCH_DATABASE_URL, createBenchSite, openBenchSchema } from './lib/bench-db.js';
import { LoadClient } from './lib/load-client.js';
import { loadNow, type Machine } from './lib/machine.js';
import { startServer } from './lib/node-process.js';
import { runLine, table, writeSection } from './lib/results.js';
import { count, ms, percentiles, ratio } from './lib/stats.js';

export interface MailOptions {
  /** People who follow the answered thread, each with a confirmed address. Default 10,000. */
  followers: number;
  /** Seconds each write-throughput run lasts. Default 10. */
  seconds: number;
}

/** Answers each staff socket keeps in flight in the throughput runs. */
const WINDOW = 4;
const WRITERS = 2;

/** An SMTP server in this process that only counts what it is handed. */
async function startCountingSink(onMessage: () => void): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 1000,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        onMessage();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Email to followers: one staff answer on a thread that 10,000 people follow, timed until every
 * email is handed to an SMTP server in this process, and the answer's own write throughput on
 * that thread against a thread nobody follows, in the same run.
 */
export async function mailBench(machine: Machine, options: MailOptions): Promise<void> {
  const startedAt = new Date();
  const load = loadNow();
  console.log(`\n# mail: ${options.followers} followers, ${options.seconds} s per throughput run`);
  let received = 0;
  let onCount: (() => void) | null = null;
  const sink = await startCountingSink(() => {
    received += 1;
    onCount?.();
  });
  const database = await openBenchSchema('bench_mail', true);
  const db = database.db;
  const site = await createBenchSite(db);
  const node = await startServer('booth-node.ts', {
    DATABASE_URL: BENCH_DATABASE_URL,
    BENCH_SCHEMA: 'bench_mail',
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    PUBLIC_URL: 'http://booth.bench.example',
  });
  const url = `ws://127.0.0.1:${node.port}/ws?site=${site.public_key}`;
  const clients: LoadClient[] = [];
  const sign = (sub: string, name: string, role?: string) =>
    new SignJWT(role ? { name, role } : { name })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(sub)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(site.sso_secret));
  const stamp = startedAt.getTime();
  const thread = async (client: LoadClient, title: string) =>
    (
      await client.request<{ thread: { id: string } }>({
        type: 'thread.create',
        key: `mail-${stamp}-thread-${title.length}`,
        board: 'mail',
        kind: 'question',
        title,
        body: 'A question with a few words of detail, as a customer would ask it.',
      })
    ).thread.id;
  let delivery: { write: number; all: number };
  const throughput: Record<'without' | 'with', { perSecond: number; latencies: number[] }> = {
    without: { perSecond: 0, latencies: [] },
    with: { perSecond: 0, latencies: [] },
  };
  try {
    const asker = await LoadClient.connect(url);
    clients.push(asker);
    await asker.request({ type: 'hello', sso: await sign('asker', 'Asker') });
    const followed = await thread(asker, 'Does the tent hold in strong wind?');
    const quiet = await thread(asker, 'Is the stove allowed on planes?');

    // Followers, each a member with a confirmed address, written straight into the database.
    const seeded = Date.now();
    await sql`
      with m as (
        insert into members (site_id, external_id, name, email)
        select ${site.id}, 'follower-' || n, 'Follower ' || n, 'follower-' || n || '@mail.bench.example'
        from generate_series(1, ${options.followers}) as n
        returning id, email
      ), e as (
        insert into member_emails (member_id, site_id, address, confirmed_at, confirm_nonce, created_at)
        select id, ${site.id}, email, now(), 1, now() from m
      )
      insert into follows (member_id, thread_id, reason, created_at)
      select id, ${followed}, 'manual', now() from m
    `.execute(db);
    await sql`update threads set waiting_count = waiting_count + ${options.followers} where id = ${followed}`.execute(
      db,
    );
    console.log(`  ${count(options.followers)} followers seeded in ${ms(Date.now() - seeded)}`);

    const staff: LoadClient[] = [];
    for (let i = 0; i < WRITERS; i++) {
      const client = await LoadClient.connect(url);
      clients.push(client);
      await client.request({ type: 'hello', sso: await sign(`agent-${i}`, `Agent ${i}`, 'staff') });
      staff.push(client);
    }
    const answer = (client: LoadClient, threadId: string, key: string) =>
      client.request({
        type: 'post.create',
        key: `mail-${stamp}-${key}`,
        threadId,
        body: `Staff answer ${key}: yes, with the guy lines pegged it holds in winds up to 80 km/h.`,
      });

    // One answer, every email out.
    const allSent = new Promise<void>((resolve) => {
      onCount = () => {
        if (received >= options.followers) resolve();
      };
    });
    const began = performance.now();
    await answer(staff[0] as LoadClient, followed, 'first');
    const written = performance.now();
    await allSent;
    delivery = { write: written - began, all: performance.now() - began };
    onCount = null;
    console.log(
      `  ${count(received)} emails in ${ms(delivery.all)} (${count(received / (delivery.all / 1000))}/s); the answer's write took ${ms(delivery.write)}`,
    );

    // Write throughput of answers: a thread no address follows, then the followed one (whose every
    // answer also adds to 10,000 waiting emails, in the fan-out worker).
    for (const [label, threadId] of [
      ['without', quiet],
      ['with', followed],
    ] as const) {
      const latencies: number[] = [];
      let done = 0;
      const ends = performance.now() + options.seconds * 1000;
      await Promise.all(
        Array.from({ length: WRITERS * WINDOW }, async (_, lane) => {
          for (let n = 0; performance.now() < ends; n++) {
            const started = performance.now();
            await answer(staff[lane % WRITERS] as LoadClient, threadId, `${label}-${lane}-${n}`);
            const finished = performance.now();
            if (finished <= ends) {
              done += 1;
              latencies.push(finished - started);
            }
          }
        }),
      );
      throughput[label] = { perSecond: done / options.seconds, latencies };
    }
  } finally {
    for (const client of clients) client.close();
    await node.stop();
    await database.close();
    await sink.close();
  }

  const w = percentiles(throughput.without.latencies);
  const f = percentiles(throughput.with.latencies);
  const rows = [
    [
      'answers per second',
      count(throughput.with.perSecond),
      count(throughput.without.perSecond),
      ratio(throughput.with.perSecond, throughput.without.perSecond),
    ],
    ['answer latency p50', ms(f.p50 as number), ms(w.p50 as number), ratio(f.p50 as number, w.p50 as number)],
    ['answer latency p99', ms(f.p99 as number), ms(w.p99 as number), ratio(f.p99 as number, w.p99 as number)],
  ];
  const emailsPerSecond = options.followers / (delivery.all / 1000);
  const figures = table(
    ['', 'Value'],
    [
      ['Followers of the thread (confirmed addresses)', count(options.followers)],
      ["The answer's write (request to reply)", ms(delivery.write)],
      ['Every email handed to the SMTP server, from the answer', ms(delivery.all)],
      ['Emails per second', count(emailsPerSecond)],
    ],
  );
  const writes = table(['', `thread with ${count(options.followers)} followers`, 'thread with none', 'ratio'], rows);
  console.log(figures);
  console.log(writes);
  writeSection(
    'mail',
    `## Email to followers

${runLine(machine, startedAt, load)}

One Booth node (its own process, default mail workers: 4 send jobs of 50 emails, 5 SMTP connections each) and an SMTP server in the
benchmark's process that counts each message it accepts. ${count(options.followers)} members with confirmed addresses follow one
thread; a staff member answers it once, and the clock runs until every email was handed over.

${figures}

Write path: ${WRITERS} staff sockets, each keeping ${WINDOW} answers in flight, answer for ${options.seconds} s on a thread nobody
follows but its asker, who has no address (baseline), then on the followed thread, where each answer also adds itself to ${count(options.followers)} waiting
emails in the fan-out worker, which shares the 2 cores with the writes. The answer's transaction enqueues one fan-out job,
whatever the followers.

${writes}`,
  );
}
