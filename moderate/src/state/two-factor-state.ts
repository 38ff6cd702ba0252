/**
 * The steps of two-factor enrolment on the Account tab: off, a secret waiting for its first
 * code, the recovery codes shown once, and on.
 */
export type TwoFactorStep =
  | { kind: 'off' }
  | { kind: 'confirming'; secret: string; uri: string }
  | { kind: 'recovery-codes'; recoveryCodes: string[] }
  | { kind: 'on' };

/** Where the tab starts for an account with two-factor on or off. */
export function twoFactorStart(on: boolean): TwoFactorStep {
  return on ? { kind: 'on' } : { kind: 'off' };
}

/**
 * The step to show when the session's two-factor flag is `on`: a step in progress stays
 * (enrolment and the recovery codes belong to this account), anything else follows the flag.
 */
export function twoFactorFollow(step: TwoFactorStep, on: boolean): TwoFactorStep {
  if (step.kind === 'confirming' && !on) return step;
  if (step.kind === 'recovery-codes' && on) return step;
  return twoFactorStart(on);
}

/** A base32 secret in groups of four, easier to type into an app by hand. */
export function groupedSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}
