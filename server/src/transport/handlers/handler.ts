import type { ClientMessageOf, ClientMessageType, ResultOf } from '@booth/shared';
import type { SocketSession } from '../ws-session.js';

/** Answers one request type for one socket; throws a DomainError to refuse. */
export type Handler<T extends ClientMessageType> = (
  session: SocketSession,
  msg: ClientMessageOf<T>,
) => Promise<ResultOf<T>>;

/** Handlers for a group of request types. */
export type HandlerTable<K extends ClientMessageType> = { [T in K]: Handler<T> };
