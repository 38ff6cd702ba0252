import type { Transaction } from 'kysely';
import type { Database, SiteRow } from '../../db/database.js';

/** Turns board events of a write into webhook deliveries, inside the write's transaction. */
export interface WebhookSink {
  onEvent(tx: Transaction<Database>, site: SiteRow, event: { kind: string }): Promise<void>;
}
