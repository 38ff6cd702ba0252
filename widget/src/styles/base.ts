import { css } from 'lit';

/**
 * Theme variables, type, buttons, badges and focus rings shared by every view. What only the open
 * thread or a form shows is in their styles (`thread.ts`, `form.ts`), which load with them.
 */
export const baseStyles = css`
  :host {
    display: block;
    --_accent: var(--booth-accent, #2563eb);
    --_accent-text: var(--booth-accent-text, #fff);
    --_bg: var(--booth-bg, #fff);
    --_surface: var(--booth-surface, #f6f7f9);
    --_text: var(--booth-text, #1c2024);
    --_muted: var(--booth-muted, #5e6470);
    --_border: var(--booth-border, #e2e4e9);
    --_radius: var(--booth-radius, 10px);
    --_success: var(--booth-success, #18794e);
    --_danger: var(--booth-danger, #c62a2f);
    --_warning: var(--booth-warning, #a35200);
    --_tint: color-mix(in srgb, var(--_accent) 9%, var(--_bg));
    --_success-tint: color-mix(in srgb, var(--_success) 9%, var(--_bg));
    font-family: var(--booth-font, inherit);
    font-size: var(--booth-font-size, 1rem);
    line-height: 1.5;
    color: var(--_text);
    container-type: inline-size;
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }
  .board {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  h3 {
    margin: 0;
    line-height: 1.3;
  }
  p {
    margin: 0;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  button:disabled {
    cursor: default;
    opacity: 0.55;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .btn {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    padding: 0.45em 0.95em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.8);
    background: var(--_bg);
    font-size: 0.92em;
    font-weight: 600;
    line-height: 1.3;
    white-space: nowrap;
  }
  .btn:hover:not(:disabled) {
    background: var(--_surface);
  }
  .btn.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-text);
  }
  .btn.primary:hover:not(:disabled) {
    background: color-mix(in srgb, var(--_accent) 86%, #000);
  }
  .link {
    border: 0;
    background: none;
    padding: 0.2em 0.35em;
    border-radius: 6px;
    color: var(--_muted);
    font-size: 0.85em;
    font-weight: 600;
  }
  .link:hover:not(:disabled) {
    color: var(--_accent);
    background: var(--_tint);
  }
  .muted {
    color: var(--_muted);
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    padding: 0.08em 0.55em;
    border-radius: 999px;
    font-size: 0.75em;
    font-weight: 700;
    letter-spacing: 0.01em;
    background: var(--_surface);
    color: var(--_muted);
    border: 1px solid var(--_border);
    white-space: nowrap;
  }
  .badge.answered {
    background: var(--_success-tint);
    color: var(--_success);
    border-color: color-mix(in srgb, var(--_success) 30%, transparent);
  }
  .badge.unanswered {
    color: var(--_warning);
    background: color-mix(in srgb, var(--_warning) 8%, var(--_bg));
    border-color: color-mix(in srgb, var(--_warning) 28%, transparent);
  }
  .badge.soft-staff {
    background: var(--_tint);
    color: var(--_accent);
    border-color: color-mix(in srgb, var(--_accent) 25%, transparent);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
  .notice {
    margin: 0.75rem 1rem;
    padding: 0.6em 0.9em;
    border-radius: calc(var(--_radius) * 0.8);
    background: var(--_surface);
    color: var(--_muted);
    font-size: 0.9em;
  }
  .error-text {
    color: var(--_danger);
    font-size: 0.88em;
    font-weight: 500;
  }
  @media (prefers-reduced-motion: no-preference) {
    .btn,
    .link {
      transition: background-color 0.12s, color 0.12s;
    }
  }
`;
