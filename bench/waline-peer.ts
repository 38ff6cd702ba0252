/**
 * The peer's figures for the write and read benchmarks: Waline's server (bench/lib/waline.ts) on
 * the same Postgres and the same machine, at the same concurrency as Booth, in the same run.
 */
import { closedLoop, type HttpRun } from './lib/http-load.js';
import { count, ms, percentiles, ratio } from './lib/stats.js';
import { startWaline, WALINE_VERSION } from './lib/waline.js';

export const WALINE_LABEL = `Waline ${WALINE_VERSION}`;

/** The peer's run, or why it did not run (its install needs the npm registry). */
export type PeerRun = { run: HttpRun } | { skipped: string };

async function withWaline(
  work: (waline: Awaited<ReturnType<typeof startWaline>>) => Promise<HttpRun>,
): Promise<PeerRun> {
  let waline: Awaited<ReturnType<typeof startWaline>>;
  try {
    waline = await startWaline();
  } catch (error) {
    const reason = `Waline did not start (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
    console.log(`  ${reason}; its line is skipped`);
    return { skipped: reason };
  }
  try {
    return { run: await work(waline) };
  } finally {
    await waline.stop();
  }
}

/** Comments posted to one page by `connections` clients, each with one post in flight. */
export function walineWrites(connections: number, warmupSeconds: number, seconds: number): Promise<PeerRun> {
  console.log(`  ${WALINE_LABEL}: ${connections} clients post comments to one page for ${seconds} s`);
  return withWaline((waline) =>
    closedLoop({
      port: waline.port,
      connections,
      warmupSeconds,
      seconds,
      call: (n) =>
        waline.postCall(
          {
            nick: `Reader ${n}`,
            mail: `reader${n}@example.com`,
            url: '/writes',
            comment: `Comment number ${n}, with a sentence or two of text like a real answer would have.`,
          },
          n,
        ),
      check: waline.checkPost,
    }),
  );
}

/** The first page of a page with `comments` comments, read by `connections` clients at once. */
export function walineReads(
  comments: number,
  connections: number,
  warmupSeconds: number,
  seconds: number,
): Promise<PeerRun> {
  console.log(`  ${WALINE_LABEL}: first page of a ${count(comments)}-comment page at ${connections} connections`);
  return withWaline(async (waline) => {
    await waline.seedPage('/long', comments);
    const page = await waline.readFirstPage('/long');
    if (page.count !== comments || page.comments === 0) {
      throw new Error(`Waline's page has ${page.count} comments, ${page.comments} on its first page`);
    }
    return closedLoop({
      port: waline.port,
      connections,
      warmupSeconds,
      seconds,
      call: () => waline.firstPageCall('/long'),
      check: waline.checkPage,
    });
  });
}

/**
 * Table rows comparing Booth's rate and latency with the peer's: rate, p50, p99 and the ratio of
 * the rates (or the reason the peer was skipped).
 */
export function peerRows(what: string, booth: HttpRun | { perSecond: number; latencies: number[] }, peer: PeerRun) {
  const b = percentiles(booth.latencies);
  if ('skipped' in peer) {
    return [
      [what, count(booth.perSecond), 'skipped', ''],
      ['latency p50', ms(b.p50 as number), '', ''],
      ['latency p99', ms(b.p99 as number), '', ''],
    ];
  }
  const w = percentiles(peer.run.latencies);
  return [
    [what, count(booth.perSecond), count(peer.run.perSecond), ratio(booth.perSecond, peer.run.perSecond)],
    ['latency p50', ms(b.p50 as number), ms(w.p50 as number), ''],
    ['latency p99', ms(b.p99 as number), ms(w.p99 as number), ''],
  ];
}

/** Whether Booth's rate is at least `times` the peer's; null when the peer was skipped. */
export function beatsPeer(booth: { perSecond: number }, peer: PeerRun, times: number): boolean | null {
  return 'skipped' in peer ? null : booth.perSecond >= times * peer.run.perSecond;
}
