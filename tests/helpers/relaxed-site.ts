import type { OpenDatabase } from '../../server/src/db/connect.js';
import { saveSitePolicy } from '../../server/src/domain/policy/site-policies.js';
import { FIRST_DAY_OFF } from './test-app.js';

/**
 * Turns off rate limits, first-day limits and duplicate-text checks on a site, for tests that
 * seed many posts quickly from one address and are about something else.
 */
export async function relaxLimits(database: OpenDatabase, siteId: string): Promise<void> {
  const off = { member: 0, ip: 0, site: 0 };
  const saved = await saveSitePolicy(database.db, siteId, {
    duplicateWindowMinutes: 0,
    firstDayLimits: FIRST_DAY_OFF,
    rateLimits: { posts: off, writes: off, signIns: { ip: 0, site: 0 } },
  });
  if (!saved.ok) throw new Error(`could not relax the site policy: ${saved.error.message}`);
}
