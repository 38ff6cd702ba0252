import type { MemberView, SitePolicyView } from '@booth/shared';
import { RequestError } from '@booth/shared/client';
import type { BoardCore } from './board-core.js';

/** Who the viewer is: the hello of every handshake, SSO changes of the host page, and guests. */
export class BoardIdentity {
  private helloRound = 0;
  /** The SSO token the current identity came from. */
  private identityToken = '';

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
    const guest = sso ? undefined : (core.tokens.get(siteKey) ?? undefined);
    let result: { me: MemberView | null; site: SitePolicyView };
    try {
      result = await core.connection.request({ type: 'hello', sso, guest }, { handshake });
      core.identityNotice = null;
    } catch (error) {
      if (!(error instanceof RequestError) || !['invalid_token', 'invalid_message'].includes(error.code)) {
        // The server signs a socket out before any hello; a refused one leaves it reading.
        if (round === this.helloRound && core.me !== null) {
          core.me = null;
          core.changed();
        }
        throw error;
      }
      if (sso) core.identityNotice = error.message;
      else core.tokens.clear(siteKey);
      result = await core.connection.request({ type: 'hello' }, { handshake });
    }
    if (round !== this.helloRound) return;
    core.me = result.me;
    core.site = result.site;
    core.changed();
  }

  /** Makes sure the viewer has an identity, creating a guest with `name` when needed. */
  async ensureIdentity(name: string): Promise<void> {
    const core = this.core;
    if (core.me) return;
    const { site } = core.config();
    const result = await core.connection.request({ type: 'guest.join', name });
    core.tokens.set(site, result.guestToken);
    core.me = result.me;
    core.changed();
  }
}
