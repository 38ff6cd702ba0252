/**
 * The thread a page's address asks the board to open: `#booth-thread=ID` (what Booth's emails
 * link to) or `?booth_thread=ID` (for pages whose router owns the fragment).
 *
 * @example deepLinkedThread(new URL('https://shop.example/p/boots#booth-thread=42')) // '42'
 */
export function deepLinkedThread(location: Pick<Location, 'hash' | 'search'> | undefined): string | null {
  if (!location) return null;
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('booth-thread');
  const id = fromHash ?? new URLSearchParams(location.search).get('booth_thread');
  return id !== null && /^[1-9][0-9]{0,17}$/.test(id) ? id : null;
}
