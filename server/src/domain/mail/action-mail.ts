/**
 * Emails with one thing to do and one button to do it: confirming an address, signing in by
 * a magic link. Same brand header as thread emails; pure functions, tested without a server.
 */
import type { Translator } from '@booth/shared';
import { serverTranslator } from '../../i18n/translators.js';
import { escapeHtml } from '../escape-html.js';
import { type MailBrand, type RenderedMail, safeAccent } from './thread-mail.js';

interface ActionMail {
  subject: string;
  recipientName: string;
  /** Why the email came, one sentence. */
  why: string;
  button: string;
  url: string;
  /** The small print: what happens if the reader ignores it. */
  footer: string;
}

function renderActionMail(brand: MailBrand, t: Translator, mail: ActionMail): RenderedMail {
  const accent = safeAccent(brand.accent);
  const greeting = t.t('mail.greeting', { name: mail.recipientName });
  const text = [
    greeting,
    '',
    mail.why,
    t.t('mail.buttonAt', { button: mail.button, url: mail.url }),
    '',
    mail.footer,
    '',
  ].join('\n');
  const html = `<!doctype html>
<html lang="${t.language}" dir="${t.dir}"><head><meta charset="utf-8"><title>${escapeHtml(mail.subject)}</title></head>
<body style="margin:0;padding:0;background:#f5f5f5;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2328">
<div style="max-width:600px;margin:0 auto;background:#fff">
<div style="background:${accent};color:#fff;padding:12px 20px;font-weight:600">${escapeHtml(brand.siteName)}</div>
<div style="padding:8px 20px 20px">
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(mail.why)}</p>
<p style="margin:24px 0"><a href="${escapeHtml(mail.url)}" style="background:${accent};color:#fff;text-decoration:none;padding:10px 16px;border-radius:6px;display:inline-block">${escapeHtml(mail.button)}</a></p>
<p style="font-size:12px;color:#59636e">${escapeHtml(mail.footer)}</p>
</div></div></body></html>
`;
  return { subject: mail.subject, text, html };
}

/** The email that confirms an address (double opt-in), in the site's language. */
export function renderConfirmMail(brand: MailBrand, recipientName: string, confirmUrl: string): RenderedMail {
  const t = serverTranslator(brand.language);
  const site = brand.siteName;
  return renderActionMail(brand, t, {
    subject: t.t('mail.confirm.subject', { site }),
    recipientName,
    why: t.t('mail.confirm.why', { site }),
    button: t.t('mail.confirm.button'),
    url: confirmUrl,
    footer: t.t('mail.confirm.footer'),
  });
}

/** The email with a magic sign-in link, which keeps a guest's posts under a member account. */
export function renderSignInMail(
  brand: MailBrand,
  recipientName: string,
  signInUrl: string,
  minutes: number,
): RenderedMail {
  const t = serverTranslator(brand.language);
  const site = brand.siteName;
  return renderActionMail(brand, t, {
    subject: t.t('mail.signIn.subject', { site }),
    recipientName,
    why: t.t('mail.signIn.why', { site, minutes }),
    button: t.t('mail.signIn.button'),
    url: signInUrl,
    footer: t.t('mail.signIn.footer'),
  });
}
