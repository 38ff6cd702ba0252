/**
 * What a write tells the people who follow a thread. A write collects its notices and
 * enqueues them as ONE job in its own transaction; a worker later works out who gets what, so
 * the write never waits on followers or on SMTP.
 */

export type Notice =
  /** A visible reply (a staff reply is an answer); everyone following hears of it but its author. */
  | { type: 'reply'; threadId: string; postId: string; authorId: string }
  /** A reply was accepted as the answer, by `actorId`. */
  | { type: 'accepted'; threadId: string; postId: string; actorId: string }
  /** Staff moved the thread to another board; its author hears of it. */
  | { type: 'moved'; threadId: string; from: string; to: string }
  /** Staff hid the thread; its author hears of it. */
  | { type: 'hidden'; threadId: string }
  /** Staff approved the thread held for review; its author hears of it. */
  | { type: 'approved'; threadId: string };

export type NoticeType = Notice['type'];

/** Hands a notice to the write that is running; it is enqueued when the write commits its rows. */
export type Notify = (notice: Notice) => void;
