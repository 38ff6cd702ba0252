import * as v from 'valibot';
import type { ErrorBody } from './error-codes.js';
import { ERROR_CODES } from './errors.js';
import { LIMITS } from './limits.js';
import { CLIENT_MESSAGE_TYPES, type ClientMessage, ClientMessageSchema } from './schemas.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; id: string | null; error: ErrorBody };

/** Names the first failing field, e.g. `title: must be at least 3 characters`. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  if (!issue) return ERROR_CODES.invalid_message;
  const path = v.getDotPath(issue);
  return path ? `${path}: ${issue.message}` : issue.message;
}

/**
 * What is wrong with a value, as data a form words in its own language: the check that failed
 * (valibot's `min_length`, `max_length`, `regex`, `email`, `check`...) and its requirement (a
 * length, or the predicate of a `check`). Null when the value passes.
 */
export function firstProblem(schema: v.GenericSchema, value: unknown): { type: string; requirement: unknown } | null {
  const result = v.safeParse(schema, value);
  if (result.success) return null;
  const issue = result.issues[0];
  return { type: issue.type, requirement: 'requirement' in issue ? issue.requirement : undefined };
}

/** Validates any value against a schema, returning a typed error body on failure. */
export function check<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
): { ok: true; value: v.InferOutput<S> } | { ok: false; error: ErrorBody } {
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, value: result.output };
  return { ok: false, error: { code: 'invalid_message', message: describeIssues(result.issues) } };
}

/** UTF-8 length of a string, counted without encoding it (a lone surrogate counts as its 3-byte replacement). */
function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function readRequestId(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null;
  const id = (data as { id?: unknown }).id;
  return typeof id === 'string' && id.length > 0 && id.length <= LIMITS.requestIdChars ? id : null;
}

/**
 * Parses one raw frame into a client message. Never throws: a bad frame becomes a typed
 * error that still echoes the request id when one can be read.
 */
export function parseClientFrame(raw: string): Parsed<ClientMessage> {
  // The limit is in bytes; a string's length is in UTF-16 units, up to a third of its UTF-8 size.
  if (raw.length > LIMITS.frameBytes || (raw.length * 3 > LIMITS.frameBytes && utf8Bytes(raw) > LIMITS.frameBytes)) {
    return { ok: false, id: null, error: { code: 'too_large', message: ERROR_CODES.too_large } };
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, id: null, error: { code: 'bad_json', message: ERROR_CODES.bad_json } };
  }
  const id = readRequestId(data);
  const type = typeof data === 'object' && data !== null ? (data as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !(CLIENT_MESSAGE_TYPES as readonly string[]).includes(type)) {
    const message = typeof type === 'string' ? ERROR_CODES.unknown_type : 'type: is required';
    return { ok: false, id, error: { code: typeof type === 'string' ? 'unknown_type' : 'invalid_message', message } };
  }
  const result = v.safeParse(ClientMessageSchema, data);
  if (result.success) return { ok: true, value: result.output };
  return { ok: false, id, error: { code: 'invalid_message', message: describeIssues(result.issues) } };
}
