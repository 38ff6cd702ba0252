import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  /** Status this receiver answered with. */
  answered: number;
}

/** A real HTTP server on loopback that records webhook requests and answers as told. */
export class WebhookReceiver {
  readonly received: ReceivedHook[] = [];
  /** Statuses to answer with, in order; when used up, `fallback` is answered. */
  script: number[] = [];
  fallback = 200;
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(path = '/hooks'): Promise<WebhookReceiver> {
    let self: WebhookReceiver | null = null;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r = self as WebhookReceiver;
        const status = r.script.shift() ?? r.fallback;
        r.received.push({
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
          answered: status,
        });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    self = new WebhookReceiver(server, `http://127.0.0.1:${port}${path}`);
    return self;
  }

  /** Waits until `count` requests (any status) have arrived that match. */
  async waitFor(
    count: number,
    match: (h: ReceivedHook) => boolean = () => true,
    timeoutMs = 20_000,
  ): Promise<ReceivedHook[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hits = this.received.filter(match);
      if (hits.length >= count) return hits;
      if (Date.now() > deadline) throw new Error(`timed out: ${hits.length} of ${count} webhook requests`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
