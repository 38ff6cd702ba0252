import { curateFaq, readFaq, staffFaq } from '../../domain/faq/faq.js';
import { type HandlerTable, readsOf } from './handler.js';
import { staffActor } from './staff-handlers.js';

/** The FAQ: any widget reads it; staff curate it. */
export const faqHandlers: HandlerTable<'faq' | 'staff.faq' | 'staff.faq.curate'> = {
  faq: async (s, msg) => ({
    entries: await readFaq(await readsOf(s), {
      scope: { siteId: s.site.id, board: msg.board ?? null },
      query: msg.query ?? null,
      withExcluded: false,
    }),
  }),
  'staff.faq': async (s, msg) => staffFaq(s.services, staffActor(s), msg),
  'staff.faq.curate': async (s, msg) => curateFaq(s.services, staffActor(s), msg),
};
