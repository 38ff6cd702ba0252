/**
 * Open Graph and Twitter card tags of a thread page, so a shared thread previews with the
 * brand's answer: the accepted answer, else a staff answer, else the question itself.
 */
import { htmlToText, type PostView, type ThreadView } from '@booth/shared';
import { escapeHtml } from '../domain/escape-html.js';

/** Longest description, in characters; previews cut longer text anyway. */
const DESCRIPTION_CHARS = 200;

export interface SocialCardInput {
  thread: ThreadView;
  /** Visible posts of the thread. */
  posts: readonly PostView[];
  siteName: string;
  /** The thread's canonical URL (the brand page deep link when the board has a page URL). */
  url: string;
  /** The site's share image, if it has one. */
  imageUrl: string | null;
}

/** The post whose words describe the thread: accepted answer, else the first staff answer, else the question. */
export function describingPost(thread: ThreadView, posts: readonly PostView[]): PostView | null {
  const replies = posts.filter((p) => !p.root);
  return (
    replies.find((p) => p.id === thread.acceptedPostId) ??
    replies.find((p) => p.author.role !== 'customer') ??
    posts.find((p) => p.root) ??
    null
  );
}

/** `text` on one line, cut at a word boundary to at most `max` characters (an ellipsis marks the cut). */
export function trimToWords(text: string, max = DESCRIPTION_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  const head = chars.slice(0, max - 1).join('');
  const lastSpace = head.lastIndexOf(' ');
  // Text without spaces (Japanese) is cut at the limit; otherwise at the last whole word.
  const cut = lastSpace > max / 2 ? head.slice(0, lastSpace) : head;
  return `${cut.replace(/[\s.,;:!?]+$/u, '')}…`;
}

/** The `<meta>` tags of the card, every value escaped. */
export function socialCardTags(input: SocialCardInput): string {
  const post = describingPost(input.thread, input.posts);
  const description = trimToWords(post ? htmlToText(post.html) : input.thread.excerpt);
  const og: [string, string][] = [
    ['og:type', 'article'],
    ['og:title', input.thread.title],
    ['og:description', description],
    ['og:site_name', input.siteName],
    ['og:url', input.url],
    ...(input.imageUrl ? ([['og:image', input.imageUrl]] as [string, string][]) : []),
  ];
  const twitter: [string, string][] = [
    ['twitter:card', input.imageUrl ? 'summary_large_image' : 'summary'],
    ['twitter:title', input.thread.title],
    ['twitter:description', description],
    ...(input.imageUrl ? ([['twitter:image', input.imageUrl]] as [string, string][]) : []),
  ];
  return [
    ...og.map(([property, content]) => `<meta property="${property}" content="${escapeHtml(content)}">`),
    ...twitter.map(([name, content]) => `<meta name="${name}" content="${escapeHtml(content)}">`),
  ].join('\n');
}
