import type { MemberView, SitePolicyView } from '@booth/shared';
import { RequestError } from '@booth/shared/client';
import type { BoardCore } from './board-core.js';

/** Who the viewer is: the hello of every handshake and SSO changes of the host page (a guest's first name is a write). */
export class BoardIdentity {
  private helloRound = 0;
  /** The SSO token the current identity came from. */
  private identityToken = '';
  /**
   * The session token the server handed back for an SSO sign-in, and the SSO token it came from.
   * Reconnects use it, since the host page's token may be too old by then, or already used.
   */
  private session: { forToken: string; token: string } | null = null;

  constructor(private readonly core: BoardCore) {}

  /** True when the host page's SSO token changed since the last hello. */
  get stale(): boolean {
    return this.identityToken !== this.core.config().ssoToken;
  }

  /** Says who the viewer is. A refused token leaves the viewer reading as a visitor. */
  async hello(handshake: boolean): Promise<void> {
    const core = this.core;
    const round = ++this.helloRound;
    const { site: siteKey, ssoToken } = core.config();
    const sso = ssoToken || undefined;
    this.identityToken = ssoToken;
    // A magic sign-in lands here with `#…booth-session=TOKEN`: kept in place of the guest token, and
    // taken out of the address so that it is neither shared nor left in the history.
    const sent = /[#&]booth-session=(s1\.[\w.-]+)/.exec(String(globalThis.location?.hash));
    if (sent) {
      core.tokens.set(siteKey, sent[1] as string);
      history.replaceState(history.state, '', location.href.replace(sent[0], ''));
    }
    const kept = sso ? undefined : (core.tokens.get(siteKey) ?? undefined);
    const resume = sso
      ? this.session?.forToken === ssoToken
        ? this.session.token
        : undefined
      : kept?.startsWith('s1.')
        ? kept
        : undefined;
    let result: { me: MemberView | null; site: SitePolicyView; session?: string };
    try {
      const hello = resume ? { type: 'hello' as const, session: resume } : { type: 'hello' as const, sso, guest: kept };
      result = await core.connection.request(hello, { handshake });
      core.identityNotice = null;
    } catch (error) {
      if (sso && resume && error instanceof RequestError && error.code === 'invalid_token') {
        // The session ran out: sign in with the host page's token once more.
        this.session = null;
        return this.hello(handshake);
      }
      if (!(error instanceof RequestError) || !['invalid_token', 'invalid_message'].includes(error.code)) {
        // The server signs a socket out before any hello; a refused one leaves it reading.
        if (round === this.helloRound && core.me !== null) {
          core.me = null;
          core.changed();
        }
        throw error;
      }
      if (sso) core.identityNotice = error;
      else core.tokens.clear(siteKey);
      result = await core.connection.request({ type: 'hello' }, { handshake });
    }
    if (round !== this.helloRound) return;
    if (sso && result.session) this.session = { forToken: ssoToken, token: result.session };
    core.me = result.me;
    core.site = result.site;
    core.changed();
  }
}
