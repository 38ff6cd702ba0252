import { newKey } from '@booth/shared/client';

/** Field name → problem, shown under the field. */
export type Problems<F extends string> = Partial<Record<F, string>>;

/**
 * The state of one form: its values, problems, busy flag and the idempotency key of the write
 * it sends. The key stays while the content stays, so pressing "Post" again after a failure
 * cannot post twice; editing the content makes a new key.
 */
export class Draft<F extends string> {
  values: Record<F, string>;
  problems: Problems<F> = {};
  /** The server's or connection's answer to the last attempt. */
  error = '';
  busy = false;
  private currentKey: string | null = null;
  /** When the form opened, for the composing time the spam policy weighs. */
  private readonly openedAt = performance.now();
  private keyComposeMs = 0;

  /** `describe` words a refused send in the board's language. */
  constructor(
    initial: Record<F, string>,
    private readonly onChange: () => void,
    private readonly describe: (error: unknown) => string,
  ) {
    this.values = { ...initial };
  }

  get key(): string {
    if (this.currentKey === null) {
      this.currentKey = newKey();
      this.keyComposeMs = Math.round(performance.now() - this.openedAt);
    }
    return this.currentKey;
  }

  /**
   * Milliseconds from opening the form to sending, fixed with the key: a retry sends the same
   * request, so it is recognised as one.
   */
  get composeMs(): number {
    void this.key;
    return this.keyComposeMs;
  }

  set(field: F, value: string): void {
    if (this.values[field] === value) return;
    this.values = { ...this.values, [field]: value };
    this.currentKey = null;
    if (this.problems[field]) this.problems = { ...this.problems, [field]: undefined };
    this.onChange();
  }

  /**
   * Checks the fields, then runs `send`. Returns true when it went through; problems and the
   * refusal message are kept on the draft for the form to show.
   */
  async submit(check: () => Problems<F>, send: () => Promise<void>): Promise<boolean> {
    if (this.busy) return false;
    this.problems = check();
    this.error = '';
    if (Object.values(this.problems).some(Boolean)) {
      this.onChange();
      return false;
    }
    this.busy = true;
    this.onChange();
    try {
      await send();
      this.currentKey = null;
      return true;
    } catch (error) {
      this.error = this.describe(error);
      return false;
    } finally {
      this.busy = false;
      this.onChange();
    }
  }
}
