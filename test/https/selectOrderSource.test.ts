// WAYBILL_TRANSPORT picks the transport; a deployment mistake is a NOT_CONFIGURED error naming the variable.
import type { OrderSource } from '../../cloudfunctions/getWaybill/src/orderSource';
import { orderSourceFor, selectOrderSource } from '../../cloudfunctions/getWaybill/src/selectOrderSource';

const cloud: OrderSource = async () => ({});
const https = { WAYBILL_TRANSPORT: 'https', WX_APPID: 'wx0000000000000000', WX_APPSECRET: 'placeholder-secret' };

describe('transport selection', () => {
  it.each(['http://127.0.0.1:8080', 'http://localhost:3000', 'http://[::1]:9000', 'https://api.weixin.qq.com'])(
    'accepts %s as the base URL',
    (url) => {
      expect(selectOrderSource({ ...https, WX_API_BASE_URL: url }, cloud).ok).toBe(true);
    },
  );

  it('a wrong setting becomes a transport that refuses every call with the setup error', async () => {
    const refusing = orderSourceFor({ WAYBILL_TRANSPORT: 'carrier-pigeon' }, cloud);
    await expect(refusing({ orderId: 'o1', deliveryId: 'SF' }, { deadlineAt: Date.now() + 1000 })).rejects.toMatchObject({
      name: 'SetupFailure',
      error: { code: 'NOT_CONFIGURED', retryable: false },
    });
  });

  it.each([{}, { WAYBILL_TRANSPORT: '' }, { WAYBILL_TRANSPORT: 'cloud' }, { WAYBILL_TRANSPORT: ' Cloud ' }])(
    'uses the cloud call for %p',
    (env) => {
      expect(selectOrderSource(env, cloud)).toEqual({ ok: true, orderSource: cloud });
    },
  );

  it('uses HTTPS when asked, and the same source (with its token cache) on every call', () => {
    const first = selectOrderSource(https, cloud);
    const second = selectOrderSource({ ...https }, cloud);
    expect(first.ok && first.orderSource).not.toBe(cloud);
    expect(first.ok && second.ok && first.orderSource === second.orderSource).toBe(true);
  });

  it('builds a new HTTPS source when the credentials change', () => {
    const first = selectOrderSource(https, cloud);
    const second = selectOrderSource({ ...https, WX_APPSECRET: 'another-placeholder' }, cloud);
    expect(first.ok && second.ok && first.orderSource !== second.orderSource).toBe(true);
  });

  it.each([
    [{ WAYBILL_TRANSPORT: 'http2' }, 'WAYBILL_TRANSPORT'],
    [{ ...https, WX_APPSECRET: '' }, 'WX_APPSECRET'],
    [{ WAYBILL_TRANSPORT: 'https', WX_APPSECRET: 'placeholder-secret' }, 'WX_APPID'],
    [{ ...https, WX_API_BASE_URL: 'ftp://example.invalid' }, 'WX_API_BASE_URL'],
    [{ ...https, WX_API_BASE_URL: 'not a url' }, 'WX_API_BASE_URL'],
    // The secret travels in the token request: plain HTTP is refused for any host but this machine.
    [{ ...https, WX_API_BASE_URL: 'http://api.weixin.qq.com' }, 'WX_API_BASE_URL'],
    [{ ...https, WX_API_BASE_URL: 'http://127.0.0.1.example.com' }, 'WX_API_BASE_URL'],
  ])('refuses %p with NOT_CONFIGURED naming %s', (env, variable) => {
    const choice = selectOrderSource(env, cloud);
    expect(choice.ok).toBe(false);
    if (choice.ok) return;
    expect(choice.error).toMatchObject({ code: 'NOT_CONFIGURED', retryable: false });
    expect(choice.error.message).toContain(variable);
  });
});
