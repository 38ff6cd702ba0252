/** Where a guest's token is kept between visits: one entry per site, in the page's localStorage. */
export interface TokenStore {
  get(site: string): string | null;
  set(site: string, token: string): void;
  clear(site: string): void;
}

const keyFor = (site: string) => `booth:guest:${site}`;

/**
 * The browser's localStorage, when the page may use it. Storage can be blocked (privacy modes,
 * third-party contexts); then the guest simply stays a guest for this visit.
 */
export function localTokenStore(): TokenStore {
  const storage = (): Storage | null => {
    try {
      return globalThis.localStorage ?? null;
    } catch {
      return null;
    }
  };
  return {
    get: (site) => {
      try {
        return storage()?.getItem(keyFor(site)) ?? null;
      } catch {
        return null;
      }
    },
    set: (site, token) => {
      try {
        storage()?.setItem(keyFor(site), token);
      } catch {
        // Storage full or blocked: the identity lasts for this visit only.
      }
    },
    clear: (site) => {
      try {
        storage()?.removeItem(keyFor(site));
      } catch {
        // Nothing to clear when storage is blocked.
      }
    },
  };
}
