/**
 * schema.org structured data for a thread: `QAPage` for a question, `DiscussionForumPosting`
 * for a discussion. The server puts it in the thread's own page; the widget adds it to the
 * brand page for the open thread. Same function, so both say the same thing.
 */
import type { MemberView, PostView, ThreadView } from './model.js';

/** Entities of the few HTML escapes sanitized post HTML contains. */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/** Plain text of sanitized post HTML, for the `text` of structured data. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(br|\/p|\/li|\/h[1-6]|\/blockquote|\/pre)\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name] ?? '')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function person(author: MemberView) {
  return { '@type': 'Person', name: author.name };
}

/** One visible reply as a schema.org Answer or Comment. */
function reply(post: PostView, type: 'Answer' | 'Comment', postUrl: (postId: string) => string) {
  return {
    '@type': type,
    text: htmlToText(post.html),
    datePublished: post.createdAt,
    ...(post.editedAt ? { dateModified: post.editedAt } : {}),
    upvoteCount: Math.max(0, post.score),
    url: postUrl(post.id),
    author: person(post.author),
  };
}

/**
 * The JSON-LD object for a thread with its posts, as shown at `url`; `postUrl` gives the address
 * of one post (by default an anchor on that page).
 *
 * @example JSON.stringify(threadStructuredData(thread, posts, 'https://brand.example/p/42'))
 */
export function threadStructuredData(
  thread: ThreadView,
  posts: readonly PostView[],
  url: string,
  postUrl: (postId: string) => string = (postId) => `${url}#post-${postId}`,
): Record<string, unknown> {
  const visible = posts.filter((p) => p.status === 'visible');
  const root = visible.find((p) => p.root) ?? null;
  const replies = visible.filter((p) => !p.root);
  const question = {
    name: thread.title,
    text: root ? htmlToText(root.html) : thread.excerpt,
    datePublished: thread.createdAt,
    author: person(thread.author),
    url,
  };
  if (thread.kind === 'question') {
    const accepted = replies.find((p) => p.id === thread.acceptedPostId);
    const suggested = replies.filter((p) => p.id !== thread.acceptedPostId);
    return {
      '@context': 'https://schema.org',
      '@type': 'QAPage',
      mainEntity: {
        '@type': 'Question',
        ...question,
        answerCount: replies.length,
        upvoteCount: Math.max(0, thread.score),
        ...(accepted ? { acceptedAnswer: reply(accepted, 'Answer', postUrl) } : {}),
        ...(suggested.length ? { suggestedAnswer: suggested.map((p) => reply(p, 'Answer', postUrl)) } : {}),
      },
    };
  }
  return {
    '@context': 'https://schema.org',
    '@type': 'DiscussionForumPosting',
    headline: thread.title,
    ...question,
    interactionStatistic: {
      '@type': 'InteractionCounter',
      interactionType: 'https://schema.org/CommentAction',
      userInteractionCount: replies.length,
    },
    ...(replies.length ? { comment: replies.map((p) => reply(p, 'Comment', postUrl)) } : {}),
  };
}

/** JSON for a `<script type="application/ld+json">` body: `<` is escaped so no tag can close it. */
export function jsonLdText(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
