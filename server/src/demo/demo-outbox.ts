/**
 * The demo's outbox at /outbox: every email Booth would have sent, when no SMTP server is
 * configured, so a fresh machine can follow an email's links and close the loop. A list, and
 * each email as its recipient would see it (its HTML on a page of its own, with the inline
 * styles emails use and nothing else allowed).
 */

import { EntityId } from '@booth/shared';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import * as v from 'valibot';
import { findOutboxMail, listOutbox } from '../db/mail-outbox.queries.js';
import { DomainError } from '../domain/domain-error.js';
import { escapeHtml } from '../domain/escape-html.js';

const LIST_SIZE = 100;

const STYLESHEET = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1f;background:#fafafa}
main{max-width:60rem;margin:0 auto;padding:1.5rem}table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #e3e3e8;vertical-align:top}
pre{white-space:pre-wrap;background:#fff;border:1px solid #e3e3e8;padding:1rem;border-radius:6px}
iframe{width:100%;height:40rem;border:1px solid #e3e3e8;border-radius:6px;background:#fff}
.note{color:#55555f}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/outbox/outbox.css"></head>
<body><main>${body}</main></body></html>
`;
}

async function demoOutbox(app: FastifyInstance) {
  const local = app.mailer?.local ?? false;
  const idOf = (params: unknown) => {
    const parsed = v.safeParse(v.object({ id: EntityId }), params);
    if (!parsed.success) throw new DomainError('not_found');
    return parsed.output.id;
  };

  app.get('/outbox/outbox.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(STYLESHEET));

  app.get('/outbox', async (_request, reply) => {
    const mails = await listOutbox(app.db, LIST_SIZE);
    const rows = mails
      .map(
        (m) =>
          `<tr><td>${escapeHtml(m.created_at.toISOString().slice(0, 16).replace('T', ' '))}</td><td>${escapeHtml(m.to_address)}</td><td><a href="/outbox/${m.id}">${escapeHtml(m.subject)}</a></td></tr>`,
      )
      .join('\n');
    const intro = local
      ? 'No SMTP server is configured (SMTP_URL), so Booth keeps every email here instead of sending it.'
      : 'SMTP_URL is set: email goes to the SMTP server. Emails kept here are from earlier runs without it.';
    const body = `<h1>Outbox</h1><p class="note">${escapeHtml(intro)} Newest first.</p>
${mails.length ? `<table><thead><tr><th>When (UTC)</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>No email yet. Follow a thread on the demo page and answer it in the moderation view.</p>'}`;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page('Outbox', body));
  });

  app.get('/outbox/:id', async (request, reply) => {
    const mail = await findOutboxMail(app.db, idOf(request.params));
    if (!mail) throw new DomainError('not_found');
    const headers = Object.entries(mail.headers)
      .map(([k, value]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(value)}</td></tr>`)
      .join('');
    const body = `<p><a href="/outbox">← Outbox</a></p><h1>${escapeHtml(mail.subject)}</h1>
<table><tbody><tr><th>From</th><td>${escapeHtml(mail.from_address)}</td></tr><tr><th>To</th><td>${escapeHtml(mail.to_address)}</td></tr>${headers}</tbody></table>
<h2>As HTML</h2><iframe title="The email as HTML" src="/outbox/${mail.id}/html" sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"></iframe>
<h2>As plain text</h2><pre>${escapeHtml(mail.text)}</pre>`;
    return (
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        // This page frames the email's HTML, from this origin only.
        .header(
          'content-security-policy',
          "default-src 'none'; style-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        )
        .send(page(mail.subject, body))
    );
  });

  app.get('/outbox/:id/html', async (request, reply) => {
    const mail = await findOutboxMail(app.db, idOf(request.params));
    if (!mail) throw new DomainError('not_found');
    return (
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        // An email's HTML: inline styles and https images, no scripts; framed by the outbox page only.
        .header(
          'content-security-policy',
          "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
        )
        .header('x-frame-options', 'SAMEORIGIN')
        // Links leave the frame for the whole window, as they would from a mail client.
        .send(mail.html.replace(/<head>/i, '<head><base target="_top">'))
    );
  });
}

export default fp(demoOutbox, { name: 'booth-demo-outbox', dependencies: ['booth-services'] });
