import { BOARD_FILTERS, BOARD_SORTS, type BoardListing } from '@booth/shared';
import { html, type TemplateResult } from 'lit';
import type { WidgetKey, WidgetTranslator } from '../i18n/translator.js';

export { listingStyles } from '../styles/listing.js';

/**
 * The board list's sort and filter controls. They load in a chunk of their own right after the
 * board's first page, so the first load carries only the list; the order itself (the URL read on
 * load, the shared comparator, the filter) is in the board.
 */
export interface ListingControlsProps {
  tr: WidgetTranslator;
  listing: BoardListing;
  /** True while the list in the new order loads. */
  busy: boolean;
  onChange(listing: BoardListing): void;
}

/** One labelled select over a part of the listing (`sort` or `filter`). */
function choice<P extends keyof BoardListing>(
  props: ListingControlsProps,
  part: P,
  values: readonly BoardListing[P][],
  label: WidgetKey,
): TemplateResult {
  const { tr, listing, onChange } = props;
  const id = `listing-${part}`;
  const picked = (e: Event) => onChange({ ...listing, [part]: (e.target as HTMLSelectElement).value });
  return html`<label for=${id}>${tr.t(label)}</label>
    <select id=${id} part="select" .value=${listing[part]} @change=${picked}>
      ${values.map(
        (value) =>
          html`<option value=${value} ?selected=${value === listing[part]}>
            ${tr.t(`listing.${part}.${value}` as WidgetKey)}
          </option>`,
      )}
    </select>`;
}

/**
 * The list's sort and filter as two labelled selects: native controls, so the keyboard, screen
 * readers and phones handle them as they handle every other select.
 */
export function listingControls(props: ListingControlsProps): TemplateResult {
  return html`<div class="listing" part="listing" aria-busy=${props.busy ? 'true' : 'false'}>
    ${choice(props, 'sort', BOARD_SORTS, 'listing.sortLabel')}
    ${choice(props, 'filter', BOARD_FILTERS, 'listing.filterLabel')}
  </div>`;
}
