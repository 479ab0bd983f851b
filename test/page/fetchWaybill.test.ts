// The typed call on its own, as a page with its own layout uses it: one typed
// outcome for each way a call ends, with the Chinese text; never a rejection,
// never a call for a request the function would refuse, and no answer after
// its timeout.
import { fetchWaybill } from '../../miniprogram/components/waybill/fetchWaybill';
import { CALL_OUTCOMES, ERROR_OUTCOMES, FIELD_MARKED_OUTCOME, FIELD_TEXT } from '../../miniprogram/components/waybill/userText';
import { deferred } from '../support/deferred';
import { sampleWaybill } from '../../scripts/pagePictures/sampleWaybill';

const callFunction = jest.fn();

beforeEach(() => {
  callFunction.mockReset();
  (globalThis as unknown as { wx: unknown }).wx = {
    cloud: { callFunction },
    getAccountInfoSync: () => ({ miniProgram: { envVersion: 'release' } }),
  };
});

afterAll(() => {
  delete (globalThis as unknown as { wx?: unknown }).wx;
});

const REQUEST = { orderId: 'demo-20240601-0001', deliveryId: 'SF', includeTrack: true };

test('a waybill: the function’s { ok: true } result, read from res.result', async () => {
  const waybill = sampleWaybill();
  callFunction.mockResolvedValue({ result: { ok: true, waybill }, errMsg: 'cloud.callFunction:ok' });
  expect(await fetchWaybill(REQUEST)).toEqual({ kind: 'waybill', waybill });
  expect(callFunction).toHaveBeenCalledWith({ name: 'getWaybill', data: REQUEST });
});

test('an error: the function’s { ok: false }, with its Chinese text and no English for customers', async () => {
  const error = { code: 'NOT_FOUND', message: 'No order with this orderId.', retryable: false } as const;
  callFunction.mockResolvedValue({ result: { ok: false, error }, errMsg: 'cloud.callFunction:ok' });
  const outcome = await fetchWaybill(REQUEST);
  expect(outcome).toEqual({
    kind: 'error',
    error,
    field: null,
    text: { title: ERROR_OUTCOMES.NOT_FOUND.title, action: ERROR_OUTCOMES.NOT_FOUND.action, reference: 'NOT_FOUND', retry: false },
  });
});

test('developers also get the English message (develop and trial builds, or audience: developer)', async () => {
  const error = { code: 'NOT_FOUND', message: 'No order with this orderId.', retryable: false } as const;
  callFunction.mockResolvedValue({ result: { ok: false, error } });
  const outcome = await fetchWaybill(REQUEST, { audience: 'developer' });
  expect(outcome.kind === 'error' && outcome.text.developer).toBe('No order with this orderId.');
});

test.each([
  ['functionNotDeployed', { errCode: -501000, errMsg: 'cloud.callFunction:fail FunctionName parameter could not be found.' }],
  ['noCloudEnvironment', { errMsg: "Cloud API isn't enabled, please call wx.cloud.init prior to any cloud API call" }],
  ['functionTimedOut', { errMsg: 'cloud.callFunction:fail Invoking task timed out after 3 seconds' }],
  ['noNetwork', new Error('cloud.callFunction:fail request:fail')],
  ['callFailed', 'something else'],
] as const)('a rejected call is callFailed with its kind: %s', async (problem, reason) => {
  callFunction.mockRejectedValue(reason);
  const outcome = await fetchWaybill(REQUEST);
  expect(outcome).toMatchObject({ kind: 'callFailed', problem, text: { title: CALL_OUTCOMES[problem].title, retry: true } });
});

test('no wx.cloud at all (an old base library) is a failed call, not a throw', async () => {
  (globalThis as unknown as { wx: unknown }).wx = {};
  await expect(fetchWaybill(REQUEST)).resolves.toMatchObject({ kind: 'callFailed', problem: 'callFailed' });
});

test.each([
  ['a string', 'hello'],
  ['ok without a waybill', { ok: true }],
  ['ok with a waybill missing its fields', { ok: true, waybill: { waybillId: 'x' } }],
  ['nothing', undefined],
])('a result that is not a GetWaybillResult (%s) is unexpectedResult', async (_case, result) => {
  callFunction.mockResolvedValue({ result });
  expect(await fetchWaybill(REQUEST)).toMatchObject({ kind: 'callFailed', problem: 'unexpectedResult' });
});

test('a request the function would refuse is refused here, with the field and its Chinese text, and nothing is sent', async () => {
  const outcome = await fetchWaybill({ orderId: 'order\u200b-7', deliveryId: 'SF' }, { marksFields: true });
  expect(callFunction).not.toHaveBeenCalled();
  expect(outcome).toMatchObject({
    kind: 'error',
    error: { code: 'INVALID_ARGUMENT', field: 'orderId', rule: 'invisibleCharacter' },
    field: { field: 'orderId', text: FIELD_TEXT.orderId.invisibleCharacter, blocksQuery: true },
    text: { title: FIELD_MARKED_OUTCOME.title },
  });
});

test('without a form that shows the field, a refused field reads as what to check, in words', async () => {
  const outcome = await fetchWaybill({ orderId: 'order\u200b-7', deliveryId: 'SF' });
  expect(outcome).toMatchObject({
    kind: 'error',
    field: { field: 'orderId' },
    text: { title: ERROR_OUTCOMES.INVALID_ARGUMENT.title, action: ERROR_OUTCOMES.INVALID_ARGUMENT.action },
  });
});

describe('the timeout', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  test('no answer in 10 s is pageTimeout; the answer that comes later is ignored', async () => {
    const late = deferred<unknown>();
    callFunction.mockReturnValue(late.promise);
    const outcomes: unknown[] = [];
    void fetchWaybill(REQUEST).then((outcome) => outcomes.push(outcome));
    jest.advanceTimersByTime(9_999);
    await Promise.resolve();
    expect(outcomes).toEqual([]);
    jest.advanceTimersByTime(1);
    await Promise.resolve();
    expect(outcomes).toMatchObject([{ kind: 'callFailed', problem: 'pageTimeout', text: { reference: 'PAGE_TIMEOUT' } }]);
    late.resolve({ result: { ok: true, waybill: sampleWaybill() } });
    await Promise.resolve();
    await Promise.resolve();
    expect(outcomes).toHaveLength(1);
  });

  test('the caller can choose its own limit; an answer in time stops the clock', async () => {
    const slow = deferred<unknown>();
    callFunction.mockReturnValue(slow.promise);
    const outcome = fetchWaybill(REQUEST, { timeoutMs: 2_000 });
    jest.advanceTimersByTime(2_000);
    await expect(outcome).resolves.toMatchObject({ problem: 'pageTimeout' });

    callFunction.mockResolvedValue({ result: { ok: true, waybill: sampleWaybill() } });
    const quick = fetchWaybill(REQUEST, { timeoutMs: 2_000 });
    await expect(quick).resolves.toMatchObject({ kind: 'waybill' });
    expect(jest.getTimerCount()).toBe(0);
  });
});
