import http from 'node:http';

/** A request unanswered this long fails the run instead of hanging it. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** `fetch` that gives up after `REQUEST_TIMEOUT_MS`, for the benchmarks' one-off requests. */
export function fetchWithin(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
}

/** The text of a node's /metrics. */
export async function metricsText(port: number): Promise<string> {
  return (await fetchWithin(`http://127.0.0.1:${port}/metrics`)).text();
}

/** One HTTP request of a closed-loop run: method, path and body (JSON), with extra headers. */
export interface HttpCall {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface HttpRun {
  /** Completed requests per second over the measured window. */
  perSecond: number;
  /** Latency of each request completed inside the window, in milliseconds. */
  latencies: number[];
  /** Requests completed inside the window. */
  done: number;
}

/**
 * Sends one request over `agent` and resolves with its status and body. Plain `http` with a
 * keep-alive agent rather than fetch: the load generator shares the cores with the server, and
 * fetch costs it several times more CPU per request.
 */
export function request(
  agent: http.Agent,
  port: number,
  call: HttpCall,
  origin?: string,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...call.headers };
    if (origin) headers.origin = origin;
    if (call.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(call.body));
    }
    const req = http.request(
      { host: '127.0.0.1', port, agent, method: call.method, path: call.path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    // A request the server never answers fails the run instead of hanging it.
    req.setTimeout(timeoutMs, () =>
      req.destroy(new Error(`${call.method} ${call.path} unanswered after ${timeoutMs} ms`)),
    );
    req.end(call.body);
  });
}

/**
 * Closed loop over `connections` keep-alive connections: each keeps one request in flight, for a
 * warm-up and then `seconds`, and only requests that start and finish inside the measured window
 * count. `check` sees every reply (a wrong status or body fails the run: a fast error is not a read).
 */
export async function closedLoop(options: {
  port: number;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  origin?: string;
  call: (n: number) => HttpCall;
  check: (reply: { status: number; body: string }) => void;
}): Promise<HttpRun> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const warmupEnds = performance.now() + options.warmupSeconds * 1000;
  const ends = warmupEnds + options.seconds * 1000;
  const latencies: number[] = [];
  let n = 0;
  const lane = async () => {
    while (performance.now() < ends) {
      const started = performance.now();
      const reply = await request(agent, options.port, options.call(n++), options.origin);
      const finished = performance.now();
      options.check(reply);
      if (started >= warmupEnds && finished <= ends) latencies.push(finished - started);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, lane));
  } finally {
    agent.destroy();
  }
  return { perSecond: latencies.length / options.seconds, latencies, done: latencies.length };
}
