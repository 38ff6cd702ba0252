import { css } from 'lit';

/** Forms: labelled fields, hints and problems, actions. */
export const formStyles = css`
  h4 {
    margin: 0;
    line-height: 1.3;
  }
  .compose {
    display: grid;
    gap: 0.8rem;
    padding: 1rem;
    border-block-end: 1px solid var(--_border);
    background: var(--_bg);
  }
  .compose.compact {
    padding: 0.75rem 0 0;
    border-block-end: 0;
    background: none;
  }
  .form-heading {
    font-size: 1em;
  }
  .field {
    display: grid;
    gap: 0.3rem;
  }
  label {
    font-size: 0.88em;
    font-weight: 600;
  }
  input,
  textarea {
    width: 100%;
    font: inherit;
    font-size: 0.95em;
    color: var(--_text);
    background: var(--_bg);
    border: 1px solid color-mix(in srgb, var(--_border) 70%, var(--_muted));
    border-radius: calc(var(--_radius) * 0.7);
    padding: 0.55em 0.75em;
  }
  textarea {
    resize: vertical;
    min-height: 4.5em;
  }
  input:focus-visible,
  textarea:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 0;
    border-color: var(--_accent);
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .hint {
    font-size: 0.8em;
    color: var(--_muted);
  }
  .form-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .form-error {
    padding: 0.5em 0.75em;
    border-radius: calc(var(--_radius) * 0.7);
    background: color-mix(in srgb, var(--_danger) 8%, var(--_bg));
  }
  .follow-bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    margin-block-start: 0.5rem;
  }
  .follow-bar .name-prompt {
    flex-basis: 100%;
  }
  .name-prompt {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.6rem;
    margin-block-start: 0.6rem;
    padding: 0.75rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.8);
    background: var(--_surface);
  }
  .name-prompt .field {
    flex: 1 1 12rem;
  }
  .name-prompt p {
    flex-basis: 100%;
    font-size: 0.9em;
  }
  .name-prompt.compact {
    align-items: center;
    gap: 0.4rem;
    margin: 0;
    padding: 0;
    border: 0;
    background: none;
  }
  .name-prompt.compact .field {
    flex: none;
  }
  .name-prompt.compact input {
    width: 12rem;
  }
  .suggestions {
    margin-block-start: -0.3rem;
    padding: 0.65rem 0.8rem;
    border-radius: calc(var(--_radius) * 0.8);
    background: var(--_tint);
    font-size: 0.9em;
  }
  .suggestions-title {
    font-weight: 600;
    margin-block-end: 0.35rem;
  }
  .suggestions ul {
    margin: 0;
    padding: 0;
    list-style: none;
    display: grid;
    gap: 0.45rem;
  }
  .suggestion {
    border: 0;
    background: none;
    padding: 0;
    color: var(--_accent);
    font-weight: 600;
    text-align: start;
    text-decoration: underline;
    text-underline-offset: 2px;
    margin-inline-end: 0.4rem;
  }
  .suggestion-answer {
    color: var(--_muted);
    margin-block-start: 0.1rem;
  }
`;
