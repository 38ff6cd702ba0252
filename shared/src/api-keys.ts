/**
 * API keys: what a site's own systems (helpdesk, CRM, scripts) use to call Booth's HTTP API.
 * Owners make and revoke them in the moderation view; the secret is shown once.
 */
import * as v from 'valibot';
import { EntityId, noControlChars } from './fields.js';

/** What a key may do: read the site's boards; write as its staff member; moderate as them. */
export const API_SCOPES = ['read', 'write', 'moderate'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Scopes that act as a staff member, so a key with any of them names one. */
export const ACTING_SCOPES: readonly ApiScope[] = ['write', 'moderate'];

export const API_KEY_LIMITS = {
  /** Characters of a key's name. */
  nameChars: 80,
  /** Keys a site may have that are not revoked. */
  activeKeys: 50,
} as const;

export const ApiScopeSchema = v.picklist(API_SCOPES);

/** A key's name as owners write it: one line of plain text. */
export const ApiKeyName = v.pipe(
  v.string(),
  noControlChars,
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(API_KEY_LIMITS.nameChars),
);

/** The fields that make a key, for the HTTP body and the moderation view's message alike. */
export const API_KEY_CREATE_ENTRIES = {
  name: ApiKeyName,
  scopes: v.pipe(
    v.array(ApiScopeSchema),
    v.minLength(1, 'must name at least one scope'),
    v.check((scopes) => new Set(scopes).size === scopes.length, 'must not repeat a scope'),
  ),
  /** Required when a scope acts as staff (write, moderate); the server checks it is staff of the site. */
  staffMemberId: v.optional(EntityId),
};

/** What an owner gives to make a key; `staffMemberId` is required when a scope acts as staff. */
export const ApiKeyCreateInput = v.pipe(
  v.strictObject(API_KEY_CREATE_ENTRIES),
  v.check(
    (input) => input.staffMemberId !== undefined || !input.scopes.some((s) => ACTING_SCOPES.includes(s)),
    'a key that writes or moderates must name the staff member it acts as',
  ),
);
export type ApiKeyCreateInput = v.InferOutput<typeof ApiKeyCreateInput>;

/** A key as owners see it: never its secret, which only its creation shows. */
export interface ApiKeySummary {
  id: string;
  name: string;
  scopes: ApiScope[];
  staffMemberId: string | null;
  /** The acting staff member's display name, when there is one. */
  staffName: string | null;
  /** The secret's first characters, to tell keys apart. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
