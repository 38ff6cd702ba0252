import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { pipelineBegin } from '../../server/src/db/pipelined-begin.js';

/** A client that records what it is sent, and answers each statement as `answer` says. */
function recordingClient(answer: (text: unknown) => Promise<unknown>) {
  const sent: unknown[] = [];
  const client = {
    query: (...args: unknown[]) => {
      sent.push(args[0]);
      return answer(args[0]);
    },
  } as unknown as pg.PoolClient;
  pipelineBegin(client);
  return { client, sent };
}

describe('pipelineBegin', () => {
  it('answers begin at once and sends it before the next statement, which answers as it did', async () => {
    let answerBegin: (value: unknown) => void = () => {};
    const { client, sent } = recordingClient((text) =>
      text === 'begin' ? new Promise((resolve) => (answerBegin = resolve)) : Promise.resolve({ rows: [{ n: 1 }] }),
    );
    const begun = await client.query('begin', []);
    expect(begun).toMatchObject({ command: 'BEGIN', rows: [] });
    const statement = client.query('select 1 as n', []);
    expect(sent).toEqual(['begin', 'select 1 as n']);
    let settled = false;
    void statement.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    // The statement's answer is not handed on before the begin's.
    expect(settled).toBe(false);
    answerBegin({ command: 'BEGIN' });
    await expect(statement).resolves.toEqual({ rows: [{ n: 1 }] });
    // Only the first statement after a begin waits for it.
    await expect(client.query('select 2', [])).resolves.toEqual({ rows: [{ n: 1 }] });
  });

  it("fails the next statement with the begin's own error when the begin fails", async () => {
    const { client } = recordingClient((text) =>
      Promise.reject(new Error(text === 'begin' ? 'Connection terminated' : 'Client was closed')),
    );
    await client.query('begin', []);
    await expect(client.query('insert into t values (1)', [])).rejects.toThrow('Connection terminated');
  });

  it('passes other statements, and a begin with values, through as they came', async () => {
    const { client, sent } = recordingClient(async (text) => ({ text }));
    await expect(client.query('begin isolation level serializable', [])).resolves.toEqual({
      text: 'begin isolation level serializable',
    });
    await expect(client.query('commit')).resolves.toEqual({ text: 'commit' });
    expect(sent).toEqual(['begin isolation level serializable', 'commit']);
  });
});
