import { createHash } from 'node:crypto';

/** What a NATS subject token and a JetStream stream name may hold without escaping. */
const PLAIN_TOKEN = /^[A-Za-z0-9_-]{1,48}$/;

/** The subjects and stream of one Booth install (one database schema) on a NATS server. */
export interface NatsSubjects {
  /** JetStream stream that keeps each board's latest wake-up. */
  stream: string;
  /** Every wake-up subject of the install, as the stream and each node's consumer take them. */
  wakeAll: string;
  /** Subject of signals (presence, typing, bell, listing); plain NATS, nothing keeps them. */
  signals: string;
  /** Subject of one board's wake-ups: `…wake.<siteId>.<boardId>`, so a consumer can narrow by site or board. */
  wake(siteId: string, boardId: string): string;
}

/**
 * Subjects of the schema `schema`. Nodes on the same schema share them; installs on other schemas
 * never hear each other. A schema name that is not a plain token is named by a digest.
 */
export function natsSubjects(schema: string): NatsSubjects {
  const token = PLAIN_TOKEN.test(schema) ? schema : createHash('sha256').update(schema).digest('hex').slice(0, 32);
  const prefix = `booth.${token}`;
  return {
    stream: `BOOTH_WAKE_${token}`,
    wakeAll: `${prefix}.wake.>`,
    signals: `${prefix}.signals`,
    wake: (siteId, boardId) => `${prefix}.wake.${siteId}.${boardId}`,
  };
}
