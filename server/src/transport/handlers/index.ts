import type { ClientMessageType } from '@booth/shared';
import { badgeHandlers } from './badge-handlers.js';
import { customerHandlers } from './customer-handlers.js';
import { faqHandlers } from './faq-handlers.js';
import type { Handler } from './handler.js';
import { imageHandlers } from './image-handlers.js';
import { insightsHandlers } from './insights-handlers.js';
import { mailHandlers } from './mail-handlers.js';
import { searchHandlers } from './search-handlers.js';
import { staffHandlers } from './staff-handlers.js';

export type { Handler } from './handler.js';

/**
 * Every request type and the handler that answers it. Each area (customers, staff, …) keeps its
 * handlers in its own file; the type below fails to compile if a request type has none.
 */
export const HANDLERS: { [T in ClientMessageType]: Handler<T> } = {
  ...customerHandlers,
  ...searchHandlers,
  ...insightsHandlers,
  ...staffHandlers,
  ...mailHandlers,
  ...imageHandlers,
  ...faqHandlers,
  ...badgeHandlers,
};
