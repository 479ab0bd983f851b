// Retries inside the deadline, on virtual time: the backoff schedule, the
// deadline that no attempt starts after, and the per-attempt timeout that
// abandons a hung attempt while there is still time to try again.
import { callWithRetries } from '../../cloudfunctions/getWaybill/src/callWithRetries';
import { UpstreamFailure } from '../../cloudfunctions/getWaybill/src/transportPort';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { functionWith, lastCallLine, type FakeAnswer } from '../support/functionHarness';
import { captureLogs, expectNoPersonalDataLogged } from '../support/logCapture';
import { orderAnswer, SAMPLE_EVENT } from '../support/sampleAnswers';

const capture = captureLogs();
const never = (): Promise<never> => new Promise<never>(() => undefined);
const reset = (): never => {
  throw new UpstreamFailure('network', undefined, 'ECONNRESET');
};

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

async function callOnVirtualTime(answer: FakeAnswer, options: { random?: number; deadlineMs?: string } = {}) {
  const fn = functionWith(
    {
      answer,
      random: () => options.random ?? 0.5,
      env: options.deadlineMs === undefined ? {} : { WAYBILL_DEADLINE_MS: options.deadlineMs },
    },
    capture.log,
  );
  const startedAt = Date.now();
  const pending = fn.call(SAMPLE_EVENT);
  await jest.runAllTimersAsync();
  const result: GetWaybillResult = await pending;
  return { result, starts: fn.calls.map((call) => call.at - startedAt), line: lastCallLine(fn.lines) };
}

describe('the backoff schedule (ceilings 100, 200, 400, 800, 1000 ms; each wait is half fixed, half random)', () => {
  test.each([
    { random: 0.5, deadlineMs: undefined, starts: [0, 75, 225, 525, 1125, 1875] },
    { random: 0, deadlineMs: undefined, starts: [0, 50, 150, 350, 750, 1250, 1750, 2250] },
    { random: 0.999, deadlineMs: undefined, starts: [0, 100, 300, 700, 1500] },
    { random: 0.5, deadlineMs: '1000', starts: [0, 75, 225, 525] },
    { random: 0.5, deadlineMs: '200', starts: [0, 75] },
  ])('random $random, WAYBILL_DEADLINE_MS $deadlineMs: attempts start at $starts', async ({ random, deadlineMs, starts }) => {
    const { result, starts: seen, line } = await callOnVirtualTime(reset, { random, deadlineMs });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'UPSTREAM_BUSY', retryable: true }) });
    expect(seen).toEqual(starts);
    expect(line).toMatchObject({ outcome: 'UPSTREAM_BUSY', attempts: starts.length });
  });

  test('busy, then an answer: two attempts and the waybill', async () => {
    const { result, starts } = await callOnVirtualTime((_api, _query, n) => (n === 1 ? { errcode: -1 } : orderAnswer()));
    expect(result.ok).toBe(true);
    expect(starts).toEqual([0, 75]);
  });

  test('busy, then an error that is not worth retrying: it ends there', async () => {
    const { result, starts } = await callOnVirtualTime((_api, _query, n) => (n === 1 ? { errcode: -1 } : { errcode: 9300501 }));
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'UPSTREAM_ERROR', errCode: 9300501 }) });
    expect(starts).toHaveLength(2);
  });
});

describe('each attempt has its own timeout', () => {
  test('a hung first attempt is abandoned after 1125 ms (45% of 2500) and the retry answers', async () => {
    const { result, starts, line } = await callOnVirtualTime((_api, _query, n) => (n === 1 ? never() : orderAnswer()));
    expect(result.ok).toBe(true);
    expect(starts).toEqual([0, 1125 + 75]);
    expect(line).toMatchObject({ outcome: 'OK', attempts: 2 });
  });

  test('a slow but healthy answer (1 s) gets through on the first attempt', async () => {
    const slow: FakeAnswer = () => new Promise((resolve) => setTimeout(() => resolve(orderAnswer()), 1000));
    const { result, starts, line } = await callOnVirtualTime(slow);
    expect(result.ok).toBe(true);
    expect(starts).toEqual([0]);
    expect(line).toMatchObject({ attempts: 1, durationMs: 1000 });
  });

  test('an upstream that never answers ends at the deadline as UPSTREAM_BUSY, after the attempts that fit', async () => {
    const { result, starts, line } = await callOnVirtualTime(never);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'UPSTREAM_BUSY', retryable: true }) });
    expect(result.ok || result.error.errCode).toBeUndefined();
    expect(starts).toEqual([0, 1200, 2475]);
    expect(line).toMatchObject({ durationMs: 2500 });
  });

  test("busy, then a last attempt the deadline cuts short: the error is WeChat's busy answer, errCode -1", async () => {
    const { result, starts } = await callOnVirtualTime((_api, _query, n) => (n === 1 ? { errcode: -1 } : never()), {
      deadlineMs: '200',
    });
    expect(starts).toEqual([0, 75]);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'UPSTREAM_BUSY', errCode: -1 }) });
  });

  test('busy, then attempts abandoned by their own timeout: the error is the timeout, with no errCode', async () => {
    const { result, starts } = await callOnVirtualTime((_api, _query, n) => (n === 1 ? { errcode: -1 } : never()));
    expect(starts).toEqual([0, 75, 75 + 1125 + 150]);
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'UPSTREAM_BUSY' }) });
    expect(result.ok || result.error.errCode).toBeUndefined();
  });

  test('with the longest deadline, one attempt may take 45% of it', async () => {
    const slow: FakeAnswer = () => new Promise((resolve) => setTimeout(() => resolve(orderAnswer()), 1200)); // under 45% of 2700
    const { result, starts } = await callOnVirtualTime(slow, { deadlineMs: '2700' });
    expect(result.ok).toBe(true);
    expect(starts).toEqual([0]);
  });
});

test('no attempt starts once the deadline has passed, not even the first', async () => {
  const attempt = jest.fn(async () => 'answer');
  const outcome = await callWithRetries(attempt, {
    deadlineAt: Date.now() - 1,
    attemptTimeoutMs: 1000,
    isRetryable: () => true,
    random: () => 0.5,
  });
  expect(outcome).toEqual({ ok: false, failure: expect.objectContaining({ kind: 'timeout' }) });
  expect(attempt).not.toHaveBeenCalled();
});

expectNoPersonalDataLogged(capture);
