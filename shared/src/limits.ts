import { PAGE_URL_CHARS } from './page-url-limit.js';

/** Size limits shared by the widget (to stop bad input early) and the server (to enforce them). */
export const LIMITS = {
  /** Largest WebSocket frame the server accepts, in bytes. */
  frameBytes: 64 * 1024,
  /** Largest HTTP body the server accepts, in bytes. */
  httpBodyBytes: 64 * 1024,
  titleChars: 200,
  titleMinChars: 3,
  /** Markdown source of a post; Discourse caps posts at 32,000 characters. */
  bodyChars: 32_000,
  displayNameChars: 40,
  displayNameMinChars: 2,
  boardSlugChars: 64,
  idempotencyKeyChars: 64,
  requestIdChars: 64,
  tokenChars: 4096,
  avatarUrlChars: 500,
  /** The address of a brand page (a board's page). */
  pageUrlChars: PAGE_URL_CHARS,
  reasonChars: 500,
  /** Threads per page of a board listing. */
  pageSize: 20,
  /** Posts per page of an open thread: about a screen of them, so a long thread opens fast. */
  threadPageSize: 30,
  /**
   * Most posts a thread opens with when a link names a post (`until`): every post up to it is
   * sent, so a link deeper than this opens the thread at its first page instead.
   */
  threadLinkPosts: 2000,
  /** A client this many events behind gets a fresh snapshot instead of a replay. */
  resumeMaxEvents: 1000,
} as const;
