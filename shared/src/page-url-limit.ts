/**
 * The longest brand-page address a board takes (`subscribe`'s `page`), as `LIMITS.pageUrlChars`.
 * A module of its own so the widget's first load, which sends the page with its first subscribe,
 * carries this one number rather than every limit.
 */
export const PAGE_URL_CHARS = 2000;
