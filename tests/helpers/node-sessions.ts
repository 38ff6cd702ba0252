import { expect } from 'vitest';
import type { SocketSession } from '../../server/src/transport/ws-session.js';
import type { TestApp } from './test-app.js';

// The node's own view of its sockets, for facts a client cannot see: that the node has noticed a
// close, or has read a frame.

/**
 * The node's side of the one socket opened since `earlier` was taken. The node adds it while
 * answering the upgrade, so it is there by the time the client's socket is open.
 */
export function openedSince(t: TestApp, earlier: ReadonlySet<SocketSession>): SocketSession {
  const opened = [...t.app.sessions].filter((session) => !earlier.has(session));
  expect(opened).toHaveLength(1);
  return opened[0] as SocketSession;
}

/** Resolves once the node has noticed that its side of a socket closed, and forgotten the socket. */
export function forgotten(t: TestApp, session: SocketSession): Promise<void> {
  if (!t.app.sessions.has(session)) return Promise.resolve();
  // The transport's own close listener, attached first, forgets the socket before this one runs.
  return new Promise((resolve) => session.socket.once('close', () => resolve()));
}

/** Resolves once the node has read the next frame on its side of a socket. */
export function nextFrameRead(session: SocketSession): Promise<void> {
  // The transport's own message listener, attached first, has taken the frame before this one runs.
  return new Promise((resolve) => session.socket.once('message', () => resolve()));
}
