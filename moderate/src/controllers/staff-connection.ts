import type { Language } from '@booth/shared';
import { Connection, type ConnectionStatus, socketUrl } from '@booth/shared/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface StaffConnectionHandlers {
  /** The staff feed is (again) live: reload what may have changed meanwhile. */
  onLive(): void;
  /** Something changed on a board of the site (a board event or a staff-only one). */
  onChange(): void;
  /** The socket dropped; a refused upgrade usually means the session ended. */
  onDrop(): void;
  /** The language the view shows, so the server's messages come in it too. */
  language?(): Language | null;
}

/** Longest wait between reconnect attempts of the moderation view. */
export const STAFF_MAX_BACKOFF_MS = 10_000;

/**
 * The moderation view's link to the server: the shared protocol client on the `/ws` endpoint
 * with `moderate=1` (the server reads the staff session cookie at the upgrade), subscribed to
 * the staff feed on every (re)connect.
 */
export class StaffConnectionController implements ReactiveController {
  /** The client of the current session; null while signed out. */
  connection: Connection | null = null;
  /** Staff members with the moderation view open, as of the last subscribe. */
  staffOnline = 0;

  private hostIsConnected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly handlers: StaffConnectionHandlers,
    private readonly createSocket?: (url: string) => WebSocket,
  ) {
    host.addController(this);
  }

  /** True once the staff feed is subscribed on the current socket. */
  get live(): boolean {
    return this.connection?.isOpen ?? false;
  }

  get status(): ConnectionStatus {
    return this.connection?.status ?? 'idle';
  }

  /** Connects for the session of site `siteKey`, replacing any earlier connection. */
  start(siteKey: string, origin: { protocol: string; host: string } = location): void {
    this.stop();
    const server = `${origin.protocol === 'https:' ? 'https' : 'http'}://${origin.host}`;
    // The client is driven by this controller, so it is handed a host that only forwards updates.
    const connection: Connection = new Connection(
      { addController: () => {}, requestUpdate: () => this.host.requestUpdate() },
      {
        url: () => socketUrl(server, { site: siteKey, moderate: '1', lang: this.handlers.language?.() ?? undefined }),
        handshake: async () => {
          const feed = await connection.request({ type: 'staff.subscribe' }, { handshake: true });
          this.staffOnline = feed.staffOnline;
          this.handlers.onLive();
        },
        onEvent: () => this.handlers.onChange(),
        onStaffEvent: () => this.handlers.onChange(),
        onResync: () => this.handlers.onChange(),
        onDrop: () => this.handlers.onDrop(),
        maxBackoffMs: STAFF_MAX_BACKOFF_MS,
        ...(this.createSocket ? { createSocket: this.createSocket } : {}),
      },
    );
    this.connection = connection;
    if (this.hostIsConnected) connection.hostConnected();
  }

  /** Closes the connection for good (signed out or session ended). */
  stop(): void {
    this.connection?.hostDisconnected();
    this.connection = null;
    this.staffOnline = 0;
  }

  hostConnected(): void {
    this.hostIsConnected = true;
    this.connection?.hostConnected();
  }

  hostDisconnected(): void {
    this.hostIsConnected = false;
    this.connection?.hostDisconnected();
  }
}
