// The service on the HTTPS transport, against the emulator's HTTP server:
// the same validation, access policy, error mapping, retries and result shape
// as on the cloud call. Only the transport differs.
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { getWaybill } from '../../cloudfunctions/getWaybill/src/getWaybill';
import { createHttpsOrderSource } from '../../cloudfunctions/getWaybill/src/httpsOrderSource';
import type { OrderSource } from '../../cloudfunctions/getWaybill/src/orderSource';
import { startEmulatorServer, type EmulatorServer } from '../../scripts/emulator/emulatorServer';

const ADMIN = 'oAdmin_https_0001';
const USER = 'oUser_https_0001';

let server: EmulatorServer;
let attemptsSettled: number;
let logLines: string[];

beforeEach(async () => {
  server = await startEmulatorServer();
  attemptsSettled = 0;
  logLines = [];
});
afterEach(async () => {
  jest.useRealTimers();
  await server.close();
});

function call(event: unknown, options: { caller?: string; deadlineMs?: number } = {}): Promise<GetWaybillResult> {
  const https = createHttpsOrderSource({ baseUrl: server.baseUrl, appid: server.appid, secret: server.secret });
  const counted: OrderSource = (query, callOptions) => https(query, callOptions).finally(() => attemptsSettled++);
  return getWaybill(event, {
    callerOpenid: () => ('caller' in options ? options.caller : ADMIN),
    orderSource: counted,
    config: { adminOpenids: new Set([ADMIN]), deadlineMs: options.deadlineMs ?? 2500 },
    log: (line) => logLines.push(line),
    random: () => 0.5,
  });
}

const loggedAttempts = (): number => (JSON.parse(logLines[logLines.length - 1]) as { attempts: number }).attempts;

const realTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs a call whose retries sleep, on fake time. Time moves only between
 * attempts (never while a request is in flight), straight to the backoff
 * timer: the test never really sleeps and no request times out by accident.
 */
async function withFakeBackoff<T>(start: () => Promise<T>): Promise<T> {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  let done = false;
  const work = start().finally(() => {
    done = true;
  });
  let seen = 0;
  while (!done) {
    await realTurn();
    if (attemptsSettled > seen) {
      seen = attemptsSettled;
      await realTurn(); // let the service decide, and schedule its backoff
      await jest.advanceTimersToNextTimerAsync();
    }
  }
  return work;
}

describe('getWaybill over HTTPS', () => {
  it('an admin gets the waybill, its labelled fields and the decoded label', async () => {
    const result = await call({ orderId: 'ZTO_ORDER_0001', deliveryId: 'ZTO' });
    expect(result).toEqual({
      ok: true,
      waybill: {
        orderId: 'ZTO_ORDER_0001',
        deliveryId: 'ZTO',
        waybillId: '75300000000001',
        orderStatus: 0,
        status: 'normal',
        waybillData: [
          { key: 'ZTO_bagAddr', value: '杭州中转 07', label: '集包地代号' },
          { key: 'ZTO_mark', value: '300-B05 12', label: '三段码' },
        ],
        labelHtml: expect.stringContaining('王芳芳'),
        labelWithheld: false,
      },
    });
  });

  it('a cancelled order reads as cancelled; an EMS order has no fields', async () => {
    const cancelled = await call({ orderId: 'TEST_ORDER_CANCELLED', deliveryId: 'TEST' });
    const ems = await call({ orderId: 'EMS_ORDER_0001', deliveryId: 'EMS' });
    expect(cancelled.ok && cancelled.waybill.status).toBe('cancelled');
    expect(ems.ok && ems.waybill.waybillData).toEqual([]);
  });

  it('a user who is not an admin gets the waybill without the label', async () => {
    const result = await call({ orderId: 'SF_ORDER_0001', deliveryId: 'SF' }, { caller: USER });
    expect(result).toMatchObject({ ok: true, waybill: { waybillId: 'SF1400000000001', labelHtml: null, labelWithheld: true } });
  });

  it('invalid input and a caller with no OPENID never reach WeChat', async () => {
    await expect(call({ orderId: '', deliveryId: 'TEST' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', field: 'orderId' },
    });
    await expect(call({ orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' }, { caller: undefined })).resolves.toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    expect(server.requests).toEqual({ stableToken: 0, getOrder: 0 });
  });

  it.each([
    ['NO_SUCH_ORDER', 'NOT_FOUND', 930563],
    ['FAULT_CARRIER_ERROR', 'UPSTREAM_ERROR', 9300501],
    ['FAULT_NO_PERMISSION', 'NOT_CONFIGURED', 48001],
  ])('%s maps to %s (errCode %d) without a retry', async (orderId, code, errCode) => {
    const result = await call({ orderId, deliveryId: 'TEST' });
    expect(result).toMatchObject({ ok: false, error: { code, errCode, retryable: false } });
    expect(server.requests.getOrder).toBe(1);
  });

  it('a wrong secret is NOT_CONFIGURED and names WX_APPSECRET', async () => {
    const https = createHttpsOrderSource({ baseUrl: server.baseUrl, appid: server.appid, secret: 'wrong' });
    const result = await getWaybill(
      { orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' },
      { callerOpenid: () => ADMIN, orderSource: https, config: { adminOpenids: new Set([ADMIN]), deadlineMs: 2500 }, log: () => undefined },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_CONFIGURED', errCode: 40125 } });
    expect(!result.ok && result.error.message).toContain('WX_APPSECRET');
  });

  it('tokens WeChat keeps rejecting end as NOT_CONFIGURED 40001', async () => {
    server.rejectEveryToken = true;
    const result = await call({ orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_CONFIGURED', errCode: 40001 } });
  });

  it('system busy once, then the order: one retry, and the waybill', async () => {
    const result = await withFakeBackoff(() => call({ orderId: 'FAULT_BUSY_ONCE', deliveryId: 'TEST' }));
    expect(result).toMatchObject({ ok: true, waybill: { orderId: 'FAULT_BUSY_ONCE', status: 'normal' } });
    expect(loggedAttempts()).toBe(2);
    expect(server.requests).toEqual({ stableToken: 1, getOrder: 2 });
  });

  it('system busy every time: retried until the deadline, then UPSTREAM_BUSY with -1', async () => {
    const result = await withFakeBackoff(() => call({ orderId: 'FAULT_BUSY_ALWAYS', deliveryId: 'TEST' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'UPSTREAM_BUSY', errCode: -1, retryable: true } });
    expect(loggedAttempts()).toBeGreaterThan(2);
    expect(server.requests.getOrder).toBe(loggedAttempts());
  });

  it.each(['FAULT_HTTP_502', 'FAULT_NOT_JSON', 'FAULT_RESET'])('%s is retried, then UPSTREAM_BUSY without an errCode', async (orderId) => {
    const result = await withFakeBackoff(() => call({ orderId, deliveryId: 'TEST' }));
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'UPSTREAM_BUSY', retryable: true }) });
    expect(!result.ok && result.error.errCode).toBeUndefined();
    expect(loggedAttempts()).toBeGreaterThan(1);
    expect(server.requests.getOrder).toBe(loggedAttempts());
  });

  it('a base URL that answers 404 is NOT_CONFIGURED at once, naming WX_API_BASE_URL, with no retry', async () => {
    const https = createHttpsOrderSource({ baseUrl: `${server.baseUrl}/wrong-prefix`, appid: server.appid, secret: server.secret });
    const result = await getWaybill(
      { orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' },
      {
        callerOpenid: () => ADMIN,
        orderSource: https,
        config: { adminOpenids: new Set([ADMIN]), deadlineMs: 2500 },
        log: (line) => logLines.push(line),
      },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_CONFIGURED', retryable: false } });
    expect(!result.ok && result.error.message).toContain('WX_API_BASE_URL');
    expect(loggedAttempts()).toBe(1);
  });

  it('a server that never answers in time: the call resolves UPSTREAM_BUSY at the deadline', async () => {
    const result = await call({ orderId: 'FAULT_SLOW', deliveryId: 'TEST' }, { deadlineMs: 200 });
    expect(result).toMatchObject({ ok: false, error: { code: 'UPSTREAM_BUSY', retryable: true } });
    expect(loggedAttempts()).toBe(1);
  });
});
