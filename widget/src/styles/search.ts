import { css } from 'lit';

/** Search results: the line above them and the words that matched; they load with the search. */
export const searchStyles = css`
  .search-summary {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    padding: 0.7rem 1rem;
    border-block-end: 1px solid var(--_border);
    font-size: 0.9em;
    color: var(--_muted);
  }
  mark {
    background: color-mix(in srgb, var(--_accent) 18%, transparent);
    color: inherit;
    border-radius: 2px;
  }
`;
