import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import pg from 'pg';

/** What the figures were measured on. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  postgres: string;
  /** The Postgres settings that change write figures most, as the server runs now (`fsync on, autovacuum off`). */
  postgresSettings: string;
  /** 1-minute load average when the run started: other work on the machine skews the figures. */
  loadAtStart: number;
  openFilesLimit: number;
}

/** The 1-minute load average now (2 cores here: above 2 means other work competes for the CPU). */
export function loadNow(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}

/** This process's limit on open files (sockets count), from /proc. */
export function openFilesLimit(): number {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    return Number(line?.split(/\s{2,}/)[1] ?? Number.NaN);
  } catch {
    return Number.NaN;
  }
}

export async function describeMachine(databaseUrl: string): Promise<Machine> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ v: string }>('select current_setting($1) as v', ['server_version']);
  const settings = await client.query<{ name: string; setting: string }>(
    `select name, setting from pg_settings where name = any($1::text[]) order by name`,
    [['autovacuum', 'fsync', 'synchronous_commit']],
  );
  await client.end();
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres: rows[0]?.v ?? 'unknown',
    postgresSettings: settings.rows.map((r) => `${r.name} ${r.setting}`).join(', '),
    loadAtStart: loadNow(),
    openFilesLimit: openFilesLimit(),
  };
}

/** Resident memory of a process, in bytes, from /proc. */
export function residentBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/\d+/)?.[0] ?? 0) * 1024;
}

/** What /proc says of one process: its parent and the CPU seconds (user and system) it has used so far. */
export interface ProcessStat {
  parent: number;
  cpuSeconds: number;
}

/** Process `pid`'s parent and CPU time, from /proc; null when it is gone. */
export function processStat(pid: number): ProcessStat | null {
  try {
    // Fields after the command name (which may hold spaces) start at the state, field 3.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { parent: Number(fields[1]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS };
  } catch {
    return null;
  }
}

/** CPU seconds (user and system) process `pid` has used so far; 0 when it is gone. */
export function cpuSeconds(pid: number): number {
  return processStat(pid)?.cpuSeconds ?? 0;
}

/** Linux reports process times in clock ticks of 1/100 s on every platform Node runs on. */
const CLOCK_TICKS = 100;
