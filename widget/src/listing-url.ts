import { BOARD_FILTERS, BOARD_SORTS, type BoardListing, DEFAULT_LISTING } from '@booth/shared';
import { type HostLocation, readHostParam } from './host-url.js';

/** The host-page parameters that hold the board list's sort and filter. */
export const SORT_PARAM = 'booth-sort';
export const FILTER_PARAM = 'booth-filter';

/**
 * The sort and filter the host page's address asks for (`host-history.ts` writes them there); what is missing or unknown is the default.
 *
 * @example listingFromHost(new URL('https://shop.example/p?booth-sort=votes')) // { sort: 'votes', filter: 'all' }
 */
export function listingFromHost(location?: HostLocation): BoardListing {
  const sort = readHostParam(SORT_PARAM, location);
  const filter = readHostParam(FILTER_PARAM, location);
  return {
    sort: BOARD_SORTS.find((s) => s === sort) ?? DEFAULT_LISTING.sort,
    filter: BOARD_FILTERS.find((f) => f === filter) ?? DEFAULT_LISTING.filter,
  };
}
