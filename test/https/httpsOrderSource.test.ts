// The HTTPS transport against the emulator's HTTP server on 127.0.0.1: what it
// sends, what it hands the service, and how each way of failing is typed.
import { createHttpsOrderSource } from '../../cloudfunctions/getWaybill/src/httpsOrderSource';
import { UpstreamFailure, type OrderSource } from '../../cloudfunctions/getWaybill/src/orderSource';
import { startEmulatorServer, type EmulatorServer } from '../../scripts/emulator/emulatorServer';
import { createLogisticsEmulator } from '../../scripts/emulator/logisticsEmulator';

let server: EmulatorServer;
let received: Array<Record<string, unknown>>;
let source: OrderSource;

const inOneSecond = () => ({ deadlineAt: Date.now() + 1000 });

beforeEach(async () => {
  received = [];
  const emulator = createLogisticsEmulator();
  server = await startEmulatorServer({
    emulator: {
      answerGetOrder: (params) => {
        received.push(params);
        return emulator.answerGetOrder(params);
      },
    },
  });
  source = createHttpsOrderSource({ baseUrl: server.baseUrl, appid: server.appid, secret: server.secret });
});
afterEach(() => server.close());

async function failureOf(work: Promise<unknown>): Promise<UpstreamFailure> {
  const outcome = await work.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof UpstreamFailure)) throw new Error(`expected an UpstreamFailure, got ${String(outcome)}`);
  return outcome;
}

describe('HTTPS transport, success', () => {
  it('sends snake_case and hands back camelCase, with the label still in BASE64', async () => {
    const raw = await source(
      { orderId: 'SF_ORDER_0001', deliveryId: 'SF', waybillId: 'SF1400000000001', openid: 'oBuyer', printType: 1 },
      inOneSecond(),
    );
    expect(received).toEqual([
      { order_id: 'SF_ORDER_0001', delivery_id: 'SF', waybill_id: 'SF1400000000001', openid: 'oBuyer', print_type: 1 },
    ]);
    expect(raw).toMatchObject({
      orderId: 'SF_ORDER_0001',
      deliveryId: 'SF',
      waybillId: 'SF1400000000001',
      orderStatus: 0,
      waybillData: [
        { key: 'SF_bagAddr', value: '755WE' },
        { key: 'SF_mark', value: '755WE-022A' },
      ],
    });
    const html = Buffer.from(raw.printHtml as string, 'base64').toString('utf8');
    expect(html).toContain('一联单');
    expect(html).toContain('李晓华');
  });

  it('leaves out the optional fields the query does not have', async () => {
    await source({ orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' }, inOneSecond());
    expect(received).toEqual([{ order_id: 'TEST_ORDER_0001', delivery_id: 'TEST' }]);
  });
});

describe('HTTPS transport, access token', () => {
  it('fetches one token for many concurrent calls', async () => {
    const calls = Array.from({ length: 8 }, () => source({ orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' }, inOneSecond()));
    await expect(Promise.all(calls)).resolves.toHaveLength(8);
    expect(server.requests).toEqual({ stableToken: 1, getOrder: 8 });
  });

  it('keeps using its token on later calls', async () => {
    await source({ orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' }, inOneSecond());
    await source({ orderId: 'ZTO_ORDER_0001', deliveryId: 'ZTO' }, inOneSecond());
    expect(server.requests.stableToken).toBe(1);
  });

  it('after 42001 (expired) fetches a new token once and retries the call', async () => {
    await source({ orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' }, inOneSecond());
    server.expireAccessTokens();
    await expect(source({ orderId: 'SF_ORDER_0001', deliveryId: 'SF' }, inOneSecond())).resolves.toMatchObject({
      orderId: 'SF_ORDER_0001',
    });
    expect(server.requests).toEqual({ stableToken: 2, getOrder: 3 });
  });

  it('gives up with 40001 when a fresh token is rejected too, after exactly one refresh', async () => {
    await source({ orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' }, inOneSecond());
    server.rejectEveryToken = true;
    const failure = await failureOf(source({ orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' }, inOneSecond()));
    expect(failure).toMatchObject({ errCode: 40001, kind: 'wechat' });
    expect(server.requests).toEqual({ stableToken: 2, getOrder: 3 });
  });

  it('fetches a new token once the old one is close to expiry', async () => {
    jest.useFakeTimers({
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
    });
    try {
      await source({ orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' }, inOneSecond());
      const firstFetchAt = Date.now();
      jest.setSystemTime(firstFetchAt + (7200 - 299) * 1000); // inside the old token's last five minutes
      await source({ orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' }, inOneSecond());
      jest.setSystemTime(firstFetchAt + 7201 * 1000); // the old token is dead now; the new one is not
      await source({ orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' }, inOneSecond());
      expect(server.requests).toEqual({ stableToken: 2, getOrder: 3 }); // no call met 42001
    } finally {
      jest.useRealTimers();
    }
  });

  it('reports stable_token refusing the secret as its errcode', async () => {
    const wrongSecret = createHttpsOrderSource({ baseUrl: server.baseUrl, appid: server.appid, secret: 'not-the-secret' });
    const failure = await failureOf(wrongSecret({ orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' }, inOneSecond()));
    expect(failure).toMatchObject({ errCode: 40125, kind: 'wechat' });
    expect(server.requests.getOrder).toBe(0);
  });
});

describe('HTTPS transport, faults', () => {
  it.each([
    ['FAULT_BUSY_ALWAYS', -1],
    ['FAULT_CARRIER_ERROR', 9300501],
    ['FAULT_NO_PERMISSION', 48001],
    ['NO_SUCH_ORDER', 930563],
  ])('%s is WeChat errcode %d', async (orderId, errCode) => {
    const failure = await failureOf(source({ orderId, deliveryId: 'TEST' }, inOneSecond()));
    expect(failure).toMatchObject({ errCode, kind: 'wechat' });
  });

  it.each([
    ['FAULT_HTTP_502', 'badResponse'],
    ['FAULT_NOT_JSON', 'badResponse'],
    ['FAULT_RESET', 'network'],
  ])('%s is a %s failure with no errCode', async (orderId, kind) => {
    const failure = await failureOf(source({ orderId, deliveryId: 'TEST' }, inOneSecond()));
    expect(failure).toMatchObject({ errCode: undefined, kind });
  });

  it('a server that does not answer in time is a timeout at the deadline, not a hang', async () => {
    const failure = await failureOf(source({ orderId: 'FAULT_SLOW', deliveryId: 'TEST' }, { deadlineAt: Date.now() + 150 }));
    expect(failure).toMatchObject({ errCode: undefined, kind: 'timeout' });
  });

  it('a deadline already passed fails at once without a request', async () => {
    const failure = await failureOf(source({ orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' }, { deadlineAt: Date.now() - 1 }));
    expect(failure.kind).toBe('timeout');
    expect(server.requests).toEqual({ stableToken: 0, getOrder: 0 });
  });

  it.each([
    ['9300501', { errCode: 9300501, kind: 'wechat' }],
    ['not a number', { errCode: undefined, kind: 'badResponse' }],
  ])('an errcode sent as the string %p reads as the cloud call reads it', async (errcode, expected) => {
    const answering = await startEmulatorServer({ emulator: { answerGetOrder: () => ({ kind: 'body', body: { errcode } }) } });
    try {
      const https = createHttpsOrderSource({ baseUrl: answering.baseUrl, appid: answering.appid, secret: answering.secret });
      expect(await failureOf(https({ orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' }, inOneSecond()))).toMatchObject(expected);
    } finally {
      await answering.close();
    }
  });

  it('nothing listening is a network failure', async () => {
    const closedPort = server.baseUrl;
    await server.close();
    const nowhere = createHttpsOrderSource({ baseUrl: closedPort, appid: 'wx0000000000000000', secret: 'placeholder' });
    const failure = await failureOf(nowhere({ orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' }, inOneSecond()));
    expect(failure).toMatchObject({ errCode: undefined, kind: 'network' });
  });

  it('never puts the access_token in a failure message (they end up in logs)', async () => {
    await source({ orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' }, inOneSecond());
    const failures = await Promise.all(
      ['FAULT_HTTP_502', 'FAULT_NOT_JSON', 'FAULT_RESET'].map((orderId) =>
        failureOf(source({ orderId, deliveryId: 'TEST' }, inOneSecond())),
      ),
    );
    for (const failure of failures) {
      expect(failure.message).toMatch(/^POST \/cgi-bin\/express\/business\/order\/get: /);
      expect(failure.message).not.toContain('access_token');
    }
  });
});
