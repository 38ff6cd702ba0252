import { ERROR_CODES, type ErrorBody } from '@booth/shared';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError, HTTP_STATUS } from '../domain/domain-error.js';
import { errorInLanguage } from '../i18n/error-messages.js';
import { requestLanguage } from '../i18n/translators.js';

/** Maps a framework error on a client's request (bad JSON, too large…) to a catalogue code. */
function clientErrorBody(error: FastifyError): ErrorBody | null {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { code: 'too_large', message: ERROR_CODES.too_large };
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return { code: 'invalid_message', message: 'content-type: must be application/json' };
  }
  if (error.code?.startsWith('FST_ERR_CTP_') || error instanceof SyntaxError) {
    return { code: 'bad_json', message: ERROR_CODES.bad_json };
  }
  if (error.validation) return { code: 'invalid_message', message: error.message };
  return null;
}

/**
 * One error format for every HTTP response: `{ error: { code, message } }`, the message in the
 * language of the request's `Accept-Language`; internals are only logged.
 */
async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const inLanguage = (body: ErrorBody | DomainError) => ({
      error: errorInLanguage(body, requestLanguage(request.headers)),
    });
    if (error instanceof DomainError) {
      if (error.retryAfterMs !== undefined && !reply.hasHeader('retry-after')) {
        reply.header('retry-after', Math.ceil(error.retryAfterMs / 1000));
      }
      return reply.status(HTTP_STATUS[error.code]).send(inLanguage(error));
    }
    const body = clientErrorBody(error);
    if (body) return reply.status(HTTP_STATUS[body.code]).send(inLanguage(body));
    if (error.statusCode === 429) {
      return reply.status(429).send(inLanguage({ code: 'rate_limited', message: ERROR_CODES.rate_limited }));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send(inLanguage({ code: 'internal', message: ERROR_CODES.internal }));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: errorInLanguage({ code: 'not_found', message: ERROR_CODES.not_found }, requestLanguage(request.headers)),
    }),
  );
}

export default fp(errorsPlugin, { name: 'booth-errors' });
