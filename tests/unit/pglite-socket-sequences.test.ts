import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../server/src/db/embedded-postgres.js';

let embedded: EmbeddedPostgres;
let pool: pg.Pool;

beforeAll(async () => {
  embedded = await startEmbeddedPostgres(null);
  pool = new pg.Pool({ connectionString: embedded.url, max: 8 });
  pool.on('error', () => {});
}, 60_000);

afterAll(async () => {
  await pool?.end();
  await embedded?.close();
});

describe('the embedded Postgres under concurrent connections', () => {
  it('keeps each parameterized query whole while other connections run transactions and fail', async () => {
    let wrong = 0;
    const errors: string[] = [];
    const transactions = (async () => {
      for (let i = 0; i < 150; i++) {
        const c = await pool.connect();
        try {
          await c.query('begin');
          await c.query('select $1::int as x', [i]);
          await c.query('commit');
        } catch (e) {
          errors.push(String(e));
        } finally {
          c.release();
        }
      }
    })();
    const failing = (async () => {
      for (let i = 0; i < 150; i++) await pool.query('select 1 / $1::int', [0]).catch(() => {});
    })();
    const readers = [0, 1, 2, 3, 4].map(async (n) => {
      for (let i = 0; i < 100; i++) {
        try {
          const { rows } = await pool.query('select $1::int * 2 as v, $2::text as tag', [i, `r${n}`]);
          if (rows[0].v !== i * 2 || rows[0].tag !== `r${n}`) wrong++;
        } catch (e) {
          errors.push(String(e));
        }
      }
    });
    await Promise.all([transactions, failing, ...readers]);
    expect(errors).toEqual([]);
    expect(wrong).toBe(0);
  }, 60_000);

  it('keeps each connection in the schema it chose', async () => {
    const a = new pg.Client(embedded.url);
    const b = new pg.Client(embedded.url);
    const plain = new pg.Client(embedded.url);
    for (const c of [a, b, plain]) await c.connect();
    try {
      await a.query('create schema if not exists sa');
      await a.query('set search_path to sa, public');
      await a.query("create table marker as select 'a' as who");
      await b.query('create schema if not exists sb');
      await b.query('SET search_path = sb, public;');
      await b.query("create table marker as select 'b' as who");
      await plain.query("create table if not exists public.marker as select 'public' as who");
      const seen = { a: new Set<string>(), b: new Set<string>(), plain: new Set<string>() };
      await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          seen.a.add((await a.query('select who from marker where $1::int >= 0', [i])).rows[0].who);
          seen.b.add((await b.query('select who from marker')).rows[0].who);
          seen.plain.add((await plain.query('select who from marker')).rows[0].who);
        }),
      );
      expect(seen).toEqual({ a: new Set(['a']), b: new Set(['b']), plain: new Set(['public']) });
    } finally {
      for (const c of [a, b, plain]) await c.end();
    }
  });
});
