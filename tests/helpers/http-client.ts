import { request } from 'node:http';
import WebSocket from 'ws';
import { TEST_ORIGIN } from './test-app.js';

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

/**
 * GETs `url` over a real connection with the given Origin header (null: none, as a server
 * does). node:http is used because fetch would not let a test choose the Origin.
 */
export function getJson<T = unknown>(url: string, origin: string | null = TEST_ORIGIN): Promise<HttpResponse<T>> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: origin === null ? {} : { origin } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : null });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Tries a WebSocket upgrade; returns 101 when it opened (and closes it), or the refusal's status, headers and JSON body. */
export function tryUpgrade(
  url: string,
  origin: string | null,
): Promise<{ status: number; body: unknown; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin === null ? {} : { origin });
    socket.once('open', () => {
      socket.close();
      resolve({ status: 101, body: null, headers: {} });
    });
    socket.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null, headers: res.headers });
      });
    });
    socket.on('error', reject);
  });
}
