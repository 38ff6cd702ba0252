/**
 * Addresses Booth must not mail: a hard bounce says the mailbox does not exist, a complaint
 * says its owner marked the email as spam. Either stops every email to the address, on every
 * site; emails already waiting for it are marked suppressed when their turn comes.
 */
import type { MailEvent } from '@booth/shared';
import type { Executor } from '../../db/executor.js';
import { suppressAddress } from '../../db/mail-suppressions.queries.js';

/** Records a bounce or complaint; returns false when the address was already suppressed. */
export async function recordMailEvent(db: Executor, event: MailEvent, now: Date): Promise<boolean> {
  return suppressAddress(db, {
    address: event.address,
    reason: event.type === 'hard_bounce' ? 'bounce' : 'complaint',
    detail: event.detail ?? null,
    now,
  });
}
