import { insights } from '../../domain/insights.js';
import { assertStaff } from '../../domain/staff-authorization.js';
import { deliveryLog } from '../../domain/webhooks/webhooks.js';
import { type HandlerTable, type RequestContext, readsOf } from './handler.js';

function staffOfSite(s: RequestContext): void {
  assertStaff(s.member, s.site, s.services.now());
}

/** Staff only: how well the site answers, and what its webhooks delivered. */
export const insightsHandlers: HandlerTable<'insights' | 'webhooks.deliveries'> = {
  insights: async (s, msg) => {
    staffOfSite(s);
    return insights(await readsOf(s), s.site, { board: msg.board ?? null, days: msg.days, now: s.services.now() });
  },
  'webhooks.deliveries': async (s, msg) => {
    staffOfSite(s);
    return deliveryLog(s.services.db, s.site.id, msg.before ?? null);
  },
};
