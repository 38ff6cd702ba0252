/**
 * Emails with one thing to do and one button to do it: confirming an address, signing in by
 * a magic link. Same brand header as thread emails; pure functions, tested without a server.
 */
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

function renderActionMail(brand: MailBrand, mail: ActionMail): RenderedMail {
  const accent = safeAccent(brand.accent);
  const text = [`Hi ${mail.recipientName},`, '', mail.why, `${mail.button}: ${mail.url}`, '', mail.footer, ''].join(
    '\n',
  );
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(mail.subject)}</title></head>
<body style="margin:0;padding:0;background:#f5f5f5;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2328">
<div style="max-width:600px;margin:0 auto;background:#fff">
<div style="background:${accent};color:#fff;padding:12px 20px;font-weight:600">${escapeHtml(brand.siteName)}</div>
<div style="padding:8px 20px 20px">
<p>Hi ${escapeHtml(mail.recipientName)},</p>
<p>${escapeHtml(mail.why)}</p>
<p style="margin:24px 0"><a href="${escapeHtml(mail.url)}" style="background:${accent};color:#fff;text-decoration:none;padding:10px 16px;border-radius:6px;display:inline-block">${escapeHtml(mail.button)}</a></p>
<p style="font-size:12px;color:#59636e">${escapeHtml(mail.footer)}</p>
</div></div></body></html>
`;
  return { subject: mail.subject, text, html };
}

/** The email that confirms an address (double opt-in). */
export function renderConfirmMail(brand: MailBrand, recipientName: string, confirmUrl: string): RenderedMail {
  return renderActionMail(brand, {
    subject: `Confirm your email for ${brand.siteName}`,
    recipientName,
    why: `Someone, probably you, asked ${brand.siteName} to email this address when a followed thread gets an answer.`,
    button: 'Confirm my email',
    url: confirmUrl,
    footer: 'If it was not you, ignore this email: nothing more will be sent.',
  });
}

/** The email with a magic sign-in link, which keeps a guest's posts under a member account. */
export function renderSignInMail(
  brand: MailBrand,
  recipientName: string,
  signInUrl: string,
  minutes: number,
): RenderedMail {
  return renderActionMail(brand, {
    subject: `Your sign-in link for ${brand.siteName}`,
    recipientName,
    why: `Sign in to ${brand.siteName} with this link to keep your posts, votes and follows on every visit. It works once, for ${minutes} minutes.`,
    button: 'Sign me in',
    url: signInUrl,
    footer: 'If you did not ask for it, ignore this email: nobody can sign in without the link.',
  });
}
