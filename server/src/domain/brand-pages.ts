/**
 * The brand page a thread lives on: its board's page (where the widget is embedded), else the
 * site's URL template, and the address each gives a thread.
 */
import { type BoothParamPlace, type ThreadView, threadLinkOnPage } from '@booth/shared';
import { findBoard } from '../db/boards.queries.js';
import type { Executor } from '../db/executor.js';
import { findPageUrlTemplate, upsertPageUrlTemplate } from '../db/site-reach.queries.js';
import { DomainError } from './domain-error.js';
import { threadSlug } from './thread-links.js';

/**
 * The brand page of a thread from the site's template (`{board}`, `{thread}`, `{slug}`), or
 * null when the site set none.
 *
 * @example brandPageUrl('https://brand.example/p/{board}#t-{thread}', thread) // 'https://brand.example/p/shoes#t-42'
 */
export function brandPageUrl(
  template: string | null,
  thread: Pick<ThreadView, 'id' | 'board' | 'title'>,
): string | null {
  if (!template) return null;
  return template
    .replaceAll('{board}', encodeURIComponent(thread.board))
    .replaceAll('{thread}', encodeURIComponent(thread.id))
    .replaceAll('{slug}', encodeURIComponent(threadSlug(thread.title)));
}

/**
 * Where people read a thread (or one post in it) on the brand's site: the board's page with the
 * parameters that make the widget open it there, else the site's template; null when neither is set.
 *
 * @example threadOnBrandPage('https://brand.example/p/boots', null, thread) // 'https://brand.example/p/boots#booth-thread=42'
 */
export function threadOnBrandPage(
  boardPageUrl: string | null,
  template: string | null,
  thread: Pick<ThreadView, 'id' | 'board' | 'title'>,
  postId: string | null = null,
  place: BoothParamPlace = 'hash',
): string | null {
  if (boardPageUrl) return threadLinkOnPage(boardPageUrl, thread.id, postId, place);
  const page = brandPageUrl(template, thread);
  if (!page || postId === null) return page;
  return page.includes('#') ? page : `${page}#post-${postId}`;
}

/** The brand-page addresses of a thread and of its posts (see `threadOnBrandPage`), read once for its board and site. */
export async function brandLinksOf(
  db: Executor,
  siteId: string,
  thread: Pick<ThreadView, 'id' | 'board' | 'title'>,
): Promise<(postId: string | null, place?: BoothParamPlace) => string | null> {
  const [board, template] = await Promise.all([findBoard(db, siteId, thread.board), findPageUrlTemplate(db, siteId)]);
  return (postId, place) => threadOnBrandPage(board?.page_url ?? null, template, thread, postId, place);
}

/** The site's brand page template, or null. */
export async function pageUrlTemplate(db: Executor, siteId: string): Promise<string | null> {
  return findPageUrlTemplate(db, siteId);
}

/** Sets the brand page template of a site; it must be an http(s) URL once placeholders are filled. */
export async function setPageUrlTemplate(db: Executor, siteId: string, template: string | null): Promise<void> {
  if (template !== null) {
    const sample = brandPageUrl(template, { id: '1', board: 'board', title: 'title' }) as string;
    let url: URL | null = null;
    try {
      url = new URL(sample);
    } catch {}
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new DomainError('invalid_message', { key: 'refusal.pageUrl' });
    }
  }
  await upsertPageUrlTemplate(db, siteId, template);
}
