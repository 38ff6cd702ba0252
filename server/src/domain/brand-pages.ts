/** The brand page a thread lives on: the site's URL template and the address it gives a thread. */
import type { ThreadView } from '@booth/shared';
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
      throw new DomainError('invalid_message', 'page URL: must be an http or https URL');
    }
  }
  await upsertPageUrlTemplate(db, siteId, template);
}
