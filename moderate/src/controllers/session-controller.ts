import type { Language, StaffSessionView } from '@booth/shared';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { currentSession, type SignInInput, signIn, signOut } from '../api.js';
import { errorText } from '../i18n/error-text.js';
import type { Wording } from '../i18n/strings.js';
import { SIGN_IN_START, type SignInState, signInRefused } from '../state/sign-in-state.js';

export interface SessionHandlers {
  /** A session began (restored at load or after sign-in). */
  started(session: StaffSessionView): void;
  /** The session ended; `say` words why. */
  ended(say: Wording): void;
  /** Something to tell the staff member, e.g. why the session could not be checked. */
  notify(say: Wording | null, ok?: boolean): void;
}

/** The staff session: restores it when the view loads, signs in and out, and ends it. */
export class SessionController implements ReactiveController {
  session: StaffSessionView | null = null;
  /** True while the view asks the server whether a session exists. */
  checking = true;
  /** True while a sign-in is under way. */
  signingIn = false;
  /** The sign-in form: whether it asks for a code, and why the last attempt was refused. */
  form: SignInState = SIGN_IN_START;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly handlers: SessionHandlers,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.check();
  }

  /** Asks the server for the current session and starts it if there is one. */
  async check(): Promise<void> {
    this.checking = true;
    this.host.requestUpdate();
    try {
      const { session, expired } = await currentSession();
      if (expired) this.handlers.notify((strings) => errorText(strings, expired));
      if (session) this.start(session);
    } catch (error) {
      this.handlers.notify((strings) => errorText(strings, error));
    } finally {
      this.checking = false;
      this.host.requestUpdate();
    }
  }

  /** Checks, after the socket dropped, whether the session is still there; ends it if not. */
  async confirm(): Promise<void> {
    const { session } = await currentSession();
    if (!session) this.end((strings) => strings.t('error.session_expired'));
  }

  /** Signs in; a refusal (or the request for a code) goes to `form`, shown by the sign-in form itself. */
  async signIn(input: SignInInput): Promise<void> {
    this.signingIn = true;
    this.handlers.notify(null);
    this.host.requestUpdate();
    try {
      const session = await signIn(input);
      this.form = SIGN_IN_START;
      this.start(session);
    } catch (error) {
      this.form = signInRefused(this.form, error);
    } finally {
      this.signingIn = false;
      this.host.requestUpdate();
    }
  }

  async signOut(): Promise<void> {
    if (this.session) await signOut(this.session.csrfToken).catch(() => {});
    const say: Wording = (strings) => strings.t('session.signedOut');
    this.end(say);
    this.handlers.notify(say, true);
  }

  /** Records the language now kept with the signed-in account. */
  setLanguage(language: Language): void {
    if (this.session) this.session = { ...this.session, language };
  }

  /** Records that two-factor sign-in was turned on or off for the signed-in account. */
  setTwoFactor(on: boolean): void {
    if (this.session) this.session = { ...this.session, twoFactor: on };
    this.host.requestUpdate();
  }

  /** Ends the session on this page, e.g. when the server says it expired; `say` words why. */
  end(say: Wording): void {
    this.session = null;
    this.form = SIGN_IN_START;
    this.handlers.ended(say);
    this.host.requestUpdate();
  }

  private start(session: StaffSessionView): void {
    this.session = session;
    this.handlers.started(session);
    this.host.requestUpdate();
  }
}
