import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import {
  type InboundReplyDeps,
  postEmailReply,
  type ReplyTarget,
  replyTarget,
  SmtpRefusal,
} from '../domain/mail/inbound-reply.js';

export interface InboundSmtpOptions {
  /** Port of the listener; 0 picks a free one (tests). */
  port: number;
  host: string;
  /** Domain of the reply addresses; mail to any other domain is refused. */
  domain: string;
  /** Largest message accepted, in bytes. Default 1 MiB: a reply is text. */
  maxBytes?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The inbound SMTP listener's port, when it runs. */
    inboundSmtpPort: number | null;
  }
}

const DEFAULT_MAX_BYTES = 1024 * 1024;
/** Connections at once; replies come from a few mail servers, not from crowds. */
const MAX_CLIENTS = 100;

/**
 * Reply by email: an SMTP listener (smtp-server) for the reply addresses in Booth's emails.
 * Recipients are checked at RCPT TO, so a forged or expired address is refused before any data
 * is sent; the message is parsed with mailparser and posted through the reply use case.
 * TLS is left to a relay or load balancer in front, as for the HTTP port.
 */
async function inboundSmtp(app: FastifyInstance, options: InboundSmtpOptions) {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const log = app.log.child({ component: 'inbound-smtp' });
  const deps: InboundReplyDeps = {
    services: app.services,
    limits: app.requestLimits,
    secret: app.mailTokenSecret,
    domain: options.domain,
  };
  const targets = new Map<string, ReplyTarget>();

  const answer = (error: unknown, session: SMTPServerSession): Error => {
    if (error instanceof SmtpRefusal) {
      log.info({ session: session.id, code: error.responseCode }, 'inbound mail refused');
      return error;
    }
    log.error({ err: error, session: session.id }, 'inbound mail failed');
    return Object.assign(new Error('4.3.0 Please try again later.'), { responseCode: 451 });
  };

  const server = new SMTPServer({
    name: options.domain,
    banner: 'Booth replies',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    maxClients: MAX_CLIENTS,
    logger: false,
    onRcptTo(address, session, callback) {
      // One reply address per message: each names one person and one thread.
      if (targets.has(session.id)) {
        callback(Object.assign(new Error('4.5.3 One reply address per message, please.'), { responseCode: 452 }));
        return;
      }
      replyTarget(deps, address.address).then(
        (target) => {
          targets.set(session.id, target);
          callback();
        },
        (error) => callback(answer(error, session)),
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const target = targets.get(session.id);
        // The envelope is over with this message; the next one names its own recipient.
        targets.delete(session.id);
        if ((stream as typeof stream & { sizeExceeded?: boolean }).sizeExceeded) {
          callback(answer(new SmtpRefusal(552, '5.3.4', `Messages are limited to ${maxBytes} bytes.`), session));
          return;
        }
        if (!target) {
          callback(answer(new SmtpRefusal(503, '5.5.1', 'No valid recipient.'), session));
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw, { skipImageLinks: true, maxHtmlLengthToParse: maxBytes })
          .then((mail) => postEmailReply(deps, target, mail, raw, session.remoteAddress))
          .then(
            (post) => {
              log.info(
                { session: session.id, post: post?.id ?? null, status: post?.status ?? 'dropped' },
                'inbound reply',
              );
              callback();
            },
            (error) => callback(answer(error, session)),
          );
      });
    },
    onClose(session) {
      targets.delete(session.id);
    },
  });
  server.on('error', (error) => log.warn({ err: error }, 'inbound SMTP problem'));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  app.decorate('inboundSmtpPort', typeof address === 'object' && address ? address.port : options.port);
  log.info({ port: app.inboundSmtpPort, domain: options.domain }, 'inbound SMTP listening');
  app.addHook('preClose', async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
}

export default fp(inboundSmtp, {
  name: 'booth-inbound-smtp',
  dependencies: ['booth-services', 'booth-rate-limits'],
});
