/**
 * The demo's webhook receiver: the demo site gets a webhook to /demo/webhook-receiver on this
 * server, which checks each signature; /demo/webhooks lists what arrived.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { findSiteByKey } from '../db/sites.queries.js';
import { listWebhooks } from '../db/webhooks.queries.js';
import { escapeHtml } from '../domain/escape-html.js';
import { SIGNATURE_HEADER, verifyWebhook } from '../domain/webhooks/signature.js';
import { addWebhook } from '../domain/webhooks/webhooks.js';
import { DEMO_SITE_KEY } from './demo-site.js';

interface Received {
  at: string;
  event: string;
  delivery: string;
  verified: boolean;
  summary: string;
}

export interface DemoWebhookReceiverOptions {
  publicUrl: string;
  /** Networks webhooks may reach besides public ones: the demo's receiver is this server. */
  internalTargets?: readonly string[];
}

/** Adds the demo site's webhook (after its history, which it must not announce) and serves the receiver. */
async function demoWebhookReceiver(app: FastifyInstance, options: DemoWebhookReceiverOptions) {
  const site = await findSiteByKey(app.db, DEMO_SITE_KEY);
  if (!site) return;
  const receiverUrl = `${options.publicUrl}/demo/webhook-receiver`;
  const hooks = await listWebhooks(app.db, site.id);
  if (!hooks.some((h) => h.url === receiverUrl)) await addWebhook(app.db, site.id, receiverUrl, undefined, options);

  const received: Received[] = [];
  // Its own scope, so the raw body (which the signature covers) reaches the handler unparsed.
  await app.register(async (receiver) => {
    receiver.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    receiver.post('/demo/webhook-receiver', async (request, reply) => {
      const body = String(request.body);
      const secrets = (await listWebhooks(app.db, site.id)).filter((h) => h.url === receiverUrl).map((h) => h.secret);
      const header = request.headers[SIGNATURE_HEADER];
      const verified = secrets.some((s) =>
        verifyWebhook(s, typeof header === 'string' ? header : undefined, body, Date.now() / 1000),
      );
      let summary = '';
      try {
        const payload = JSON.parse(body) as { data?: { thread?: { title?: string } } };
        summary = payload.data?.thread?.title ?? '';
      } catch {}
      received.unshift({
        at: new Date().toISOString(),
        event: String(request.headers['booth-event'] ?? ''),
        delivery: String(request.headers['booth-delivery'] ?? ''),
        verified,
        summary,
      });
      received.length = Math.min(received.length, 50);
      return reply.status(verified ? 204 : 401).send();
    });
  });

  app.get('/demo/webhooks', async (_request, reply) => {
    const rows = received
      .map(
        (r) =>
          `<tr><td>${escapeHtml(r.at)}</td><td>${escapeHtml(r.event)}</td><td>${escapeHtml(r.delivery)}</td><td>${r.verified ? 'valid' : '<strong>INVALID</strong>'}</td><td>${escapeHtml(r.summary)}</td></tr>`,
      )
      .join('\n');
    return reply.type('text/html; charset=utf-8').send(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Demo webhook receiver</title><link rel="stylesheet" href="/t/thread-page.css"></head><body><main>
<h1>Webhooks received by the demo</h1>
<p>This server posts the demo site's webhooks to <code>${escapeHtml(receiverUrl)}</code>, which checks each
HMAC-SHA256 signature. Ask a question on <a href="/">the brand page</a>, accept an answer or report a post, then reload.</p>
<table><thead><tr><th>Received</th><th>Event</th><th>Delivery</th><th>Signature</th><th>Thread</th></tr></thead>
<tbody>${rows || '<tr><td colspan="5">Nothing yet.</td></tr>'}</tbody></table>
</main></body></html>`);
  });
}

export default fp(demoWebhookReceiver, {
  name: 'booth-demo-webhook-receiver',
  // The history is written first: a webhook already there would announce weeks-old questions.
  dependencies: ['booth-demo', 'booth-demo-history', 'booth-services'],
});
