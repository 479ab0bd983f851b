// The HTTPS transport (WAYBILL_TRANSPORT=https) against the emulator's WeChat
// API on 127.0.0.1: what it sends, and how it keeps its access_token.
import { createHttpsTransport } from '../../cloudfunctions/getWaybill/src/httpsTransport';
import { SetupFailure, UpstreamFailure, type WeChatTransport } from '../../cloudfunctions/getWaybill/src/transportPort';
import { startEmulatorServer, type EmulatorServer } from '../../emulator/emulatorServer';
import { BUYER_OPENID } from '../../emulator/sandboxOrders';
import { useBuiltFunction } from '../support/bundleHarness';
import { captureLogs, expectNoPersonalDataLogged } from '../support/logCapture';
import { OTHER_USER } from '../support/people';

const capture = captureLogs();
let server: EmulatorServer;
let transport: WeChatTransport;
const inOneSecond = () => ({ attemptDeadlineAt: Date.now() + 1000 });
const TEST_ORDER = { orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' };

beforeEach(async () => {
  server = await startEmulatorServer();
  transport = createHttpsTransport({ baseUrl: server.baseUrl, appid: server.appid, secret: server.secret });
});
afterEach(() => server.close());

async function failureOf(work: Promise<unknown>): Promise<UpstreamFailure | SetupFailure> {
  const outcome = await work.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof UpstreamFailure || outcome instanceof SetupFailure))
    throw new Error(`expected a failure, got ${String(outcome)}`);
  return outcome;
}

const apiCalls = () => server.calls.map(({ api, params }) => ({ api, params }));

describe('what goes out', () => {
  test('getOrder: snake_case, leaving out what the query does not have; the answer comes back as WeChat sent it', async () => {
    const answer = await transport(
      'getOrder',
      { orderId: 'SF_ORDER_0001', deliveryId: 'SF', waybillId: 'SF1400000000001', openid: OTHER_USER, printType: 1 },
      inOneSecond(),
    );
    await transport('getOrder', TEST_ORDER, inOneSecond());
    expect(apiCalls()).toEqual([
      {
        api: 'getOrder',
        params: { order_id: 'SF_ORDER_0001', delivery_id: 'SF', waybill_id: 'SF1400000000001', openid: OTHER_USER, print_type: 1 },
      },
      { api: 'getOrder', params: { order_id: 'TEST_ORDER_0001', delivery_id: 'TEST' } },
    ]);
    expect(answer).toMatchObject({ order_id: 'SF_ORDER_0001', waybill_id: 'SF1400000000001', order_status: 0 });
    expect(Buffer.from(answer.print_html as string, 'base64').toString('utf8')).toContain('一联单');
  });

  test('getPath: POST /cgi-bin/express/business/path/get with openid, delivery_id and waybill_id', async () => {
    const answer = await transport('getPath', { deliveryId: 'TEST', waybillId: 'TEST_WB_0001', openid: BUYER_OPENID }, inOneSecond());
    expect(apiCalls()).toEqual([{ api: 'getPath', params: { delivery_id: 'TEST', waybill_id: 'TEST_WB_0001', openid: BUYER_OPENID } }]);
    expect(answer).toMatchObject({ waybill_id: 'TEST_WB_0001', path_item_num: 5 });
  });

  test("getPath for someone else's order is refused, as WeChat is reported to (40003)", async () => {
    const failure = await failureOf(
      transport('getPath', { deliveryId: 'TEST', waybillId: 'TEST_WB_0001', openid: OTHER_USER }, inOneSecond()),
    );
    expect(failure).toMatchObject({ kind: 'wechat', errCode: 40003 });
  });
});

describe('the access token', () => {
  test('one token for many concurrent calls, kept for later calls', async () => {
    await Promise.all(Array.from({ length: 8 }, () => transport('getOrder', TEST_ORDER, inOneSecond())));
    await transport('getPath', { deliveryId: 'TEST', waybillId: 'TEST_WB_0001' }, inOneSecond());
    expect(server.tokenRequests).toBe(1);
    expect(server.calls).toHaveLength(9);
  });

  test('after 42001 (expired) a new token is fetched once and the call repeated', async () => {
    await transport('getOrder', TEST_ORDER, inOneSecond());
    server.expireAccessTokens();
    await expect(transport('getOrder', TEST_ORDER, inOneSecond())).resolves.toMatchObject({ order_id: 'TEST_ORDER_0001' });
    expect(server.tokenRequests).toBe(2);
  });

  test('when a fresh token is rejected too (40001), it gives up after exactly one refresh', async () => {
    await transport('getOrder', TEST_ORDER, inOneSecond());
    server.rejectEveryToken = true;
    expect(await failureOf(transport('getOrder', TEST_ORDER, inOneSecond()))).toMatchObject({ kind: 'wechat', errCode: 40001 });
    expect(server.tokenRequests).toBe(2);
  });

  test('a new token is fetched once the old one is in its last five minutes, before any call meets 42001', async () => {
    jest.useFakeTimers({
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
    });
    try {
      await transport('getOrder', TEST_ORDER, inOneSecond());
      const firstFetchAt = Date.now();
      jest.setSystemTime(firstFetchAt + (7200 - 299) * 1000);
      await transport('getOrder', TEST_ORDER, inOneSecond());
      jest.setSystemTime(firstFetchAt + 7201 * 1000); // the old token is dead now; the new one is not
      await transport('getOrder', TEST_ORDER, inOneSecond());
      expect(server.tokenRequests).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });

  test('stable_token refusing the secret is its errcode, and getOrder is never asked', async () => {
    const wrong = createHttpsTransport({ baseUrl: server.baseUrl, appid: server.appid, secret: 'not-the-secret' });
    expect(await failureOf(wrong('getOrder', TEST_ORDER, inOneSecond()))).toMatchObject({ kind: 'wechat', errCode: 40125 });
    expect(server.calls).toEqual([]);
  });

  test('a deadline already passed fails at once, without a request', async () => {
    expect(await failureOf(transport('getOrder', TEST_ORDER, { attemptDeadlineAt: Date.now() - 1 }))).toMatchObject({ kind: 'timeout' });
    expect(server.tokenRequests).toBe(0);
  });

  test('a failure never carries the access_token (failures are logged)', async () => {
    await transport('getOrder', TEST_ORDER, inOneSecond());
    const failures = await Promise.all(
      ['FAULT_HTTP_502', 'FAULT_NOT_JSON', 'FAULT_RESET'].map((orderId) =>
        failureOf(transport('getOrder', { orderId, deliveryId: 'TEST' }, inOneSecond())),
      ),
    );
    for (const failure of failures) expect(failure.message).not.toMatch(/access_token=|[A-Za-z0-9]{32}/);
  });

  test('nothing listening is a network failure', async () => {
    await server.close();
    expect(await failureOf(transport('getOrder', TEST_ORDER, inOneSecond()))).toMatchObject({ kind: 'network', errCode: undefined });
    server = await startEmulatorServer();
  });
});

describe('through the built function', () => {
  const built = useBuiltFunction();

  test('an admin gets the waybill over HTTPS, the caller still from the WeChat context', async () => {
    const result = await built.call({ orderId: 'ZTO_ORDER_0001', deliveryId: 'ZTO' }, { transport: 'https' });
    expect(result).toMatchObject({ ok: true, waybill: { waybillId: '75300000000001', labelWithheld: false } });
    expect(result.ok && result.waybill.labelHtml).toContain('王芳芳');
  });

  test('outside WeChat Cloud there is no caller, so the access policy refuses before any request', async () => {
    built.reset();
    await expect(
      built.call({ orderId: 'SF_ORDER_0001', deliveryId: 'SF' }, { transport: 'https', caller: undefined }),
    ).resolves.toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    expect(built.calls()).toEqual([]);
  });

  test('a warm instance keeps its transport, and so its token, between calls; new credentials get a new one', async () => {
    const server = built.server();
    const before = server.tokenRequests;
    await built.call({ orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' }, { transport: 'https' });
    await built.call({ orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' }, { transport: 'https' });
    expect(server.tokenRequests - before).toBeLessThanOrEqual(1);
    const kept = server.tokenRequests;
    await built.call(
      { orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' },
      { transport: 'https', env: { WX_APPSECRET: 'wrong-secret-value' } },
    );
    expect(server.tokenRequests).toBe(kept + 1);
  });

  test('a wrong secret is NOT_CONFIGURED naming WX_APPSECRET, with no secret in the result', async () => {
    const result = await built.call(
      { orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' },
      { transport: 'https', env: { WX_APPSECRET: 'wrong-secret-value' } },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_CONFIGURED', errCode: 40125 } });
    expect(!result.ok && result.error.message).toContain('WX_APPSECRET');
    expect(JSON.stringify(result)).not.toContain('wrong-secret-value');
  });
});

expectNoPersonalDataLogged(capture);
