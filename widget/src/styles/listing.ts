import { css } from 'lit';

/** The list's sort and filter controls; adopted by the board when their chunk arrives. */
export const listingStyles = css`
  .listing {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.35rem 0.4rem;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .listing label {
    font-size: 0.88em;
    font-weight: 600;
  }
  .listing select + label {
    margin-inline-start: 0.4rem;
  }
  .listing select {
    font: inherit;
    color: var(--_text);
    background: var(--_bg);
    border: 1px solid color-mix(in srgb, var(--_border) 70%, var(--_muted));
    border-radius: 6px;
    padding: 0.25em 0.4em;
  }
  .listing select:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 0;
  }
  .listing[aria-busy='true'] select {
    opacity: 0.7;
  }
`;
