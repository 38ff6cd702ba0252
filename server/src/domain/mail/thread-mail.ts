/**
 * The words of thread emails: subject, plain text and HTML, in the site's name, language and
 * accent colour. Pure functions of what the worker read, so they are tested without a server.
 */
import type { Language, Translator } from '@booth/shared';
import { serverTranslator } from '../../i18n/translators.js';
import { escapeHtml } from '../escape-html.js';
import { htmlWords } from './mail-words.js';

export interface MailBrand {
  siteName: string;
  /** The site's language (`sites.language`): every word of its email is in it. */
  language: Language;
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

function headline(mail: ThreadMail, t: Translator): string {
  const replies = mail.items.filter((i) => i.type === 'reply');
  const kinds = new Set(mail.items.map((i) => i.type));
  if (kinds.has('hidden')) return t.t('mail.headline.hidden');
  if (kinds.has('moved')) return t.t('mail.headline.moved');
  if (kinds.has('approved') && replies.length === 0) return t.t('mail.headline.approved');
  if (kinds.has('accepted') && replies.length === 0) return t.t('mail.headline.accepted');
  if (replies.length === 1 && replies[0]?.type === 'reply' && replies[0].staff) {
    return t.t('mail.headline.staffAnswered', { name: replies[0].author });
  }
  return t.t('mail.headline.replies', { count: replies.length });
}

function itemText(item: RenderedItem, t: Translator): string {
  const author = (name: string, staff: boolean) => (staff ? t.t('mail.staffAuthor', { name }) : name);
  switch (item.type) {
    case 'reply':
      return `${t.t('mail.item.wrote', { author: author(item.author, item.staff) })}\n\n${item.text}`;
    case 'accepted':
      return `${t.t('mail.item.accepted', { author: author(item.author, item.staff) })}\n\n${item.text}`;
    case 'moved':
      return t.t('mail.item.moved', { board: item.to });
    case 'hidden':
      return t.t('mail.item.hidden');
    case 'approved':
      return t.t('mail.item.approved');
  }
}

function itemHtml(item: RenderedItem, accent: string, t: Translator): string {
  const by = (author: string, staff: boolean) =>
    `<strong>${escapeHtml(author)}</strong>${
      staff
        ? ` <span style="background:${accent};color:#fff;border-radius:3px;padding:1px 5px;font-size:12px">${escapeHtml(t.t('mail.staffBadge'))}</span>`
        : ''
    }`;
  const quote = (html: string) =>
    `<div style="border-left:3px solid ${accent};padding:4px 12px;margin:8px 0">${html}</div>`;
  switch (item.type) {
    case 'reply':
      return `<p style="margin:16px 0 4px">${htmlWords(t, 'mail.item.wrote', { author: by(item.author, item.staff) })}</p>${quote(item.html)}`;
    case 'accepted':
      return `<p style="margin:16px 0 4px">${htmlWords(t, 'mail.item.accepted', { author: by(item.author, item.staff) })}</p>${quote(item.html)}`;
    default:
      return `<p style="margin:16px 0">${escapeHtml(itemText(item, t))}</p>`;
  }
}

/** Subject, text and HTML of one thread email, in the site's language. */
export function renderThreadMail(mail: ThreadMail): RenderedMail {
  const t = serverTranslator(mail.brand.language);
  const accent = safeAccent(mail.brand.accent);
  const site = mail.brand.siteName;
  const title = headline(mail, t);
  const subject = t.t('mail.subject', { headline: title, title: mail.threadTitle });
  const text = [
    t.t('mail.greeting', { name: mail.recipientName }),
    '',
    t.t('mail.summary', { headline: title, title: mail.threadTitle, site }),
    '',
    ...mail.items.map((i) => `${itemText(i, t)}\n`),
    t.t('mail.openThreadAt', { url: mail.links.open }),
    ...(mail.links.keepPosts ? ['', t.t('mail.keepPostsAt', { url: mail.links.keepPosts })] : []),
    '',
    '--',
    t.t('mail.footer.why', { site }),
    t.t('mail.footer.unfollowAt', { url: mail.links.unfollow }),
    t.t('mail.footer.unfollowAllAt', { site, url: mail.links.unfollowAll }),
    t.t('mail.footer.accountAt', { url: mail.links.account }),
    '',
  ].join('\n');
  const html = `<!doctype html>
<html lang="${t.language}" dir="${t.dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f5f5f5;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2328">
<div style="max-width:600px;margin:0 auto;background:#fff">
<div style="background:${accent};color:#fff;padding:12px 20px;font-weight:600">${escapeHtml(site)}</div>
<div style="padding:8px 20px 20px">
<p>${escapeHtml(t.t('mail.greeting', { name: mail.recipientName }))}</p>
<h1 style="font-size:18px;margin:12px 0">${escapeHtml(subject)}</h1>
${mail.items.map((i) => itemHtml(i, accent, t)).join('\n')}
<p style="margin:24px 0"><a href="${escapeHtml(mail.links.open)}" style="background:${accent};color:#fff;text-decoration:none;padding:10px 16px;border-radius:6px;display:inline-block">${escapeHtml(t.t('mail.openThread'))}</a></p>${
    mail.links.keepPosts
      ? `\n<p><a href="${escapeHtml(mail.links.keepPosts)}">${escapeHtml(t.t('mail.keepPosts'))}</a></p>`
      : ''
  }
</div>
<div style="padding:12px 20px;border-top:1px solid #e5e5e5;font-size:12px;color:#59636e">
${escapeHtml(t.t('mail.footer.why', { site }))}
<a href="${escapeHtml(mail.links.unfollow)}" style="color:#59636e">${escapeHtml(t.t('mail.footer.unfollow'))}</a> ·
<a href="${escapeHtml(mail.links.unfollowAll)}" style="color:#59636e">${escapeHtml(t.t('mail.footer.unfollowAll', { site }))}</a> ·
<a href="${escapeHtml(mail.links.account)}" style="color:#59636e">${escapeHtml(t.t('mail.footer.account'))}</a>
</div>
</div>
</body></html>
`;
  return { subject, text, html };
}
