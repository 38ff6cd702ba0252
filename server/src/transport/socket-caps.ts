import { networkKey } from '../limits/request-limits.js';

/** Counts held under keys, each up to a cap; keys at zero are dropped so memory follows open sockets. */
class CappedCounts {
  private readonly counts = new Map<string, number>();

  constructor(private readonly cap: number) {}

  /** Takes one under `key`; false (and nothing taken) when the key is at its cap. */
  take(key: string): boolean {
    const held = this.counts.get(key) ?? 0;
    if (held >= this.cap) return false;
    this.counts.set(key, held + 1);
    return true;
  }

  release(key: string): void {
    const held = this.counts.get(key) ?? 0;
    if (held <= 1) this.counts.delete(key);
    else this.counts.set(key, held - 1);
  }

  get size(): number {
    return this.counts.size;
  }
}

/**
 * Open sockets of this node per network (an IPv4 address or an IPv6 /64, as rate limits count
 * them) and per member. In memory and per node: a socket stays on its node, and the count must
 * be exact at the moment a socket opens or signs in.
 */
export class SocketCaps {
  private readonly networks: CappedCounts;
  private readonly members: CappedCounts;

  constructor(limits: { maxSocketsPerNetwork: number; maxSocketsPerMember: number }) {
    this.networks = new CappedCounts(limits.maxSocketsPerNetwork);
    this.members = new CappedCounts(limits.maxSocketsPerMember);
  }

  /** Counts a new socket from `ip`; false when its network already has its cap of sockets. */
  openFrom(ip: string): boolean {
    return this.networks.take(networkKey(ip));
  }

  closedFrom(ip: string): void {
    this.networks.release(networkKey(ip));
  }

  /** Counts a socket signed in as `memberId`; false when the member already has their cap. */
  signIn(memberId: string): boolean {
    return this.members.take(memberId);
  }

  signOut(memberId: string): void {
    this.members.release(memberId);
  }

  /** Networks and members with open sockets (for tests and metrics). */
  get tracked(): { networks: number; members: number } {
    return { networks: this.networks.size, members: this.members.size };
  }
}
