import { ERROR_CODES, type ErrorBody } from '@booth/shared';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError, HTTP_STATUS } from '../domain/domain-error.js';

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

/** One error format for every HTTP response: `{ error: { code, message } }`; internals are only logged. */
async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) {
      if (error.retryAfterMs !== undefined && !reply.hasHeader('retry-after')) {
        reply.header('retry-after', Math.ceil(error.retryAfterMs / 1000));
      }
      return reply.status(HTTP_STATUS[error.code]).send({ error: error.toBody() });
    }
    const body = clientErrorBody(error);
    if (body) return reply.status(HTTP_STATUS[body.code]).send({ error: body });
    if (error.statusCode === 429) {
      return reply.status(429).send({ error: { code: 'rate_limited', message: ERROR_CODES.rate_limited } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: { code: 'internal', message: ERROR_CODES.internal } });
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: ERROR_CODES.not_found } }),
  );
}

export default fp(errorsPlugin, { name: 'booth-errors' });
