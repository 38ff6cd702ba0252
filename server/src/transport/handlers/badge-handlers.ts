import { answerBadge } from '../../domain/answer-badge.js';
import { type HandlerTable, readsOf } from './handler.js';

/** The public answer badge: any widget may ask; null while the site has it off or too few questions. */
export const badgeHandlers: HandlerTable<'badge'> = {
  badge: async (s) => ({ badge: await answerBadge(await readsOf(s), s.site, s.services.now()) }),
};
