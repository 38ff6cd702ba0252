/**
 * Waline (https://waline.js.org), a comment server a site owner might pick instead of Booth, as a
 * peer in the same run: its server package is installed on demand into bench/.cache/waline (not a
 * workspace dependency), its tables are created from its published schema in a database of their
 * own on the bench's Postgres server, and it runs as its own processes on 127.0.0.1, without the
 * internet (Akismet off, its OAuth provider list answered in-process by waline/offline.cjs).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { BENCH_DATABASE_URL, ensureDatabase, siblingDatabase } from './bench-db.js';
import { type HttpCall, request } from './http-load.js';
import { sleep } from './stats.js';

/** The Waline server release the figures are for. */
export const WALINE_VERSION = '1.39.3';

const CACHE = fileURLToPath(new URL('../.cache/waline/', import.meta.url));
const PACKAGE = `${CACHE}node_modules/@waline/vercel/`;
const SCHEMA = fileURLToPath(new URL('../waline/waline.pgsql', import.meta.url));
const OFFLINE = fileURLToPath(new URL('../waline/offline.cjs', import.meta.url));

let installAllowed = true;

/**
 * Whether this run may install the peer when the cache lacks it. A quick run may not: it checks
 * that the benchmarks run, and must not wait a minute and a half on the npm registry (or fail
 * without one); it runs the peer only when an earlier full run installed it.
 */
export function allowWalineInstall(allowed: boolean): void {
  installAllowed = allowed;
}

/** Installs `@waline/vercel` into the cache folder unless this version is already there. */
export async function installWaline(): Promise<void> {
  const manifest = `${PACKAGE}package.json`;
  if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).version === WALINE_VERSION) return;
  if (!installAllowed) {
    throw new Error(
      `not installed in bench/.cache/waline, and a quick run does not install it (a full \`pnpm bench writes\` does, once)`,
    );
  }
  mkdirSync(CACHE, { recursive: true });
  if (!existsSync(`${CACHE}package.json`)) writeFileSync(`${CACHE}package.json`, '{ "private": true }\n');
  console.log(`  waline: installing @waline/vercel@${WALINE_VERSION} into bench/.cache/waline (once)`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const child = spawn(
    npm,
    ['install', '--prefix', CACHE, '--no-audit', '--no-fund', '--omit=dev', `@waline/vercel@${WALINE_VERSION}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10 * 60_000);
    child.once('error', reject);
    child.once('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  if (code !== 0 || !existsSync(manifest)) throw new Error(`npm install exited with ${code}: ${stderr.trim()}`);
}

/** Drops Waline's tables and creates them again from its published schema. */
async function resetTables(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      'drop table if exists wl_comment, wl_counter, wl_users; drop sequence if exists wl_comment_seq, wl_counter_seq, wl_users_seq',
    );
    await client.query(readFileSync(SCHEMA, 'utf8'));
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A comment as a visitor's browser posts it. */
export interface WalineComment {
  nick: string;
  mail: string;
  comment: string;
  url: string;
}

/** A running Waline server with an empty database. */
export interface WalineServer {
  port: number;
  /** The request that posts `comment` (each from its own address: Waline allows one comment per address a minute). */
  postCall(comment: WalineComment, n: number): HttpCall;
  /** The request for the first page of `path`'s comments, as Waline's client asks for it. */
  firstPageCall(path: string): HttpCall;
  /** Posts a comment; rejects unless Waline stored it. */
  post(comment: WalineComment): Promise<void>;
  /** Reads the first page of `path`: the comments on it and the page's total. */
  readFirstPage(path: string): Promise<{ comments: number; count: number }>;
  /** Stores `count` approved comments on `path` directly in Waline's table, shaped as its API stores them. */
  seedPage(path: string, count: number): Promise<void>;
  /** Checks that a POST reply is Waline's success. */
  checkPost(reply: { status: number; body: string }): void;
  /** Checks that a GET reply is a page of comments. */
  checkPage(reply: { status: number; body: string }): void;
  stop(): Promise<void>;
}

const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

/** An address of 10.x.y.z for the n-th request, so Waline's one-comment-a-minute check passes. */
const address = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

/**
 * Starts Waline's server (`node vanilla.js <port>`, as its Docker image does: a cluster master and
 * one worker) on an empty copy of its tables, and waits until it answers.
 */
export async function startWaline(): Promise<WalineServer> {
  await installWaline();
  // Waline's own database on the bench's Postgres server.
  const database = siblingDatabase('waline');
  const url = await ensureDatabase(database);
  await resetTables(url);
  const db = new URL(BENCH_DATABASE_URL);
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--require', OFFLINE, 'vanilla.js', String(port)], {
    cwd: PACKAGE,
    detached: true,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PG_HOST: db.hostname,
      PG_PORT: db.port || '5432',
      PG_DB: database,
      PG_USER: decodeURIComponent(db.username) || 'postgres',
      PG_PASSWORD: decodeURIComponent(db.password),
      PG_PREFIX: 'wl_',
      JWT_TOKEN: randomBytes(16).toString('hex'),
      AKISMET_KEY: 'false',
      OAUTH_URL: 'http://oauth.invalid/',
      SITE_URL: 'http://127.0.0.1',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const stop = async () => {
    agent.destroy();
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // The whole group: the cluster master and its worker.
    process.kill(-child.pid, 'SIGTERM');
    const force = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(force);
  };

  const server: WalineServer = {
    port,
    postCall: (comment, n) => ({
      method: 'POST',
      path: '/api/comment',
      body: JSON.stringify({ ...comment, link: '', ua: USER_AGENT }),
      headers: { 'x-forwarded-for': address(n), 'user-agent': USER_AGENT },
    }),
    firstPageCall: (path) => ({
      method: 'GET',
      path: `/api/comment?${new URLSearchParams({ path, page: '1', pageSize: '10', sortBy: 'insertedAt_desc' })}`,
      headers: { 'user-agent': USER_AGENT },
    }),
    checkPost: (reply) => {
      const parsed = JSON.parse(reply.body) as { errno?: number; errmsg?: string };
      if (reply.status !== 200 || parsed.errno !== 0) {
        throw new Error(`Waline refused a comment: ${reply.status} ${reply.body.slice(0, 200)}`);
      }
    },
    checkPage: (reply) => {
      if (reply.status !== 200 || !reply.body.startsWith('{"errno":0')) {
        throw new Error(`Waline's page failed: ${reply.status} ${reply.body.slice(0, 200)}`);
      }
    },
    post: async (comment) => {
      server.checkPost(await request(agent, port, server.postCall(comment, Math.floor(Math.random() * 2 ** 24))));
    },
    readFirstPage: async (path) => {
      const reply = await request(agent, port, server.firstPageCall(path));
      server.checkPage(reply);
      const page = JSON.parse(reply.body) as { data: { count: number; data: unknown[] } };
      return { comments: page.data.data.length, count: page.data.count };
    },
    seedPage: async (path, count) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(
          `insert into wl_comment (comment, insertedAt, ip, link, mail, nick, status, ua, url, createdAt, updatedAt)
           select 'Comment ' || g || ' on this page: a few sentences about how the product behaves.',
                  t, '10.0.' || (g / 256) || '.' || (g % 256), '', 'reader' || g || '@example.com', 'Reader ' || g,
                  'approved', $3, $1, t, t
           from generate_series(1, $2::int) g, lateral (select now()::timestamp(0) - make_interval(secs => $2::int - g) as t) s`,
          [path, count, USER_AGENT],
        );
      } finally {
        await client.end();
      }
    },
    stop,
  };

  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`Waline exited with ${code} before it answered: ${stderr.trim()}`))),
  );
  exited.catch(() => {});
  const deadline = performance.now() + 60_000;
  for (;;) {
    try {
      await Promise.race([server.readFirstPage('/ready'), exited]);
      return server;
    } catch (error) {
      if (child.exitCode !== null || performance.now() > deadline) {
        await stop();
        throw error;
      }
      await sleep(250);
    }
  }
}
