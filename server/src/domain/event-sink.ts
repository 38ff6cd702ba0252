import type { Transaction } from 'kysely';
import type { Database, SiteRow } from '../db/database.js';

/**
 * Told of each board event of a write inside the write's transaction, so what it records
 * (a webhook delivery, a notification) commits or rolls back with the write.
 */
export interface EventSink {
  onEvent(tx: Transaction<Database>, site: SiteRow, event: { kind: string }): Promise<void>;
}
