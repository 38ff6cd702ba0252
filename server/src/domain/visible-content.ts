import { hasVisibleText } from '@booth/shared';
import { DomainError } from './domain-error.js';
import { htmlHasVisibleText, renderMarkdown } from './markdown.js';

/** Refuses a title that would show as blank: only invisible characters, spaces or lone accents. */
export function assertVisibleTitle(title: string): void {
  if (!hasVisibleText(title)) {
    throw new DomainError('no_visible_content', 'The title would show up blank. Write a few words people can see.');
  }
}

/**
 * Renders a post's markdown and refuses it when the result shows nothing: checked on the
 * sanitized HTML, because `---` or an image have characters in the source and none on the page.
 */
export function renderVisibleBody(body: string): string {
  const html = renderMarkdown(body);
  if (!htmlHasVisibleText(html)) {
    throw new DomainError(
      'no_visible_content',
      'The text would show up blank (a line or an image alone does not show). Write something people can see.',
    );
  }
  return html;
}
