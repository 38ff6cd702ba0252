/**
 * Postgres aborts one of two transactions that deadlock (40P01) or cannot be serialized (40001).
 * The aborted one left nothing behind, so running it again is safe and usually succeeds at once.
 */
const RETRYABLE_CODES = new Set(['40P01', '40001']);

/** Runs a transaction, again (up to `attempts` times in all) when Postgres aborted it as a conflict. */
export async function retryOnConflict<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (attempt >= attempts || typeof code !== 'string' || !RETRYABLE_CODES.has(code)) throw error;
    }
  }
}
