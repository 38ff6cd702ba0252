import type { RawBuilder } from 'kysely';
import type { Executor } from '../../db/executor.js';
import type { Notice } from './notices.js';

/** Takes a write's notices for followers, inside the write's transaction. */
export interface MailSink {
  /**
   * The statement that enqueues a write's notices, for the write to run in its transaction (with
   * its event append, in one round trip); null when the node sends no email now.
   */
  enqueueStatement(siteId: string, notices: Notice[]): Promise<RawBuilder<unknown> | null>;
  /** Enqueues emails already recorded in `mail_deliveries` (an address confirmation…). */
  enqueueSend(tx: Executor, ids: string[]): Promise<void>;
}
