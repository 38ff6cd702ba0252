/**
 * The sign-in form's state: whether it asks for a second factor, and the refusal to show.
 * An account with two-factor on is first refused with `two_factor_required`; the form then
 * keeps the email and password and adds the authentication code field.
 */
export interface SignInState {
  /** True once the server asked for an authenticator or recovery code. */
  codeNeeded: boolean;
  /** The refusal of the last attempt (the view words it in the staff member's language); null when there is nothing to show. */
  error: unknown;
}

export const SIGN_IN_START: SignInState = { codeNeeded: false, error: null };

/** The code of a refusal (ApiError or RequestError), if it carries one. */
function errorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/** The state after a refused sign-in. */
export function signInRefused(state: SignInState, error: unknown): SignInState {
  const code = errorCode(error);
  // Asked for the second factor: not a mistake, so nothing to show but the new field.
  if (code === 'two_factor_required') return { codeNeeded: true, error: null };
  // A locked account takes no code until the lockout ends or an owner lifts it.
  if (code === 'account_locked') return { codeNeeded: false, error };
  return { codeNeeded: state.codeNeeded, error };
}

/** The code as typed: spaces dropped (apps show `123 456`); empty means none. */
export function typedCode(value: FormDataEntryValue | null): string | undefined {
  const code = String(value ?? '').replace(/\s+/g, '');
  return code === '' ? undefined : code;
}
