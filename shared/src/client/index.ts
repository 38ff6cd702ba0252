/**
 * The protocol client every front end uses: the connection (queue, retry, resume, frame
 * validation), request errors, idempotency keys and the time words shown next to posts.
 */
export * from './connection.js';
export * from './ids.js';
export * from './image-upload.js';
export * from './request-error.js';
export * from './socket-url.js';
export * from './time.js';
