// The built cloudfunctions/getWaybill/index.js (what gets deployed) switched to
// HTTPS by its environment, as a function deployed outside WeChat Cloud would be.
import path from 'node:path';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { startEmulatorServer, type EmulatorServer } from '../../scripts/emulator/emulatorServer';

const BUILT_FUNCTION = path.join(__dirname, '../../cloudfunctions/getWaybill/index.js');
const ADMIN = 'oAdmin_built_https_0001';
const SAVED_ENV = { ...process.env };

let server: EmulatorServer;
let main: (event: unknown) => Promise<GetWaybillResult>;
let logSpy: jest.SpyInstance;

beforeAll(async () => {
  server = await startEmulatorServer();
  main = (require(BUILT_FUNCTION) as { main: typeof main }).main;
});
afterAll(() => server.close());

beforeEach(() => {
  logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  Object.assign(process.env, {
    WAYBILL_TRANSPORT: 'https',
    WX_API_BASE_URL: server.baseUrl,
    WX_APPID: server.appid,
    WX_APPSECRET: server.secret,
    WAYBILL_ADMIN_OPENIDS: ADMIN,
    // The caller, the way the WeChat runtime passes it to wx-server-sdk.
    WX_CONTEXT_KEYS: 'WX_OPENID',
    WX_OPENID: ADMIN,
  });
});
afterEach(() => {
  logSpy.mockRestore();
  process.env = { ...SAVED_ENV };
});

describe('the built function with WAYBILL_TRANSPORT=https', () => {
  it('fetches the order over HTTPS with the caller from the WeChat context', async () => {
    const result = await main({ orderId: 'SF_ORDER_0001', deliveryId: 'SF' });
    expect(result).toMatchObject({ ok: true, waybill: { waybillId: 'SF1400000000001', labelWithheld: false } });
    expect(result.ok && result.waybill.labelHtml).toContain('顺丰速运');
    expect(server.requests.getOrder).toBeGreaterThan(0);
  });

  it('outside WeChat Cloud there is no caller, so the access policy refuses', async () => {
    delete process.env.WX_CONTEXT_KEYS;
    delete process.env.WX_OPENID;
    await expect(main({ orderId: 'SF_ORDER_0001', deliveryId: 'SF' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
  });

  it('missing credentials are NOT_CONFIGURED, with one log line and no secret in it', async () => {
    delete process.env.WX_APPSECRET;
    const result = await main({ orderId: 'SF_ORDER_0001', deliveryId: 'SF' });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_CONFIGURED', retryable: false } });
    expect(!result.ok && result.error.message).toContain('WX_APPSECRET');
    expect(logSpy).toHaveBeenCalledTimes(1);
    const line = String(logSpy.mock.calls[0][0]);
    expect(JSON.parse(line)).toMatchObject({ event: 'getWaybill', outcome: 'NOT_CONFIGURED', caller: 'admin' });
    expect(line).not.toContain(ADMIN);
  });

  it('an unknown WAYBILL_TRANSPORT is NOT_CONFIGURED', async () => {
    process.env.WAYBILL_TRANSPORT = 'carrier-pigeon';
    await expect(main({ orderId: 'SF_ORDER_0001', deliveryId: 'SF' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'NOT_CONFIGURED' },
    });
  });
});
