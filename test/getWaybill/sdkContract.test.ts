// The built cloudfunctions/getWaybill/index.js with the real wx-server-sdk;
// only the SDK's network call is replaced (scripts/emulator/wxServerSdkSeam).
// This is what DevTools uploads, so these tests catch bundling mistakes and
// any drift in how the SDK converts parameters and errors.
import path from 'node:path';
import { installWxServerSdkSeam, setWxContextCaller, type SeamAnswer, type SeamCall } from '../../scripts/emulator/wxServerSdkSeam';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';

const BUILT_FUNCTION = path.join(__dirname, '../../cloudfunctions/getWaybill/index.js');
const ADMIN = 'oAdmin_000000000000000000001';
const LABEL_HTML = '<html lang="en"><body><p>收件人：李四 13800000000</p></body></html>';

type Main = (event: unknown, context?: unknown) => Promise<GetWaybillResult>;
let main: Main;
let calls: SeamCall[];
let answers: Array<(call: SeamCall) => SeamAnswer>;
let restoreSdk: () => void;

function order(orderStatus: number): SeamAnswer {
  return {
    body: {
      errcode: 0,
      errmsg: 'ok',
      order_id: 'order-1',
      delivery_id: 'SF',
      waybill_id: 'SF1234567890',
      order_status: orderStatus,
      waybill_data: [
        { key: 'SF_bagAddr', value: '广州' },
        { key: 'SF_mark', value: '020-WA-001' },
      ],
      print_html: Buffer.from(LABEL_HTML).toString('base64'),
    },
  };
}

beforeAll(() => {
  restoreSdk = installWxServerSdkSeam((call) => {
    calls.push(call);
    const answer = answers.shift();
    if (answer === undefined) throw new Error('the test gave no answer for this call');
    return answer(call);
  });
  main = (require(BUILT_FUNCTION) as { main: Main }).main;
});
afterAll(() => restoreSdk());

let logSpy: jest.SpyInstance;
beforeEach(() => {
  calls = [];
  answers = [];
  process.env.WAYBILL_ADMIN_OPENIDS = ADMIN;
  setWxContextCaller(ADMIN);
  logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => {
  logSpy.mockRestore();
  jest.useRealTimers();
});

test('the SDK sends the snake_case pairs WeChat expects', async () => {
  answers.push(() => order(0));
  await main({ orderId: 'order-1', deliveryId: 'SF', waybillId: 'SF1234567890', openid: 'oUser_2', printType: 1 }, {});
  expect(calls).toEqual([
    {
      apiName: 'logistics.getOrder',
      params: { order_id: 'order-1', delivery_id: 'SF', waybill_id: 'SF1234567890', openid: 'oUser_2', print_type: 1 },
    },
  ]);
});

test('a normal order comes back typed, with the label decoded', async () => {
  answers.push(() => order(0));
  const result = await main({ orderId: 'order-1', deliveryId: 'SF' }, {});
  expect(result).toEqual({
    ok: true,
    waybill: {
      orderId: 'order-1',
      deliveryId: 'SF',
      waybillId: 'SF1234567890',
      orderStatus: 0,
      status: 'normal',
      waybillData: [
        { key: 'SF_bagAddr', value: '广州', label: '集包地' },
        { key: 'SF_mark', value: '020-WA-001', label: '大头笔' },
      ],
      labelHtml: LABEL_HTML,
      labelWithheld: false,
    },
  });
});

test('a cancelled order reads as cancelled', async () => {
  answers.push(() => order(1));
  const result = await main({ orderId: 'order-1', deliveryId: 'SF' }, {});
  expect(result.ok && result.waybill).toMatchObject({ orderStatus: 1, status: 'cancelled' });
});

test('-604101 from the platform is NOT_CONFIGURED with the fix in the message', async () => {
  answers.push(() => ({ platformErrorCode: -604101 }));
  const result = await main({ orderId: 'order-1', deliveryId: 'SF' }, {});
  expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_CONFIGURED', errCode: -604101, retryable: false }) });
  expect(!result.ok && result.error.message).toMatch(/config\.json.*logistics\.getOrder.*DevTools/s);
  expect(calls).toHaveLength(1);
});

test('system busy (-1) is retried and the second answer wins', async () => {
  jest.useFakeTimers();
  answers.push(
    () => ({ body: { errcode: -1, errmsg: 'system error' } }),
    () => order(0),
  );
  const pending = main({ orderId: 'order-1', deliveryId: 'SF' }, {});
  await jest.runAllTimersAsync();
  const result = await pending;
  expect(result.ok).toBe(true);
  expect(calls).toHaveLength(2);
});

test('ECONNRESET on every attempt ends at the deadline as UPSTREAM_BUSY -501001', async () => {
  jest.useFakeTimers();
  const startedAt = Date.now();
  const attemptTimes: number[] = [];
  for (let i = 0; i < 50; i++) {
    answers.push(() => {
      attemptTimes.push(Date.now() - startedAt);
      return { networkError: 'ECONNRESET' };
    });
  }
  const pending = main({ orderId: 'order-1', deliveryId: 'SF' }, {});
  await jest.runAllTimersAsync();
  const result = await pending;
  expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'UPSTREAM_BUSY', errCode: -501001, retryable: true }) });
  expect(attemptTimes.length).toBeGreaterThanOrEqual(4);
  expect(Math.max(...attemptTimes)).toBeLessThan(2500);
  const logged = JSON.parse(String(logSpy.mock.calls.at(-1)?.[0]));
  expect(logged).toMatchObject({ outcome: 'UPSTREAM_BUSY', errCode: -501001, attempts: attemptTimes.length });
});

test('identity comes from the WeChat context, not from the event', async () => {
  setWxContextCaller('oUser_2');
  answers.push(() => order(0));
  const result = await main({ orderId: 'order-1', deliveryId: 'SF', userInfo: { openId: ADMIN } }, {});
  expect(calls[0].params.openid).toBe('oUser_2');
  expect(result.ok && result.waybill).toMatchObject({ labelHtml: null, labelWithheld: true });
});
