import type { Executor } from '../../db/executor.js';
import type { Notice } from './notices.js';

/** Takes a write's notices for followers, inside the write's transaction. */
export interface MailSink {
  enqueue(tx: Executor, siteId: string, notices: Notice[]): Promise<void>;
  /** Enqueues emails already recorded in `mail_deliveries` (an address confirmation…). */
  enqueueSend(tx: Executor, ids: string[]): Promise<void>;
}
