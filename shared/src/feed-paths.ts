/**
 * Addresses of the Atom feeds on a Booth server, shared by the widget (which links the board's
 * feed) and the server (which serves them and links them from thread pages).
 */

/**
 * The path of a board's feed: its newest visible posts.
 *
 * @example boardFeedPath('site_abc', 'product-42') // '/feeds/site_abc/board/product-42'
 */
export function boardFeedPath(siteKey: string, board: string): string {
  return `/feeds/${encodeURIComponent(siteKey)}/board/${encodeURIComponent(board)}`;
}

/**
 * The path of a thread's feed: its visible posts, newest first.
 *
 * @example threadFeedPath('site_abc', '42') // '/feeds/site_abc/thread/42'
 */
export function threadFeedPath(siteKey: string, threadId: string): string {
  return `/feeds/${encodeURIComponent(siteKey)}/thread/${encodeURIComponent(threadId)}`;
}
