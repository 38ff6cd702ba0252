import { search, suggest } from '../../domain/search.js';
import { type HandlerTable, readsOf } from './handler.js';

/** Finding answers: any widget may search a board or the site, and get suggestions while asking. */
export const searchHandlers: HandlerTable<'search' | 'suggest'> = {
  search: async (s, msg) =>
    search(await readsOf(s), { siteId: s.site.id, board: msg.board ?? null }, msg.query, msg.offset ?? 0),
  suggest: async (s, msg) => suggest(await readsOf(s), { siteId: s.site.id, board: msg.board ?? null }, msg.title),
};
