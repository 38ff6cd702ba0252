/** Calls the HTTP API (`/api/v1`) of a test app with an API key, as a site's own system would. */
import type { ApiKeyCreateInput } from '@booth/shared';
import type { SiteRow } from '../../server/src/db/database.js';
import { createApiKey } from '../../server/src/domain/api-keys.js';
import { addStaff } from './staff-session.js';
import type { TestApp } from './test-app.js';

export interface ApiAnswer {
  status: number;
  headers: Headers;
  json: unknown;
}

export async function callApi(
  t: TestApp,
  method: 'GET' | 'POST',
  path: string,
  options: { secret?: string | null; body?: unknown; idempotencyKey?: string } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = {};
  if (options.secret) headers.authorization = `Bearer ${options.secret}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const response = await fetch(`${t.baseUrl}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
}

/** Makes a key on the site as a new owner; write and moderate keys act as a new staff member named `staffName`. */
export async function makeApiKey(
  t: TestApp,
  site: SiteRow,
  input: Omit<ApiKeyCreateInput, 'staffMemberId'>,
  staffName = 'Avery Agent',
): Promise<{ secret: string; keyId: string; staffMemberId: string | null }> {
  const owner = (await addStaff(t, site, 'owner')).account;
  const acting = input.scopes.some((s) => s !== 'read');
  const staff = acting ? (await addStaff(t, site, 'staff', staffName)).account : null;
  const { key, secret } = await createApiKey(
    t.app.services,
    { site, member: owner },
    {
      ...input,
      ...(staff ? { staffMemberId: staff.id } : {}),
    },
  );
  return { secret, keyId: key.id, staffMemberId: staff?.id ?? null };
}
