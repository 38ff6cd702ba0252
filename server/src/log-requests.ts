/**
 * How a request appears in a log line. The links in emails carry their credential in the path
 * (`/mail/sign-in/TOKEN`, `/mail/account/TOKEN`…): a log reader must not be able to use them,
 * so every path segment shaped like a mail token is replaced before the line is written.
 */
import type { FastifyRequest } from 'fastify';
import { MAIL_TOKEN_LENGTH } from './domain/mail/mail-tokens.js';

const MAIL_TOKEN_SEGMENT = new RegExp(`/[A-Za-z2-7]{${MAIL_TOKEN_LENGTH}}(?=[/?#]|$)`, 'g');

/**
 * A URL as it may be logged: mail tokens in the path become `[token]`.
 *
 * @example loggableUrl('/mail/sign-in/aecaaa…q') // '/mail/sign-in/[token]'
 */
export function loggableUrl(url: string): string {
  return url.replace(MAIL_TOKEN_SEGMENT, '/[token]');
}

/** Fastify's request serializer, with the URL made loggable. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: loggableUrl(request.url),
    version: request.headers['accept-version']?.toString(),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
