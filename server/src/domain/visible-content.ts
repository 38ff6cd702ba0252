import { hasVisibleText } from '@booth/shared';
import { DomainError } from './domain-error.js';
import { htmlHasVisibleText, type ImageContext, renderMarkdown } from './markdown.js';

/** Refuses a title that would show as blank: only invisible characters, spaces or lone accents. */
export function assertVisibleTitle(title: string): void {
  if (!hasVisibleText(title)) {
    throw new DomainError('no_visible_content', { key: 'refusal.blankTitle' });
  }
}

/**
 * Renders a post's markdown and refuses it when the result shows nothing: checked on the
 * sanitized HTML, because `---` or an image from elsewhere have characters in the source and
 * none on the page. A picture uploaded to Booth for the site shows, with or without text.
 */
export function renderVisibleBody(body: string, images: ImageContext): string {
  const html = renderMarkdown(body, images);
  if (!htmlHasVisibleText(html)) {
    throw new DomainError('no_visible_content', { key: 'refusal.blankText' });
  }
  return html;
}
