/**
 * Coalescing of live events per socket: the event frames bound for one socket within one turn of
 * the event loop go out as one `batch` frame (see `BatchMessage` in shared/src/protocol.ts), so a
 * busy board costs each socket one write a turn instead of one per event. Each event is encoded
 * once for every socket; a batch is the concatenation of those bytes, built once for every run of
 * sockets that get the same events.
 */

const BATCH_START = Buffer.from('{"type":"batch","frames":[');
const COMMA = Buffer.from(',');
const BATCH_END = Buffer.from(']}');

/** A socket with event frames waiting for the end of the turn. */
export interface BatchingSocket {
  /** Sends the socket's waiting event frames, as one frame. */
  flushEvents(encoder: BatchEncoder): void;
}

/**
 * Builds batch frames from encoded event frames. Sockets of one board get the same events in the
 * same turn, one after another, so the last batch is kept and handed to the next socket whose
 * frames are the very same buffers.
 */
export class BatchEncoder {
  private lastFrames: Buffer[] | null = null;
  private lastBatch: Buffer | null = null;

  /** One frame for `frames`: the frame itself when alone (a plain `event`), else a `batch`. */
  encode(frames: Buffer[]): Buffer {
    if (frames.length === 1) return frames[0] as Buffer;
    const last = this.lastFrames;
    if (this.lastBatch && last && last.length === frames.length && last.every((frame, i) => frame === frames[i])) {
      return this.lastBatch;
    }
    const parts: Buffer[] = [BATCH_START];
    let length = BATCH_START.length + BATCH_END.length + frames.length - 1;
    frames.forEach((frame, i) => {
      if (i > 0) parts.push(COMMA);
      parts.push(frame);
      length += frame.length;
    });
    parts.push(BATCH_END);
    this.lastFrames = frames;
    this.lastBatch = Buffer.concat(parts, length);
    return this.lastBatch;
  }
}

/**
 * The node's sockets with event frames waiting, flushed together once per turn of the event loop
 * (`setImmediate`: after the I/O of the turn, so the events of every write that committed in it
 * travel together).
 */
export class EventOutbox {
  private waiting: BatchingSocket[] = [];

  /** Registers a socket whose first waiting frame this turn was just queued. */
  add(socket: BatchingSocket): void {
    if (this.waiting.length === 0) setImmediate(this.flush);
    this.waiting.push(socket);
  }

  private readonly flush = (): void => {
    const sockets = this.waiting;
    this.waiting = [];
    const encoder = new BatchEncoder();
    for (const socket of sockets) socket.flushEvents(encoder);
  };
}
