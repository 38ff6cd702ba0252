import { describe, expect, it } from 'vitest';
import { retryOnConflict } from '../../server/src/db/retry-conflicts.js';

const failure = (code: string) => Object.assign(new Error(`failed with ${code}`), { code });

describe('retryOnConflict', () => {
  it('runs again after a deadlock or a serialization failure, and returns the result', async () => {
    const codes = ['40P01', '40001'];
    let runs = 0;
    const result = await retryOnConflict(async () => {
      const code = codes[runs++];
      if (code) throw failure(code);
      return 'stored';
    });
    expect([result, runs]).toEqual(['stored', 3]);
  });

  it('gives up after the last attempt with the last error', async () => {
    let runs = 0;
    await expect(
      retryOnConflict(async () => {
        runs++;
        throw failure('40P01');
      }, 2),
    ).rejects.toThrow('failed with 40P01');
    expect(runs).toBe(2);
  });

  it('does not run again after any other error', async () => {
    let runs = 0;
    await expect(
      retryOnConflict(async () => {
        runs++;
        throw failure('23505');
      }),
    ).rejects.toThrow('failed with 23505');
    expect(runs).toBe(1);
  });
});
