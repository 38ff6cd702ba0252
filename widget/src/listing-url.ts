import { BOARD_FILTERS, BOARD_SORTS, type BoardListing, DEFAULT_LISTING } from '@booth/shared';
import { type HostLocation, readHostParam, writeHostParams } from './host-url.js';

/** The host-page parameters that hold the board list's sort and filter. */
export const SORT_PARAM = 'booth-sort';
export const FILTER_PARAM = 'booth-filter';

/**
 * The sort and filter the host page's address asks for; what is missing or unknown is the default.
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

/** Shows the list's sort and filter in the host page's address; defaults leave no parameter behind. */
export function showListingInHost(listing: BoardListing): void {
  writeHostParams({
    [SORT_PARAM]: listing.sort === DEFAULT_LISTING.sort ? null : listing.sort,
    [FILTER_PARAM]: listing.filter === DEFAULT_LISTING.filter ? null : listing.filter,
  });
}
