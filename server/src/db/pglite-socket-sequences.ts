/**
 * Keeps each connection's extended-protocol sequence (Parse, Bind, Describe, Execute … Sync)
 * together on the embedded Postgres.
 *
 * PGlite is one backend shared by every connection of the socket server, and the server's queue
 * takes one protocol message at a time, keeping a connection's messages together only inside an
 * explicit transaction. Outside one, another connection's messages can run between a Parse and
 * its Execute and replace the unnamed statement or portal, giving errors such as
 * `portal "" does not exist` or, worse, another query's rows. This makes the queue stay with a
 * connection from its first message of a sequence until the Sync (or simple Query) that ends it.
 *
 * For the same reason `search_path` is one setting for every connection. Each connection's own
 * `set search_path to …` is remembered and set again whenever the backend turns to that
 * connection, so connections working in different schemas (a schema per test file) each see theirs.
 */
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData(data: Uint8Array): void;
  resolve(bytes: number): void;
  reject(error: unknown): void;
}

interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: {
    isInTransaction(): boolean;
    runExclusive<T>(fn: () => Promise<T>): Promise<T>;
    exec(sql: string): Promise<unknown>;
  } & {
    execProtocolRawStream(message: Uint8Array, options: { onRawData(data: Uint8Array): void }): Promise<unknown>;
  };
  processQueue(): Promise<void>;
}

/** Message types that continue a sequence; Sync ('S'), Query ('Q') and start-up messages end or stand alone. */
const IN_SEQUENCE = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));

const DEFAULT_SEARCH_PATH = '"$user", public';
const SET_SEARCH_PATH = /^\s*set\s+(?:session\s+)?search_path\s*(?:to|=)\s*(.+?)\s*;?\s*$/is;
const QUERY = 'Q'.charCodeAt(0);

/** The search path a simple `set search_path` Query message sets, if it is one. */
export function searchPathSetBy(message: Uint8Array): string | null {
  if (message[0] !== QUERY || message.length < 6) return null;
  const end = message.indexOf(0, 5);
  const text = new TextDecoder().decode(message.subarray(5, end === -1 ? undefined : end));
  return SET_SEARCH_PATH.exec(text)?.[1] ?? null;
}

/** Patches a socket server (pglite-socket 0.2) before it starts. */
export function keepProtocolSequencesTogether(server: PGLiteSocketServer): void {
  const q = (server as unknown as { queryQueue?: QueryQueue }).queryQueue;
  if (!q || !Array.isArray(q.queue) || typeof q.processQueue !== 'function') {
    throw new Error('pglite-socket internals changed: review keepProtocolSequencesTogether');
  }
  let midSequence = false;
  const paths = new Map<number, string>();
  let currentPath = DEFAULT_SEARCH_PATH;
  q.processQueue = async function processQueue(this: QueryQueue) {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const sticky = this.lastHandlerId !== null && (midSequence || this.db.isInTransaction());
        const at = sticky ? this.queue.findIndex((m) => m.handlerId === this.lastHandlerId) : 0;
        // The connection holding the backend has nothing queued yet: wait for it.
        if (at === -1) break;
        const [item] = this.queue.splice(at, 1) as [QueuedMessage];
        let bytes = 0;
        try {
          const wanted = paths.get(item.handlerId) ?? DEFAULT_SEARCH_PATH;
          if (!sticky && wanted !== currentPath) {
            await this.db.exec(`set search_path to ${wanted}`);
            currentPath = wanted;
          }
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          midSequence = false;
          item.reject(error);
          continue;
        }
        midSequence = IN_SEQUENCE.has(item.message[0] as number);
        const path = searchPathSetBy(item.message);
        if (path !== null) {
          paths.set(item.handlerId, path);
          currentPath = path;
        }
        this.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };
  // A connection that goes away mid-sequence must not hold the queue.
  const withClear = q as unknown as { clearQueueForHandler(id: number): void };
  const clear = withClear.clearQueueForHandler.bind(q);
  withClear.clearQueueForHandler = (id: number) => {
    clear(id);
    paths.delete(id);
    if (q.lastHandlerId === id && midSequence) {
      midSequence = false;
      void q.processQueue();
    }
  };
}
