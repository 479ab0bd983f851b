// The entry with wx-server-sdk mocked: validation, access policy, error
// mapping, retries and decoding, as a mini-program developer would see them.
import { sdkError, sdkOrder, type MockedSdk } from './mockedSdk';

jest.mock('wx-server-sdk', () => require('./mockedSdk').createMockedSdk());
const sdk = require('wx-server-sdk') as MockedSdk;
import { main } from '../../cloudfunctions/getWaybill/src/index';
import type { GetWaybillResult, Waybill, WaybillError } from '../../miniprogram/contract/getWaybillContract';

const ADMIN = 'oAdmin_000000000000000000001';
const USER = 'oUser_0000000000000000000002';
const getOrder = sdk.openapi.logistics.getOrder;

function callAs(openid: string | undefined): void {
  sdk.getWXContext.mockReturnValue(openid === undefined ? {} : { OPENID: openid, APPID: 'wx0000000000000000' });
}

function waybillOf(result: GetWaybillResult): Waybill {
  if (!result.ok) throw new Error(`expected a waybill, got ${JSON.stringify(result.error)}`);
  return result.waybill;
}

function errorOf(result: GetWaybillResult): WaybillError {
  if (result.ok) throw new Error('expected an error, got a waybill');
  return result.error;
}

let logSpy: jest.SpyInstance;
beforeEach(() => {
  getOrder.mockReset();
  process.env.WAYBILL_ADMIN_OPENIDS = ADMIN;
  delete process.env.WAYBILL_DEADLINE_MS;
  callAs(ADMIN);
  logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => logSpy.mockRestore());

test('initialises the SDK once at load, on the dynamic current environment', () => {
  expect(sdk.init).toHaveBeenCalledTimes(1);
  expect(sdk.init).toHaveBeenCalledWith({ env: sdk.DYNAMIC_CURRENT_ENV });
});

describe('a successful query', () => {
  test('sends camelCase parameters and returns a clean waybill with the decoded label', async () => {
    getOrder.mockResolvedValue(sdkOrder());
    const result = await main({ orderId: 'order-1', deliveryId: 'SF', waybillId: 'SF1234567890', printType: 1, userInfo: { appId: 'x' } });
    expect(getOrder).toHaveBeenCalledWith({ orderId: 'order-1', deliveryId: 'SF', waybillId: 'SF1234567890', printType: 1 });
    expect(waybillOf(result)).toEqual({
      orderId: 'order-1',
      deliveryId: 'SF',
      waybillId: 'SF1234567890',
      orderStatus: 0,
      status: 'normal',
      waybillData: [
        { key: 'SF_bagAddr', value: '广州', label: '集包地' },
        { key: 'SF_mark', value: '020-WA-001', label: '大头笔' },
      ],
      labelHtml: '<html lang="en"><body>收件人 张三</body></html>',
      labelWithheld: false,
    });
  });

  test.each([
    [0, 'normal'],
    [1, 'cancelled'],
    [7, 'unknown'],
  ])('order_status %p reads as %p', async (orderStatus, status) => {
    getOrder.mockResolvedValue(sdkOrder({ orderStatus }));
    const waybill = waybillOf(await main({ orderId: 'order-1', deliveryId: 'SF' }));
    expect(waybill).toMatchObject({ orderStatus, status });
  });

  test('keeps unknown waybill_data keys, in order, without a label', async () => {
    getOrder.mockResolvedValue(
      sdkOrder({
        waybillData: [
          { key: 'YTO_code', value: 'A1' },
          { key: 'TEST_mark', value: 'T' },
        ],
      }),
    );
    const waybill = waybillOf(await main({ orderId: 'order-1', deliveryId: 'TEST' }));
    expect(waybill.waybillData).toEqual([
      { key: 'YTO_code', value: 'A1' },
      { key: 'TEST_mark', value: 'T', label: '测试标记' },
    ]);
  });

  test.each([
    ['absent', undefined, 'absent'],
    ['empty', '', 'absent'],
    ['not BASE64', '<html>plain</html>', 'invalid'],
    ['BASE64 of bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0xfd]).toString('base64'), 'invalid'],
  ])('a label that is %s gives labelHtml null and says why', async (_case, printHtml, reason) => {
    getOrder.mockResolvedValue(sdkOrder({ printHtml }));
    const waybill = waybillOf(await main({ orderId: 'order-1', deliveryId: 'SF' }));
    expect(waybill).toMatchObject({ labelHtml: null, labelWithheld: false, labelUnavailable: reason });
  });

  test('a label too large for the 1 MB result cap is left out and the rest arrives', async () => {
    const html = `<html>${'地'.repeat(400_000)}</html>`; // 1.2 MB of UTF-8
    getOrder.mockResolvedValue(sdkOrder({ printHtml: Buffer.from(html).toString('base64') }));
    const result = await main({ orderId: 'order-1', deliveryId: 'SF' });
    expect(waybillOf(result)).toMatchObject({ labelHtml: null, labelUnavailable: 'tooLarge', waybillId: 'SF1234567890' });
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThan(1_000_000);
  });

  test('a label just under the cap is kept whole', async () => {
    const html = `<html>${'a'.repeat(990_000)}</html>`;
    getOrder.mockResolvedValue(sdkOrder({ printHtml: Buffer.from(html).toString('base64') }));
    const result = await main({ orderId: 'order-1', deliveryId: 'SF' });
    expect(waybillOf(result).labelHtml).toBe(html);
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThanOrEqual(1_000_000);
  });
});

describe('validation', () => {
  test.each([
    ['no event at all', undefined, 'orderId'],
    ['no orderId', { deliveryId: 'SF' }, 'orderId'],
    ['an orderId of 513 ASCII bytes', { orderId: 'a'.repeat(513), deliveryId: 'SF' }, 'orderId'],
    ['an orderId of 171 three-byte characters (513 bytes)', { orderId: '单'.repeat(171), deliveryId: 'SF' }, 'orderId'],
    ['a line break in orderId', { orderId: 'a\nb', deliveryId: 'SF' }, 'orderId'],
    ['no deliveryId', { orderId: 'o1' }, 'deliveryId'],
    ['a space in deliveryId', { orderId: 'o1', deliveryId: 'S F' }, 'deliveryId'],
    ['an empty waybillId', { orderId: 'o1', deliveryId: 'SF', waybillId: '' }, 'waybillId'],
    ['a space in openid', { orderId: 'o1', deliveryId: 'SF', openid: 'o p' }, 'openid'],
    ['printType 2', { orderId: 'o1', deliveryId: 'SF', printType: 2 }, 'printType'],
  ])('%s is INVALID_ARGUMENT on the field and WeChat is not called', async (_case, event, field) => {
    const error = errorOf(await main(event));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', field, retryable: false });
    expect(error.message).toContain(field);
    expect(getOrder).not.toHaveBeenCalled();
  });

  test('an order id of exactly 512 bytes is accepted', async () => {
    getOrder.mockResolvedValue(sdkOrder());
    await main({ orderId: `${'单'.repeat(170)}ab`, deliveryId: 'SF' });
    expect(getOrder).toHaveBeenCalledTimes(1);
  });
});

describe('access policy', () => {
  test('a caller without an OPENID is refused', async () => {
    callAs(undefined);
    expect(errorOf(await main({ orderId: 'o1', deliveryId: 'SF' })).code).toBe('PERMISSION_DENIED');
    expect(getOrder).not.toHaveBeenCalled();
  });

  test('an admin may name any openid and gets the label', async () => {
    getOrder.mockResolvedValue(sdkOrder());
    const waybill = waybillOf(await main({ orderId: 'o1', deliveryId: 'SF', openid: USER }));
    expect(getOrder.mock.calls[0][0].openid).toBe(USER);
    expect(waybill.labelWithheld).toBe(false);
    expect(waybill.labelHtml).not.toBeNull();
  });

  test('a user queries as themselves and the label is withheld', async () => {
    callAs(USER);
    getOrder.mockResolvedValue(sdkOrder());
    const waybill = waybillOf(await main({ orderId: 'o1', deliveryId: 'SF' }));
    expect(getOrder.mock.calls[0][0].openid).toBe(USER);
    expect(waybill).toMatchObject({ labelHtml: null, labelWithheld: true });
    expect(waybill).not.toHaveProperty('labelUnavailable');
  });

  test("a user naming someone else's openid is refused on openid", async () => {
    callAs(USER);
    expect(errorOf(await main({ orderId: 'o1', deliveryId: 'SF', openid: ADMIN }))).toMatchObject({
      code: 'PERMISSION_DENIED',
      field: 'openid',
    });
    expect(getOrder).not.toHaveBeenCalled();
  });
});

describe('WeChat errors', () => {
  test.each([
    [40003, 'INVALID_ARGUMENT', false],
    [47001, 'INVALID_ARGUMENT', false],
    [930561, 'INVALID_ARGUMENT', false],
    [9300526, 'INVALID_ARGUMENT', false],
    [930563, 'NOT_FOUND', false],
    [9300528, 'NOT_FOUND', false],
    [40199, 'NOT_FOUND', false],
    [9300503, 'NOT_FOUND', false],
    [-604101, 'NOT_CONFIGURED', false],
    [-604100, 'NOT_CONFIGURED', false],
    [48001, 'NOT_CONFIGURED', false],
    [9300525, 'NOT_CONFIGURED', false],
    [9300531, 'NOT_CONFIGURED', false],
    [40001, 'NOT_CONFIGURED', false],
    [42001, 'NOT_CONFIGURED', false],
    [9300501, 'UPSTREAM_ERROR', false],
    [930564, 'UPSTREAM_ERROR', false],
    [123456, 'UPSTREAM_ERROR', false],
  ])('%p is %s (retryable %p), called once, errCode kept', async (errCode, code, retryable) => {
    getOrder.mockRejectedValue(sdkError(errCode));
    const error = errorOf(await main({ orderId: 'o1', deliveryId: 'SF' }));
    expect(error).toMatchObject({ code, retryable, errCode });
    expect(getOrder).toHaveBeenCalledTimes(1);
  });

  test.each([
    [40003, 'openid'],
    [9300503, 'deliveryId'],
  ])('%p names the field %s', async (errCode, field) => {
    getOrder.mockRejectedValue(sdkError(errCode));
    expect(errorOf(await main({ orderId: 'o1', deliveryId: 'SF' })).field).toBe(field);
  });

  test('-604101 says how to fix the permission', async () => {
    getOrder.mockRejectedValue(sdkError(-604101));
    const { message } = errorOf(await main({ orderId: 'o1', deliveryId: 'SF' }));
    expect(message).toContain('config.json');
    expect(message).toContain('logistics.getOrder');
    expect(message).toContain('DevTools');
  });

  test("a thrown error that is not the SDK's is INTERNAL, with no stack for the client", async () => {
    getOrder.mockRejectedValue(new TypeError('cannot read x of undefined'));
    const error = errorOf(await main({ orderId: 'o1', deliveryId: 'SF' }));
    expect(error).toEqual({ code: 'INTERNAL', retryable: false, message: expect.any(String) });
    expect(error.message).not.toContain('TypeError');
    expect(getOrder).toHaveBeenCalledTimes(1);
  });
});

describe('retries inside the deadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test.each([-1, 9300502, -501001, -501002, -501003, -501004, -601001, -604102, -604103])(
    'busy %p is retried and a later success is returned',
    async (errCode) => {
      getOrder.mockRejectedValueOnce(sdkError(errCode)).mockResolvedValueOnce(sdkOrder());
      const pending = main({ orderId: 'o1', deliveryId: 'SF' });
      await jest.runAllTimersAsync();
      expect((await pending).ok).toBe(true);
      expect(getOrder).toHaveBeenCalledTimes(2);
    },
  );

  test('busy forever ends with the last UPSTREAM_BUSY error, no attempt after the deadline', async () => {
    const startedAt = Date.now();
    const attemptTimes: number[] = [];
    getOrder.mockImplementation(async () => {
      attemptTimes.push(Date.now() - startedAt);
      throw sdkError(attemptTimes.length % 2 === 0 ? -1 : -501001);
    });
    const pending = main({ orderId: 'o1', deliveryId: 'SF' });
    await jest.runAllTimersAsync();
    const error = errorOf(await pending);
    expect(error).toMatchObject({ code: 'UPSTREAM_BUSY', retryable: true });
    expect(error.errCode).toBe(attemptTimes.length % 2 === 0 ? -1 : -501001);
    expect(attemptTimes.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...attemptTimes)).toBeLessThan(2500);
  });

  test('WAYBILL_DEADLINE_MS sets the budget', async () => {
    process.env.WAYBILL_DEADLINE_MS = '150';
    getOrder.mockRejectedValue(sdkError(-1));
    const pending = main({ orderId: 'o1', deliveryId: 'SF' });
    await jest.runAllTimersAsync();
    expect(errorOf(await pending).code).toBe('UPSTREAM_BUSY');
    // The first backoff (50..100 ms) fits in 150 ms; the second (100..200 ms) would end past it.
    expect(getOrder).toHaveBeenCalledTimes(2);
  });

  test('an attempt still running at the deadline is abandoned as UPSTREAM_BUSY', async () => {
    getOrder.mockImplementation(() => new Promise(() => undefined));
    const pending = main({ orderId: 'o1', deliveryId: 'SF' });
    await jest.advanceTimersByTimeAsync(2500);
    expect(errorOf(await pending)).toMatchObject({ code: 'UPSTREAM_BUSY', retryable: true });
    expect(getOrder).toHaveBeenCalledTimes(1);
  });
});

describe('the log line', () => {
  test('one JSON line per call with outcome, errCode, attempts, duration and deliveryId, and no personal data', async () => {
    getOrder.mockResolvedValue(sdkOrder());
    await main({ orderId: 'order-1', deliveryId: 'SF', openid: USER });
    expect(logSpy).toHaveBeenCalledTimes(1);
    const line = String(logSpy.mock.calls[0][0]);
    expect(JSON.parse(line)).toMatchObject({
      event: 'getWaybill',
      outcome: 'OK',
      attempts: 1,
      deliveryId: 'SF',
      caller: 'admin',
      durationMs: expect.any(Number),
    });
    expect(line).not.toContain(USER);
    expect(line).not.toContain(ADMIN);
    expect(line).not.toContain('张三');
    expect(line).not.toContain('order-1');
  });

  test('an error outcome carries its code and errCode', async () => {
    getOrder.mockRejectedValue(sdkError(9300501));
    await main({ orderId: 'order-1', deliveryId: 'SF' });
    expect(JSON.parse(String(logSpy.mock.calls[0][0]))).toMatchObject({ outcome: 'UPSTREAM_ERROR', errCode: 9300501, attempts: 1 });
  });
});
