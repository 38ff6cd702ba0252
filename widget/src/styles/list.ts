import { css } from 'lit';

/** The thread list: one row per thread with its answer count, title, excerpt and state. */
export const listStyles = css`
  .threads {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .thread-item {
    position: relative;
    display: grid;
    grid-template-columns: 4.2rem 1fr;
    gap: 0.9rem;
    padding: 0.95rem 1rem;
    border-block-end: 1px solid var(--_border);
  }
  .thread-item:hover {
    background: color-mix(in srgb, var(--_surface) 60%, var(--_bg));
  }
  .thread-item.pinned {
    background: var(--_tint);
  }
  .count {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    align-self: start;
    min-height: 3.2rem;
    padding: 0.3rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.7);
    color: var(--_muted);
    font-size: 0.72em;
    line-height: 1.2;
  }
  .count strong {
    font-size: 1.45em;
    color: var(--_text);
  }
  .count.has-replies {
    border-color: color-mix(in srgb, var(--_success) 45%, transparent);
    color: var(--_success);
  }
  .count.has-replies strong {
    color: var(--_success);
  }
  .count.accepted {
    background: var(--_success);
    border-color: var(--_success);
    color: #fff;
  }
  .count.accepted strong {
    color: #fff;
  }
  .thread-main {
    min-width: 0;
  }
  .thread-title {
    font-size: 1.02em;
    font-weight: 650;
  }
  .open-thread {
    all: unset;
    cursor: pointer;
    color: var(--_text);
    border-radius: 4px;
  }
  .open-thread::after {
    content: '';
    position: absolute;
    inset: 0;
  }
  .open-thread:hover {
    color: var(--_accent);
  }
  .open-thread:focus-visible {
    outline: none;
  }
  .open-thread:focus-visible::after {
    outline: 2px solid var(--_accent);
    outline-offset: -3px;
  }
  .excerpt {
    margin-block-start: 0.2rem;
    color: var(--_muted);
    font-size: 0.9em;
    display: -webkit-box;
    -webkit-line-clamp: 2;
    -webkit-box-orient: vertical;
    overflow: hidden;
  }
  .thread-meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.35rem 0.6rem;
    margin-block-start: 0.5rem;
    font-size: 0.82em;
    color: var(--_muted);
  }
  .list-footer {
    display: flex;
    justify-content: center;
    padding: 0.9rem;
  }
  .feed-link {
    margin: 0;
    padding: 0.5rem 1rem 0.8rem;
    text-align: end;
    font-size: 0.8em;
  }
  .feed-link a {
    color: var(--_muted);
  }
  .empty {
    padding: 2.5rem 1rem;
    text-align: center;
    color: var(--_muted);
  }
  .empty strong {
    display: block;
    color: var(--_text);
    font-size: 1.05em;
    margin-block-end: 0.25rem;
  }
  .skeleton {
    padding: 1rem;
    border-block-end: 1px solid var(--_border);
    display: grid;
    gap: 0.5rem;
  }
  .skeleton span {
    display: block;
    height: 0.8rem;
    border-radius: 4px;
    background: var(--_surface);
  }
  .skeleton span:first-child {
    width: 60%;
    height: 1rem;
  }
  .skeleton span:last-child {
    width: 35%;
  }
  @media (prefers-reduced-motion: no-preference) {
    .skeleton span {
      animation: booth-pulse 1.4s ease-in-out infinite;
    }
  }
  @container (max-inline-size: 480px) {
    .thread-item {
      grid-template-columns: 3rem 1fr;
      gap: 0.7rem;
      padding: 0.85rem 0.75rem;
    }
    .count {
      min-height: 2.8rem;
      font-size: 0.65em;
    }
  }
`;
