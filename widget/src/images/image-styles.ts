import { css } from 'lit';

/** The pictures under a form's text: progress, preview and alt text. Loaded with the uploader. */
export const imageStyles = css`
  .images {
    display: grid;
    gap: 0.6rem;
    justify-items: start;
  }
  .image-list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.6rem;
    width: 100%;
  }
  .image-item {
    display: grid;
    gap: 0.5rem;
    padding: 0.7rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.7);
    background: var(--_surface);
  }
  .image-name {
    font-size: 0.88em;
    overflow-wrap: anywhere;
  }
  .image-progress {
    width: 100%;
    accent-color: var(--_accent);
  }
  .image-preview {
    max-width: min(100%, 16rem);
    max-height: 12rem;
    width: auto;
    height: auto;
    border-radius: calc(var(--_radius) * 0.5);
  }
  .image-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
`;
