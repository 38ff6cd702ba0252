import { css } from 'lit';

/** The top bar: actions, who is posting, and the live/reconnecting status. */
export const headerStyles = css`
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.6rem 1rem;
    padding: 0.85rem 1rem;
    border-block-end: 1px solid var(--_border);
    background: var(--_surface);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .search {
    flex: 1 1 12rem;
    max-inline-size: 22rem;
  }
  .search input {
    width: 100%;
    font: inherit;
    font-size: 0.9em;
    color: var(--_text);
    background: var(--_bg);
    border: 1px solid color-mix(in srgb, var(--_border) 70%, var(--_muted));
    border-radius: 999px;
    padding: 0.4em 0.9em;
  }
  .search input:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 0;
    border-color: var(--_accent);
  }
  .meta-bar {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    margin-inline-start: auto;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .bell-list {
    flex-basis: 100%;
  }
  .who strong {
    color: var(--_text);
    font-weight: 600;
  }
  .status {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    white-space: nowrap;
  }
  .status::before {
    content: '';
    width: 0.55em;
    height: 0.55em;
    border-radius: 50%;
    background: var(--_muted);
  }
  .status.open::before {
    background: var(--_success);
  }
  .status.reconnecting::before,
  .status.connecting::before {
    background: var(--_warning);
  }
  .status.stopped::before {
    background: var(--_danger);
  }
  @container (max-inline-size: 480px) {
    .header {
      padding: 0.7rem 0.75rem;
    }
    .header .btn {
      padding: 0.45em 0.65em;
      font-size: 0.85em;
    }
  }
  @media (prefers-reduced-motion: no-preference) {
    .status.reconnecting::before,
    .status.connecting::before {
      animation: booth-pulse 1.2s ease-in-out infinite;
    }
  }
  @keyframes booth-pulse {
    50% {
      opacity: 0.3;
    }
  }
`;
