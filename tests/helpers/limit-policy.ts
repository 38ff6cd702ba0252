import type { SitePolicyInput } from '@booth/shared';
import { TestClient } from './ws-client.js';

/** Only the given limits; every other per-minute limit off, so each test sees one limit at work. */
export function onlyLimits(rateLimits: NonNullable<SitePolicyInput['rateLimits']>): SitePolicyInput {
  const off = { member: 0, ip: 0, site: 0 };
  return {
    duplicateWindowMinutes: 0,
    rateLimits: {
      posts: { ...off, ...rateLimits.posts },
      writes: { ...off, ...rateLimits.writes },
      signIns: { ip: 0, site: 0, ...rateLimits.signIns },
    },
  };
}

/** The `n`th question on the board `limits`, with a fresh idempotency key. */
export const limitQuestion = (n: number) => ({
  type: 'thread.create' as const,
  key: TestClient.key(),
  board: 'limits',
  kind: 'question' as const,
  title: `Question number ${n}`,
  body: `Body of question ${n}`,
});
