/**
 * The words of thread emails: subject, plain text and HTML, in the site's name and accent
 * colour. Pure functions of what the worker read, so they are tested without a server.
 */
import { escapeHtml } from '../escape-html.js';

export interface MailBrand {
  siteName: string;
  /** A `#rrggbb` colour; anything else falls back to the default. */
  accent: string;
}

export interface MailLinks {
  /** Opens the thread on the brand's page. */
  open: string;
  /** Stops email about this thread. */
  unfollow: string;
  /** Stops all thread email from this site. */
  unfollowAll: string;
  /** Downloads the reader's data or deletes their account. */
  account: string;
  /** For a guest: where to ask for a magic sign-in link that keeps their posts (the account page). */
  keepPosts?: string;
}

/** One piece of news, ready to tell. */
export type RenderedItem =
  | { type: 'reply'; author: string; staff: boolean; text: string; html: string; accepted: boolean }
  | { type: 'accepted'; author: string; staff: boolean; text: string; html: string }
  | { type: 'moved'; to: string }
  | { type: 'hidden' }
  | { type: 'approved' };

export interface ThreadMail {
  brand: MailBrand;
  recipientName: string;
  threadTitle: string;
  question: boolean;
  items: RenderedItem[];
  links: MailLinks;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const DEFAULT_ACCENT = '#2563eb';

/** The accent if it is a plain hex colour (it lands in CSS), else the default. */
export function safeAccent(color: string | null | undefined): string {
  return color && /^#[0-9a-fA-F]{6}$/.test(color) ? color : DEFAULT_ACCENT;
}

function headline(mail: ThreadMail): string {
  const replies = mail.items.filter((i) => i.type === 'reply');
  const kinds = new Set(mail.items.map((i) => i.type));
  if (kinds.has('hidden')) return 'Your question was hidden';
  if (kinds.has('moved')) return 'Your question moved';
  if (kinds.has('approved') && replies.length === 0) return 'Your question is live';
  if (kinds.has('accepted') && replies.length === 0) return 'An answer was accepted';
  if (replies.length === 1 && replies[0]?.type === 'reply' && replies[0].staff) {
    return `${replies[0].author} answered`;
  }
  if (replies.length === 1) return 'New reply';
  return `${replies.length} new replies`;
}

function itemText(item: RenderedItem): string {
  switch (item.type) {
    case 'reply':
      return `${item.author}${item.staff ? ' (staff)' : ''} wrote:\n\n${item.text}`;
    case 'accepted':
      return `This answer by ${item.author}${item.staff ? ' (staff)' : ''} was accepted:\n\n${item.text}`;
    case 'moved':
      return `Staff moved this thread to "${item.to}". Its link still works.`;
    case 'hidden':
      return 'Staff hid this thread. It is no longer shown on the page.';
    case 'approved':
      return 'Staff approved your question: it is now shown on the page.';
  }
}

function itemHtml(item: RenderedItem, accent: string): string {
  const by = (author: string, staff: boolean) =>
    `<strong>${escapeHtml(author)}</strong>${
      staff
        ? ` <span style="background:${accent};color:#fff;border-radius:3px;padding:1px 5px;font-size:12px">Staff</span>`
        : ''
    }`;
  const quote = (html: string) =>
    `<div style="border-left:3px solid ${accent};padding:4px 12px;margin:8px 0">${html}</div>`;
  switch (item.type) {
    case 'reply':
      return `<p style="margin:16px 0 4px">${by(item.author, item.staff)} wrote:</p>${quote(item.html)}`;
    case 'accepted':
      return `<p style="margin:16px 0 4px">This answer by ${by(item.author, item.staff)} was accepted:</p>${quote(item.html)}`;
    default:
      return `<p style="margin:16px 0">${escapeHtml(itemText(item))}</p>`;
  }
}

/** Subject, text and HTML of one thread email. */
export function renderThreadMail(mail: ThreadMail): RenderedMail {
  const accent = safeAccent(mail.brand.accent);
  const title = headline(mail);
  const subject = `${title}: ${mail.threadTitle}`;
  const text = [
    `Hi ${mail.recipientName},`,
    '',
    `${title} in "${mail.threadTitle}" on ${mail.brand.siteName}.`,
    '',
    ...mail.items.map((i) => `${itemText(i)}\n`),
    `Open the thread: ${mail.links.open}`,
    ...(mail.links.keepPosts ? ['', `Keep your posts: get a sign-in link at ${mail.links.keepPosts}`] : []),
    '',
    '--',
    `You get this email because you follow this thread on ${mail.brand.siteName}.`,
    `Stop emails about this thread: ${mail.links.unfollow}`,
    `Stop all emails from ${mail.brand.siteName}: ${mail.links.unfollowAll}`,
    `Download your data or delete your account: ${mail.links.account}`,
    '',
  ].join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f5f5f5;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2328">
<div style="max-width:600px;margin:0 auto;background:#fff">
<div style="background:${accent};color:#fff;padding:12px 20px;font-weight:600">${escapeHtml(mail.brand.siteName)}</div>
<div style="padding:8px 20px 20px">
<p>Hi ${escapeHtml(mail.recipientName)},</p>
<h1 style="font-size:18px;margin:12px 0">${escapeHtml(title)}: ${escapeHtml(mail.threadTitle)}</h1>
${mail.items.map((i) => itemHtml(i, accent)).join('\n')}
<p style="margin:24px 0"><a href="${escapeHtml(mail.links.open)}" style="background:${accent};color:#fff;text-decoration:none;padding:10px 16px;border-radius:6px;display:inline-block">Open the thread</a></p>${
    mail.links.keepPosts
      ? `\n<p><a href="${escapeHtml(mail.links.keepPosts)}">Keep your posts: get a sign-in link</a></p>`
      : ''
  }
</div>
<div style="padding:12px 20px;border-top:1px solid #e5e5e5;font-size:12px;color:#59636e">
You get this email because you follow this thread on ${escapeHtml(mail.brand.siteName)}.
<a href="${escapeHtml(mail.links.unfollow)}" style="color:#59636e">Stop emails about this thread</a> ·
<a href="${escapeHtml(mail.links.unfollowAll)}" style="color:#59636e">Stop all emails from ${escapeHtml(mail.brand.siteName)}</a> ·
<a href="${escapeHtml(mail.links.account)}" style="color:#59636e">Your data and account</a>
</div>
</div>
</body></html>
`;
  return { subject, text, html };
}
