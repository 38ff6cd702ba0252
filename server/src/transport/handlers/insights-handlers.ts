import { insights } from '../../domain/insights.js';
import { assertStaff } from '../../domain/staff-authorization.js';
import { deliveryLog } from '../../domain/webhooks/webhooks.js';
import type { SocketSession } from '../ws-session.js';
import type { HandlerTable } from './handler.js';

function staffOfSite(s: SocketSession): void {
  assertStaff(s.member, s.site, s.deps.services.now());
}

/** Staff only: how well the site answers, and what its webhooks delivered. */
export const insightsHandlers: HandlerTable<'insights' | 'webhooks.deliveries'> = {
  insights: async (s, msg) => {
    staffOfSite(s);
    const { db, now } = s.deps.services;
    return insights(db, s.site, { board: msg.board ?? null, days: msg.days, now: now() });
  },
  'webhooks.deliveries': async (s, msg) => {
    staffOfSite(s);
    return deliveryLog(s.deps.services.db, s.site.id, msg.before ?? null);
  },
};
