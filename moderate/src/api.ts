/** The moderation view's HTTP calls: sign-in, the current session, sign-out. */
import type { ErrorBody, StaffSessionView } from '@booth/shared';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, { credentials: 'same-origin', ...init });
  const body = (await response.json().catch(() => null)) as (T & { error?: ErrorBody }) | null;
  if (!response.ok || body === null) {
    const error = body?.error;
    throw new ApiError(error?.code ?? 'internal', error?.message ?? 'Something went wrong.', response.status);
  }
  return body;
}

/** The signed-in staff member, or null when nobody is (or the session ended). */
export async function currentSession(): Promise<{ session: StaffSessionView | null; notice: string | null }> {
  try {
    return { session: await call<StaffSessionView>('/moderate/api/session'), notice: null };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'session_expired') return { session: null, notice: error.message };
    if (error instanceof ApiError && error.status === 401) return { session: null, notice: null };
    throw error;
  }
}

export function signIn(email: string, password: string, site?: string): Promise<StaffSessionView> {
  return call<StaffSessionView>('/moderate/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, ...(site ? { site } : {}) }),
  });
}

export async function signOut(csrfToken: string): Promise<void> {
  await call('/moderate/api/logout', { method: 'POST', headers: { 'x-csrf-token': csrfToken } });
}
