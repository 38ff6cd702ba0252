import { readdirSync } from 'node:fs';
import { processStat } from './machine.js';

/** Each process of a server (the postmaster and its children) with the CPU seconds it has used so far. */
function serverProcesses(postmaster: number): Map<number, number> {
  const found = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = processStat(pid);
    if (stat && (pid === postmaster || stat.parent === postmaster)) found.set(pid, stat.cpuSeconds);
  }
  return found;
}

/**
 * The CPU a Postgres server's processes use over a stretch of time: its postmaster and every child
 * (backends, WAL sender or receiver, replay, checkpointer, autovacuum). Backends come and go with
 * their connections, so it looks every `intervalMs` and keeps each process's last figure: one that
 * starts counts from nothing, one that exits keeps what it had used when last seen.
 */
export class ServerCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly postmaster: () => number,
    intervalMs = 200,
  ) {
    for (const [pid, seconds] of serverProcesses(postmaster())) {
      this.first.set(pid, seconds);
      this.last.set(pid, seconds);
    }
    this.timer = setInterval(() => this.look(), intervalMs);
  }

  private look(): void {
    for (const [pid, seconds] of serverProcesses(this.postmaster())) this.last.set(pid, seconds);
  }

  /** Stops looking; returns the CPU seconds the server's processes used since this began. */
  stop(): number {
    clearInterval(this.timer);
    this.look();
    let total = 0;
    for (const [pid, seconds] of this.last) total += seconds - (this.first.get(pid) ?? 0);
    return total;
  }
}
