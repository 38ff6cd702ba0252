import { css } from 'lit';

/** The open thread: heading, posts, accepted answer, nested replies and votes. */
export const threadStyles = css`
  .badge.staff {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-text);
  }
  .btn.danger {
    background: var(--_danger);
    border-color: var(--_danger);
    color: #fff;
  }
  /* Arrows point the way the text runs: "back" (shown while a thread is open) points right in a right-to-left language. */
  [dir='rtl'] .arrow {
    display: inline-block;
    transform: scaleX(-1);
  }
  .thread {
    padding-block-end: 0.5rem;
  }
  .thread-header {
    padding: 1rem 1rem 0.9rem;
    display: grid;
    gap: 0.35rem;
  }
  .thread-badges {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
  }
  .thread-heading {
    font-size: 1.3em;
    font-weight: 700;
    letter-spacing: -0.01em;
  }
  .thread-heading:focus {
    outline: none;
  }
  .small {
    font-size: 0.85em;
  }
  .post {
    position: relative;
    margin: 0 1rem 0.75rem;
    padding: 0.85rem 1rem 0.7rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }
  .post.root {
    background: var(--_surface);
  }
  .post.by-staff {
    border-inline-start: 3px solid var(--_accent);
  }
  .post.accepted {
    border: 2px solid var(--_success);
    background: var(--_success-tint);
  }
  /* The post a link pointed at. */
  .post[data-linked] {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .share {
    margin: 0.3rem 0 0;
  }
  .accepted-label {
    margin: -0.2rem 0 0.45rem;
    font-size: 0.8em;
    font-weight: 700;
    color: var(--_success);
    text-transform: uppercase;
    letter-spacing: 0.04em;
  }
  .byline {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4rem;
    font-size: 0.88em;
  }
  .author {
    font-weight: 650;
  }
  .when {
    font-size: 0.95em;
  }
  .avatar {
    display: inline-grid;
    place-items: center;
    width: 1.9rem;
    height: 1.9rem;
    border-radius: 50%;
    background: color-mix(in srgb, var(--_muted) 18%, var(--_bg));
    color: var(--_text);
    font-size: 0.78em;
    font-weight: 700;
    object-fit: cover;
    flex: none;
  }
  .avatar.staff {
    background: var(--_accent);
    color: var(--_accent-text);
  }
  .body {
    margin: 0.55rem 0 0.4rem;
    overflow-wrap: anywhere;
  }
  .body > :first-child {
    margin-block-start: 0;
  }
  .body > :last-child {
    margin-block-end: 0;
  }
  .body p,
  .body ul,
  .body ol,
  .body pre,
  .body blockquote {
    margin: 0 0 0.6em;
  }
  .body a {
    color: var(--_accent);
  }
  .body code {
    font-size: 0.9em;
    padding: 0.1em 0.3em;
    border-radius: 4px;
    background: color-mix(in srgb, var(--_muted) 12%, var(--_bg));
  }
  .body pre {
    padding: 0.7em;
    overflow-x: auto;
    border-radius: 6px;
    background: color-mix(in srgb, var(--_muted) 10%, var(--_bg));
  }
  .body pre code {
    padding: 0;
    background: none;
  }
  .body blockquote {
    padding-inline-start: 0.8em;
    border-inline-start: 3px solid var(--_border);
    color: var(--_muted);
  }
  .body img {
    max-inline-size: 100%;
  }
  .post-actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.3rem 0.5rem;
  }
  .post-actions.confirm {
    margin-block-start: 0.5rem;
    font-size: 0.9em;
    font-weight: 600;
  }
  .votes {
    display: inline-flex;
    align-items: center;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_bg);
    margin-inline-end: 0.3rem;
  }
  .vote {
    border: 0;
    background: none;
    padding: 0.15rem 0.55rem;
    font-size: 0.75em;
    color: var(--_muted);
    border-radius: 999px;
    line-height: 1.6;
  }
  .vote:hover:not(:disabled) {
    color: var(--_accent);
    background: var(--_tint);
  }
  .vote[aria-pressed='true'] {
    color: var(--_accent-text);
    background: var(--_accent);
  }
  .score {
    min-width: 1.4em;
    text-align: center;
    font-size: 0.85em;
    font-weight: 700;
  }
  .accept {
    color: var(--_success);
  }
  .accept:hover:not(:disabled) {
    color: var(--_success);
    background: var(--_success-tint);
  }
  .replies-heading {
    margin: 1.1rem 1rem 0.6rem;
    font-size: 0.95em;
    color: var(--_muted);
  }
  .children {
    margin-block-start: 0.6rem;
    padding-inline-start: 0.9rem;
    border-inline-start: 2px solid var(--_border);
  }
  .children .post {
    margin: 0 0 0.5rem;
    padding: 0.6rem 0.75rem 0.5rem;
    background: transparent;
  }
  .nested-form {
    padding-inline-start: 0.9rem;
    border-inline-start: 2px solid var(--_accent);
    margin-block-start: 0.6rem;
  }
  .reply-box {
    margin: 1rem 1rem 0.5rem;
    padding-block-start: 0.25rem;
  }
  .reply-box .compose {
    padding: 0;
    border: 0;
  }
  .typing {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    margin: 0 1rem 0.5rem;
    font-size: 0.88em;
    color: var(--_accent);
    font-weight: 600;
  }
  .typing span {
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
    background: currentColor;
  }
  @media (prefers-reduced-motion: no-preference) {
    .typing span {
      animation: booth-pulse 1s ease-in-out infinite;
    }
  }
  .report {
    display: grid;
    gap: 0.6rem;
    margin-block-start: 0.6rem;
    padding: 0.75rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.8);
    background: var(--_surface);
  }
  .report fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem 1rem;
  }
  .report legend {
    padding: 0;
    margin-block-end: 0.4rem;
    font-size: 0.9em;
    font-weight: 600;
  }
  .choice {
    display: inline-flex;
    align-items: center;
    gap: 0.35rem;
    font-weight: 400;
  }
  .choice input {
    width: auto;
    margin: 0;
    accent-color: var(--_accent);
  }
  .reported {
    font-size: 0.85em;
  }
`;
