import { createConnection } from 'node:net';

/** The Redis that tests use when it answers: this machine's local one. */
export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** Why Redis cases are skipped when it does not answer. */
export const NO_REDIS_REASON = `skipped: no Redis answers at ${TEST_REDIS_URL} (Redis is optional)`;

/** True when a Redis at 127.0.0.1:6379 answers PING within a second. */
export function redisAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port: 6379 });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}
