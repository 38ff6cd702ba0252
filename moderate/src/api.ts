/** The moderation view's HTTP calls: sign-in, the current session, sign-out, two-factor enrolment. */
import {
  ERROR_CODES,
  type ErrorBody,
  type Language,
  type StaffSessionView,
  type StaffTwoFactorEnabledView,
  type StaffTwoFactorSetupView,
} from '@booth/shared';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** For `rate_limited`: how long to wait before trying again. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, { credentials: 'same-origin', ...init });
  const body = (await response.json().catch(() => null)) as (T & { error?: ErrorBody }) | null;
  if (!response.ok || body === null) {
    const error = body?.error;
    throw new ApiError(
      error?.code ?? 'internal',
      error?.message ?? ERROR_CODES.internal,
      response.status,
      error?.retryAfterMs,
    );
  }
  return body;
}

/** The signed-in staff member, or null when nobody is; `expired` is the refusal when the session ended. */
export async function currentSession(): Promise<{ session: StaffSessionView | null; expired: ApiError | null }> {
  try {
    return { session: await call<StaffSessionView>('/moderate/api/session'), expired: null };
  } catch (error) {
    if (error instanceof ApiError && error.code === 'session_expired') return { session: null, expired: error };
    if (error instanceof ApiError && error.status === 401) return { session: null, expired: null };
    throw error;
  }
}

/** A JSON POST; `csrfToken` is the session's, needed by every route but sign-in. */
function post<T>(path: string, body: unknown, csrfToken?: string): Promise<T> {
  return call<T>(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
    body: JSON.stringify(body),
  });
}

/** What the sign-in form sends; `code` is the authenticator's or a recovery code, once the server asks for it. */
export interface SignInInput {
  email: string;
  password: string;
  site?: string | undefined;
  code?: string | undefined;
}

export function signIn({ email, password, site, code }: SignInInput): Promise<StaffSessionView> {
  return post<StaffSessionView>('/moderate/api/login', {
    email,
    password,
    ...(site ? { site } : {}),
    ...(code ? { code } : {}),
  });
}

/** Starts two-factor enrolment: the secret for the authenticator app. */
export function startTwoFactor(csrfToken: string): Promise<StaffTwoFactorSetupView> {
  return post('/moderate/api/two-factor/setup', {}, csrfToken);
}

/** Turns two-factor on with the app's first code; returns the recovery codes, shown once. */
export function enableTwoFactor(csrfToken: string, code: string): Promise<StaffTwoFactorEnabledView> {
  return post('/moderate/api/two-factor/enable', { code }, csrfToken);
}

/** Turns two-factor off with the password and a current (or recovery) code. */
export async function disableTwoFactor(csrfToken: string, password: string, code: string): Promise<void> {
  await post('/moderate/api/two-factor/disable', { password, code }, csrfToken);
}

/** Keeps the language the signed-in staff member picked with their account. */
export async function saveLanguage(csrfToken: string, language: Language): Promise<void> {
  await post('/moderate/api/language', { language }, csrfToken);
}

export async function signOut(csrfToken: string): Promise<void> {
  await call('/moderate/api/logout', { method: 'POST', headers: { 'x-csrf-token': csrfToken } });
}
