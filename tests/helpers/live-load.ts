import type { EventMessage } from '@booth/shared';
import { sql } from 'kysely';
import type { OpenDatabase } from '../../server/src/db/connect.js';
import type { SiteRow } from '../../server/src/db/database.js';
import { TestClient } from './ws-client.js';

/**
 * A site policy with every per-minute write and sign-in limit off and duplicate detection off:
 * load tests post hundreds of times a minute from one address.
 */
export const UNLIMITED_POLICY = {
  duplicateWindowMinutes: 0,
  rateLimits: {
    posts: { member: 0, ip: 0, site: 0 },
    writes: { member: 0, ip: 0, site: 0 },
    signIns: { ip: 0, site: 0 },
  },
};

/** Lifts the site's write limits (before clients connect: a socket reads its site once). */
export async function liftWriteLimits(database: OpenDatabase, site: SiteRow): Promise<void> {
  await sql`update sites set policy = policy || ${JSON.stringify(UNLIMITED_POLICY)}::jsonb where id = ${site.id}`.execute(
    database.db,
  );
}

/** Runs `task` over `items` with at most `window` in flight, keeping results in input order. */
export async function pipelined<T, R>(items: T[], window: number, task: (item: T, index: number) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, items.length) }, lane));
  return results;
}

/** The post an event carries, if any. */
export function eventPostId(message: EventMessage): string | null {
  const event = message.event;
  return 'post' in event ? event.post.id : null;
}

/** Polls `probe` every 10 ms until it returns true, failing after `timeoutMs` with `what`. */
export async function eventually(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Opens `count` discussions on `board` from `writer`, `window` in flight, titled `${label} ${i}`;
 * each acknowledged post's id is pushed onto `acked` as its reply arrives.
 */
export async function openDiscussions(
  writer: TestClient,
  board: string,
  count: number,
  acked: string[],
  label = 'Write',
  window = 4,
): Promise<void> {
  await pipelined(
    Array.from({ length: count }, (_, i) => i),
    window,
    async (i) => {
      const { post } = await writer.ok({
        type: 'thread.create',
        key: TestClient.key(),
        board,
        kind: 'discussion',
        title: `${label} ${i}`,
        body: `Body ${i}`,
      });
      acked.push(post.id);
    },
  );
}
