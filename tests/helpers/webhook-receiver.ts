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
  /** Called after each request is recorded, so waits resolve on the request itself. */
  private readonly listeners = new Set<() => void>();
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
        for (const listener of [...r.listeners]) listener();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    self = new WebhookReceiver(server, `http://127.0.0.1:${port}${path}`);
    return self;
  }

  /** Waits until `count` requests (any status) have arrived that match. */
  waitFor(
    count: number,
    match: (h: ReceivedHook) => boolean = () => true,
    timeoutMs = 20_000,
  ): Promise<ReceivedHook[]> {
    const hits = () => this.received.filter(match);
    if (hits().length >= count) return Promise.resolve(hits());
    return new Promise((resolve, reject) => {
      const check = () => {
        if (hits().length < count) return;
        this.listeners.delete(check);
        clearTimeout(timer);
        resolve(hits());
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`timed out: ${hits().length} of ${count} webhook requests`));
      }, timeoutMs);
      this.listeners.add(check);
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
