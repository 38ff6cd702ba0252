import { createConnection, type Socket } from 'node:net';

/** A GET whose request line is sent and whose headers are not finished yet. */
export interface RequestInFlight {
  /** Ends the headers and resolves with the answer's status, headers and body (the server closes after it). */
  finish(): Promise<{ status: number; headers: Record<string, string>; body: string }>;
}

/**
 * Starts `GET path` on a connection of its own and stops before the blank line that ends the
 * headers, as a load balancer's health check is caught by a shutdown: the connection is busy with
 * a request, so a closing server neither drops it as idle nor can refuse it, and must answer it.
 */
export function startRequest(baseUrl: string, path: string): Promise<RequestInFlight> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket: Socket = createConnection({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    const ended = new Promise<string>((done, fail) => {
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.once('end', () => done(Buffer.concat(chunks).toString('utf8')));
      socket.once('error', fail);
    });
    ended.catch(() => {});
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n`, () =>
        resolve({
          async finish() {
            // The last header asks the server to close after its answer, which marks the answer's end.
            socket.write('Connection: close\r\n\r\n');
            const text = await ended;
            const [head = '', body = ''] = text.split('\r\n\r\n', 2);
            const [statusLine = '', ...lines] = head.split('\r\n');
            const headers = Object.fromEntries(
              lines.map((line) => {
                const colon = line.indexOf(':');
                return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
              }),
            );
            return { status: Number(statusLine.split(' ')[1]), headers, body };
          },
        }),
      );
    });
  });
}

/** True when a new TCP connection to `baseUrl` is refused (the server no longer listens). */
export function refusesConnections(baseUrl: string): Promise<boolean> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}
