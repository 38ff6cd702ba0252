/** Stable public addresses of threads: the server-rendered page search engines read. */

/**
 * A short URL slug of a title; the thread id, not the slug, identifies the page.
 *
 * @example threadSlug('How long is shipping to Berlin?') // 'how-long-is-shipping-to-berlin'
 */
export function threadSlug(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || 'thread';
}

/** The page of a thread on this Booth server. */
export function threadPageUrl(publicUrl: string, siteKey: string, threadId: string, title: string): string {
  return `${publicUrl}/t/${encodeURIComponent(siteKey)}/${threadId}/${encodeURIComponent(threadSlug(title))}`;
}
