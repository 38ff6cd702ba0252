import { connect } from 'nats';
import { natsSubjects } from '../../server/src/fanout/nats-subjects.js';

/**
 * The fan-outs the multi-node suite runs against: LISTEN/NOTIFY (the default, always) and NATS
 * JetStream at `NATS_URL`. CI sets `NATS_URL` (and starts NATS if it is down), so there a NATS that
 * cannot be reached fails the NATS cases; a run without `NATS_URL` skips them and says so.
 */
export interface FanoutCase {
  /** Shown in the suite's title. */
  name: string;
  /** Environment of the nodes (`NATS_URL`, or nothing for LISTEN/NOTIFY). */
  env: Record<string, string>;
  /** Why this case does not run here, or null. */
  skip: string | null;
}

export const NO_NATS_REASON = 'skipped: no NATS_URL (CI sets it; nats://127.0.0.1:4222 here)';

export function fanoutCases(): FanoutCase[] {
  const natsUrl = process.env.NATS_URL;
  return [
    { name: 'LISTEN/NOTIFY', env: {}, skip: null },
    { name: 'NATS JetStream', env: natsUrl ? { NATS_URL: natsUrl } : {}, skip: natsUrl ? null : NO_NATS_REASON },
  ];
}

/** Says in the run's output which fan-out cases of `suite` are skipped, so a skipped case is noticed. */
export function announceSkippedFanouts(suite: string): void {
  for (const c of fanoutCases()) if (c.skip) console.info(`${suite} on ${c.name} ${c.skip}`);
}

/** Deletes the wake-up stream an install on `schema` left on the NATS at `natsUrl` (tests share that NATS). */
export async function deleteNatsStream(natsUrl: string, schema: string): Promise<void> {
  const nc = await connect({ servers: natsUrl, timeout: 5000, maxReconnectAttempts: 0 });
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(natsSubjects(schema).stream).catch(() => false);
  } finally {
    await nc.close();
  }
}
