import type { Fanout } from '../fanout/fanout.js';
import { MAX_PRESENCE_TTL_MS, PRESENCE_SITES_PER_SIGNAL, type PresenceSignal } from '../fanout/signals.js';

export interface StaffPresenceOptions {
  /** This node's id in its announcements. */
  nodeId: string;
  fanout: Pick<Fanout, 'publishSignal'>;
  /** Period of the heartbeat that repeats this node's counts, in ms. */
  heartbeatMs: number;
  /** Heartbeats missed after which the other nodes forget this node's counts (its announcements say so). */
  expiryHeartbeats: number;
  /** Told when staff come to or leave a site as a whole (every node counted). */
  onChange: (siteId: string, staffOnline: boolean) => void;
}

/** What one other node last announced for one site. */
interface RemoteCount {
  count: number;
  /** The announcement's number; an older one arriving late is ignored. */
  seq: number;
  expiresAt: number;
}

/**
 * Staff presence across the cluster: how many moderation views are open per site on this node
 * and, as announced over the fan-out, on every other node. Each node announces its count for a
 * site when it changes and repeats all its counts at every heartbeat; a node's counts hold for
 * `expiryHeartbeats` heartbeats unless repeated, so a node that dies without a goodbye is
 * forgotten within a bounded time.
 */
export class StaffPresence {
  private readonly local = new Map<string, number>();
  /** Site id → node id → that node's last announcement for the site. */
  private readonly remote = new Map<string, Map<string, RemoteCount>>();
  /** Sites whose customers here were last told "Staff online". */
  private readonly online = new Set<string>();
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  private answerScheduled = false;
  /** Wakes up when the soonest announcement runs out (each node sets its own time to live). */
  private expiryTimer: NodeJS.Timeout | null = null;
  private expiryAt = Number.POSITIVE_INFINITY;

  constructor(private readonly options: StaffPresenceOptions) {}

  /** Starts the heartbeat, and asks the other nodes for their counts. */
  start(): void {
    this.announceAll(true);
    this.timer = setInterval(() => this.announceAll(false), this.options.heartbeatMs);
    this.timer.unref();
  }

  /** For a node shutting down: stops the timers and announces zero for each site it counted. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.timer = null;
    this.expiryTimer = null;
    const goodbye = [...this.local.keys()].map((siteId): [string, number] => [siteId, 0]);
    this.announce(goodbye, false);
    this.local.clear();
  }

  /** Sets how many moderation views of the site are open on this node, and tells the other nodes. */
  setLocal(siteId: string, count: number): void {
    if (count > 0) this.local.set(siteId, count);
    else this.local.delete(siteId);
    this.announce([[siteId, count]], false);
    this.settle(siteId);
  }

  /** Moderation views open for the site, on every node. */
  total(siteId: string): number {
    let total = this.local.get(siteId) ?? 0;
    const now = Date.now();
    for (const entry of this.remote.get(siteId)?.values() ?? []) if (entry.expiresAt > now) total += entry.count;
    return total;
  }

  isOnline(siteId: string): boolean {
    return this.total(siteId) > 0;
  }

  /** Takes another node's announcement. */
  receive(signal: PresenceSignal): void {
    const expiresAt = Date.now() + signal.ttlMs;
    for (const [siteId, count] of signal.sites) {
      let nodes = this.remote.get(siteId);
      if (!nodes) {
        nodes = new Map();
        this.remote.set(siteId, nodes);
      }
      const last = nodes.get(signal.node);
      if (last && last.seq >= signal.seq) continue;
      // A zero is kept until it expires too, so an older count arriving late cannot undo it.
      nodes.set(signal.node, { count, seq: signal.seq, expiresAt });
      this.settle(siteId);
    }
    if (signal.sites.length > 0) this.expireAt(expiresAt);
    if (signal.ask) this.answerSoon();
  }

  /** After a reconnect, announcements may have been lost both ways: repeat this node's and ask for the others'. */
  resync(): void {
    this.announceAll(true);
  }

  /** Several nodes may ask at once (a Postgres restart): one answer covers them all. */
  private answerSoon(): void {
    if (this.answerScheduled) return;
    this.answerScheduled = true;
    setImmediate(() => {
      this.answerScheduled = false;
      if (this.timer) this.announceAll(false);
    });
  }

  /** Makes sure the expiry check runs by `at`. */
  private expireAt(at: number): void {
    if (at >= this.expiryAt || this.timer === null) return;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryAt = at;
    this.expiryTimer = setTimeout(() => this.expire(), Math.max(0, at - Date.now()));
    this.expiryTimer.unref();
  }

  /** Forgets the counts of nodes that stopped announcing, then waits for the next to run out. */
  private expire(): void {
    this.expiryTimer = null;
    this.expiryAt = Number.POSITIVE_INFINITY;
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    for (const [siteId, nodes] of this.remote) {
      for (const [node, entry] of nodes) {
        if (entry.expiresAt <= now) nodes.delete(node);
        else next = Math.min(next, entry.expiresAt);
      }
      if (nodes.size === 0) this.remote.delete(siteId);
      this.settle(siteId);
    }
    if (next < Number.POSITIVE_INFINITY) this.expireAt(next);
  }

  /** Tells this node's customers when the site's state has flipped. */
  private settle(siteId: string): void {
    const online = this.isOnline(siteId);
    if (online === this.online.has(siteId)) return;
    if (online) this.online.add(siteId);
    else this.online.delete(siteId);
    this.options.onChange(siteId, online);
  }

  private announceAll(ask: boolean): void {
    this.announce([...this.local], ask);
  }

  private announce(sites: Array<[string, number]>, ask: boolean): void {
    if (sites.length === 0 && !ask) return;
    const ttlMs = Math.min(this.options.heartbeatMs * this.options.expiryHeartbeats, MAX_PRESENCE_TTL_MS);
    // At least one signal: an ask goes out even from a node with no counts.
    let start = 0;
    do {
      this.seq += 1;
      this.options.fanout.publishSignal({
        kind: 'presence',
        node: this.options.nodeId,
        seq: this.seq,
        ttlMs,
        sites: sites.slice(start, start + PRESENCE_SITES_PER_SIGNAL),
        ...(ask ? { ask } : {}),
      });
      start += PRESENCE_SITES_PER_SIGNAL;
    } while (start < sites.length);
  }
}
