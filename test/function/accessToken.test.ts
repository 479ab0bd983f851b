// The token cache on its own, with an injected clock and a fake fetch.
import { createAccessTokenCache, tokenLifetimeMs, type FetchedToken } from '../../cloudfunctions/getWaybill/src/accessToken';
import { UpstreamFailure } from '../../cloudfunctions/getWaybill/src/transportPort';
import { deferred } from '../support/deferred';

describe('access token cache', () => {
  it('shares one fetch between concurrent callers', async () => {
    const fetch = deferred<FetchedToken>();
    const fetchToken = jest.fn(() => fetch.promise);
    const tokens = createAccessTokenCache(fetchToken, () => 0);
    const waiting = [tokens.get(1000), tokens.get(1000), tokens.get(2000)];
    fetch.resolve({ accessToken: 'token-1', expiresInSeconds: 7200 });
    await expect(Promise.all(waiting)).resolves.toEqual(['token-1', 'token-1', 'token-1']);
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  it('keeps a token until shortly before WeChat says it expires, then fetches the next one', async () => {
    let now = 0;
    let issued = 0;
    const fetchToken = jest.fn(async () => ({ accessToken: `token-${++issued}`, expiresInSeconds: 7200 }));
    const tokens = createAccessTokenCache(fetchToken, () => now);
    await expect(tokens.get(Infinity)).resolves.toBe('token-1');
    now = tokenLifetimeMs(7200) - 1;
    await expect(tokens.get(Infinity)).resolves.toBe('token-1');
    now = tokenLifetimeMs(7200);
    await expect(tokens.get(Infinity)).resolves.toBe('token-2');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('refreshes inside the last five minutes, and at half-life for short-lived tokens', () => {
    expect(tokenLifetimeMs(7200)).toBe((7200 - 300) * 1000);
    expect(tokenLifetimeMs(300)).toBe(150 * 1000);
    expect(tokenLifetimeMs(0)).toBe(0);
  });

  it('forgets a rejected token, but not one another caller has already replaced', async () => {
    let issued = 0;
    const tokens = createAccessTokenCache(
      async () => ({ accessToken: `token-${++issued}`, expiresInSeconds: 7200 }),
      () => 0,
    );
    await tokens.get(Infinity);
    tokens.invalidate('token-1');
    await expect(tokens.get(Infinity)).resolves.toBe('token-2');
    tokens.invalidate('token-1'); // a late caller reporting the old token
    await expect(tokens.get(Infinity)).resolves.toBe('token-2');
  });

  it('does not cache a failed fetch: the next call tries again', async () => {
    const fetchToken = jest
      .fn<Promise<FetchedToken>, [number]>()
      .mockRejectedValueOnce(new UpstreamFailure('wechat', -1, 'busy'))
      .mockResolvedValueOnce({ accessToken: 'token-after-failure', expiresInSeconds: 7200 });
    const tokens = createAccessTokenCache(fetchToken, () => 0);
    await expect(tokens.get(Infinity)).rejects.toMatchObject({ errCode: -1 });
    await expect(tokens.get(Infinity)).resolves.toBe('token-after-failure');
  });
});
