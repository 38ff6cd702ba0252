/**
 * Limits on the widget's WebSockets that keep one client from holding a node's sockets, file
 * descriptors or boards: the heartbeat, the time to the first request, caps on open sockets, on
 * invalid frames and on the boards one socket may follow. Server-wide: set through environment
 * variables (see `config.ts`), or by `buildApp({ ws })` in tests.
 */
export interface SocketLimits {
  /**
   * The server pings every socket this often; a socket that has not answered the previous ping
   * (dead, no longer reading, or stuck halfway through a frame) is dropped. Env
   * `WS_PING_INTERVAL_MS`, default 30,000: a socket that stops answering is gone within two intervals.
   */
  pingIntervalMs: number;
  /**
   * A socket that sends no valid request this long after opening is closed (`timeout`, 4000).
   * The widget says `hello` at once. Env `WS_FIRST_REQUEST_TIMEOUT_MS`, default 15,000.
   */
  firstRequestTimeoutMs: number;
  /**
   * Open sockets per network (an IPv4 address or an IPv6 /64) on one node; one more is closed at
   * once (`busy`, 1013) and its widget retries later. Env `WS_MAX_SOCKETS_PER_NETWORK`, default 100.
   */
  maxSocketsPerNetwork: number;
  /**
   * Open sockets per signed-in member (or guest) on one node; a socket that signs in beyond it is
   * closed (`policy`, 1008). Env `WS_MAX_SOCKETS_PER_MEMBER`, default 20.
   */
  maxSocketsPerMember: number;
  /**
   * Invalid frames (bad JSON, unknown types, failed validation, too large, binary) a socket may
   * send within `badFrameWindowMs`; the next one closes it (`policy`, 1008). Each one before gets
   * its typed error. Env `WS_BAD_FRAME_LIMIT`, default 20.
   */
  badFrameLimit: number;
  /** The window of `badFrameLimit`. Env `WS_BAD_FRAME_WINDOW_MS`, default 60,000. */
  badFrameWindowMs: number;
  /**
   * Distinct boards one socket may subscribe to in its life (a widget follows one); subscribing to
   * one more closes it (`policy`, 1008) before any board is looked up or created. Env
   * `WS_MAX_BOARDS_PER_SOCKET`, default 10.
   */
  maxBoardsPerSocket: number;
}

export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  pingIntervalMs: 30_000,
  firstRequestTimeoutMs: 15_000,
  maxSocketsPerNetwork: 100,
  maxSocketsPerMember: 20,
  badFrameLimit: 20,
  badFrameWindowMs: 60_000,
  maxBoardsPerSocket: 10,
};

/** Bounds of each limit: wider would be a typo or turn a defense off. */
export const SOCKET_LIMIT_RANGES: Record<keyof SocketLimits, readonly [number, number]> = {
  pingIntervalMs: [10, 3_600_000],
  firstRequestTimeoutMs: [10, 3_600_000],
  maxSocketsPerNetwork: [1, 1_000_000],
  maxSocketsPerMember: [1, 100_000],
  badFrameLimit: [1, 100_000],
  badFrameWindowMs: [10, 86_400_000],
  maxBoardsPerSocket: [1, 10_000],
};

/** Fills in defaults and checks every limit, throwing an error that names a bad one. */
export function resolveSocketLimits(given: Partial<SocketLimits> = {}): SocketLimits {
  const limits = { ...DEFAULT_SOCKET_LIMITS };
  for (const key of Object.keys(SOCKET_LIMIT_RANGES) as (keyof SocketLimits)[]) {
    const value = given[key];
    if (value === undefined) continue;
    const [min, max] = SOCKET_LIMIT_RANGES[key];
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new Error(`socket limit ${key} must be a whole number from ${min} to ${max}, got ${value}`);
    }
    limits[key] = value;
  }
  return limits;
}
