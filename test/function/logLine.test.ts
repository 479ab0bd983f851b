// The log: one JSON line per call that helps operate the function and names
// no person, a line for an unexpected error that carries its type and real
// stack frames only, and logging that never stops a call from being answered.
import { createMain } from '../../cloudfunctions/getWaybill/src/createMain';
import { functionWith, lastCallLine } from '../support/functionHarness';
import { captureLogs, expectNoPersonalDataLogged } from '../support/logCapture';
import { ADMIN, RECEIVER_MOBILE, USER } from '../support/people';
import { orderAnswer, SAMPLE_EVENT } from '../support/sampleAnswers';

const capture = captureLogs();

// The line of a successful call is one of the contract cases (test/support/contractCases.ts), on every runtime.

test('an error outcome carries its code, errCode and field', async () => {
  const fn = functionWith({ answer: () => ({ errcode: 930563, errmsg: 'order not exists' }) }, capture.log);
  await fn.call(SAMPLE_EVENT);
  expect(lastCallLine(fn.lines)).toMatchObject({ outcome: 'NOT_FOUND', errCode: 930563, field: 'orderId', attempts: 1 });
});

describe('the carrier is logged only when it is a known carrier code', () => {
  test.each(['SF', 'JDL', 'TEST', 'BEST'])('%p is logged as itself', async (deliveryId) => {
    const fn = functionWith({}, capture.log);
    await fn.call({ orderId: 'o-1', deliveryId });
    expect(lastCallLine(fn.lines).deliveryId).toBe(deliveryId);
  });

  test.each(['138_1234_5678', RECEIVER_MOBILE, USER.replace(/-/g, '_'), 'ZhangSan', 'sf'])(
    '%p is logged as "other", and appears nowhere in the log',
    async (deliveryId) => {
      const fn = functionWith({}, capture.log);
      await fn.call({ orderId: 'o-1', deliveryId });
      expect(lastCallLine(fn.lines).deliveryId).toBe('other');
      expect(fn.lines.join('\n')).not.toContain(deliveryId);
    },
  );
});

test('the role is decided before validation: an admin with a bad request is logged as admin', async () => {
  const fn = functionWith({}, capture.log);
  await fn.call({ orderId: '', deliveryId: 'SF' });
  expect(lastCallLine(fn.lines)).toMatchObject({ outcome: 'INVALID_ARGUMENT', field: 'orderId', caller: 'admin', attempts: 0 });
});

describe('an unexpected error (INTERNAL)', () => {
  const forged = `boom ${RECEIVER_MOBILE}\n    at forged (/${USER}/${RECEIVER_MOBILE}.js:1:1)`;

  /** What the call's one line says broke. */
  function internalLine(lines: readonly string[]): { type: string; frames: string[] } {
    expect(lines).toHaveLength(1);
    return lastCallLine(lines).internalError as { type: string; frames: string[] };
  }

  test('is logged in the call line with its type and real frames, never its message, even when the message forges frames', async () => {
    const fn = functionWith(
      {
        answer: () => {
          throw new TypeError(forged);
        },
      },
      capture.log,
    );
    const result = await fn.call(SAMPLE_EVENT);
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', retryable: false, message: expect.any(String) } });
    const line = internalLine(fn.lines);
    expect(line.type).toBe('TypeError');
    expect(line.frames.length).toBeGreaterThan(0);
    expect(line.frames.every((frame) => frame.startsWith('at '))).toBe(true);
    expect(JSON.stringify(line)).not.toMatch(/boom|forged/);
    expect(lastCallLine(fn.lines)).toMatchObject({ outcome: 'INTERNAL', attempts: 1 });
  });

  test('an error whose stack was already formatted (its text holds the message) is logged without frames', async () => {
    const error = new Error(forged);
    void error.stack;
    const fn = functionWith(
      {
        answer: () => {
          throw error;
        },
      },
      capture.log,
    );
    await fn.call(SAMPLE_EVENT);
    expect(internalLine(fn.lines)).toEqual({ type: 'Error', frames: [] });
  });

  test.each([
    ['a name made to hold data', Object.assign(new Error('x'), { name: `Error${RECEIVER_MOBILE}` }), 'object'],
    [
      'getters that throw',
      {
        get name(): string {
          throw new Error('name');
        },
        get stack(): string {
          throw new Error('stack');
        },
        get errCode(): number {
          throw new Error('errCode');
        },
      },
      'object',
    ],
    ['a string', `details ${RECEIVER_MOBILE}`, 'string'],
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
  ])('%s is logged by its type only', async (_what, thrown, type) => {
    const fn = functionWith(
      {
        answer: () => {
          throw thrown;
        },
      },
      capture.log,
    );
    await fn.call(SAMPLE_EVENT);
    expect(internalLine(fn.lines).type).toBe(type);
    expect(fn.lines.filter((line) => line.startsWith('{"event":"getWaybill",'))).toHaveLength(1);
  });
});

test('a logger that throws does not stop the call from being answered', async () => {
  const main = createMain({
    callerOpenid: () => ADMIN,
    env: { WAYBILL_ADMIN_OPENIDS: ADMIN },
    cloudTransport: async () => orderAnswer(),
    log: () => {
      throw new Error('stdout is gone');
    },
  });
  await expect(main(SAMPLE_EVENT)).resolves.toMatchObject({ ok: true });
});

expectNoPersonalDataLogged(capture);
