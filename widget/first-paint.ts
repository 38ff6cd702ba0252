/**
 * What a brand page loads before a board's first paint, shared by the build's size budget
 * (`vite.config.ts`) and the widget benchmark (`bench/widget-size.ts`).
 */

/** The entries a page loads at once: embed.js imports the widget module as soon as it runs. */
export const FIRST_LOAD_ENTRIES = ['embed', 'widget'];

/**
 * The most the first load may weigh, summing each file's gzip size: the product's target, 20 KB
 * (bench/widget-size.ts reports against it). Anything new that the first paint does not need
 * loads on demand.
 */
export const MAX_FIRST_LOAD_GZIP = 20 * 1024;

/**
 * The catalog module of `language` (by default of any language) that a board waits for before it
 * paints: the list's words (`src/i18n/list/<language>.ts`); it shows nothing until they are in.
 */
export function firstPaintCatalog(language = '[a-z]{2}(-[A-Z]{2})?'): RegExp {
  return new RegExp(`[\\\\/]src[\\\\/]i18n[\\\\/]list[\\\\/]${language}\\.ts$`);
}
