// The access_token for HTTPS calls: fetched once, shared by every call in this
// instance (concurrent callers wait for the same fetch), and fetched again
// shortly before WeChat says it expires or when WeChat rejects it.

export interface FetchedToken {
  accessToken: string;
  expiresInSeconds: number;
}

export type FetchToken = (deadlineAt: number) => Promise<FetchedToken>;

export interface AccessTokenCache {
  /** A token believed valid; fetches one if there is none. */
  get(deadlineAt: number): Promise<string>;
  /** Forgets `token` if it is still the cached one (another call may already have replaced it). */
  invalidate(token: string): void;
}

/**
 * In normal mode WeChat hands out a new stable token in the last 5 minutes of
 * the old one, and keeps the old one valid meanwhile; asking within that window
 * gets the successor before the old token dies.
 */
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60 * 1000;

export function tokenLifetimeMs(expiresInSeconds: number): number {
  const lifetime = Math.max(0, expiresInSeconds * 1000);
  return lifetime - Math.min(REFRESH_BEFORE_EXPIRY_MS, lifetime / 2);
}

export function createAccessTokenCache(fetchToken: FetchToken, now: () => number = () => Date.now()): AccessTokenCache {
  let cached: { value: string; staleAt: number } | undefined;
  let pending: Promise<string> | undefined;

  return {
    get(deadlineAt) {
      if (cached !== undefined && now() < cached.staleAt) return Promise.resolve(cached.value);
      // The first caller's deadline bounds the shared fetch; a caller that joins it may lose a little of its own budget.
      if (pending === undefined) {
        pending = fetchToken(deadlineAt)
          .then(({ accessToken, expiresInSeconds }) => {
            cached = { value: accessToken, staleAt: now() + tokenLifetimeMs(expiresInSeconds) };
            return accessToken;
          })
          .finally(() => {
            pending = undefined;
          });
      }
      return pending;
    },
    invalidate(token) {
      if (cached !== undefined && cached.value === token) cached = undefined;
    },
  };
}
