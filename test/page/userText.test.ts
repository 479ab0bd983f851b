// The catalogue of what the page says, and how an outcome picks its entry.
// Customers' text is Chinese with no Latin letters at all, so no English
// sentence, API field name or setting can slip into it.
import * as fs from 'fs';
import * as path from 'path';
import type { WaybillErrorCode } from '../../miniprogram/contract/getWaybillContract';
import { fromRejectedCall, fromWaybillError, pageTimeout, unexpectedResult } from '../../miniprogram/components/waybill/failureView';
import {
  CALL_OUTCOMES,
  COPY_FAILED_TEXT,
  ERRCODE_OUTCOMES,
  ERROR_OUTCOMES,
  FIELD_MARKED_OUTCOME,
  FIELD_NOT_FOUND_TEXT,
  FIELD_REFUSED_TEXT,
  FIELD_TEXT,
  LABEL_NOTES,
  STAGE_TEXT,
  TRACK_NOTES,
  UNKNOWN_CODE_REFERENCE,
  UNKNOWN_ERROR_OUTCOME,
  UNKNOWN_TRACK_NOTE,
  type Outcome,
} from '../../miniprogram/components/waybill/userText';

const errcodeOutcomes: Array<[string, Outcome]> = Object.entries(ERRCODE_OUTCOMES).flatMap(([code, byErrCode]) =>
  Object.entries(byErrCode ?? {}).map(([errCode, outcome]): [string, Outcome] => [`${code} ${errCode}`, outcome]),
);

const OUTCOMES: Array<[string, Outcome]> = [
  ...Object.entries(ERROR_OUTCOMES),
  ...errcodeOutcomes,
  ...Object.entries(CALL_OUTCOMES),
  ['field marked', FIELD_MARKED_OUTCOME],
];

const CUSTOMER_TEXT: string[] = [
  ...OUTCOMES.flatMap(([, outcome]) => [outcome.title, outcome.action]),
  UNKNOWN_ERROR_OUTCOME.title,
  UNKNOWN_ERROR_OUTCOME.action,
  ...Object.values(FIELD_TEXT).flatMap((byRule) => Object.values(byRule)),
  ...Object.values(FIELD_REFUSED_TEXT),
  ...Object.values(FIELD_NOT_FOUND_TEXT),
  ...Object.values(LABEL_NOTES).map(({ note }) => note),
  ...Object.values(STAGE_TEXT),
  ...Object.values(TRACK_NOTES).map(({ note }) => note),
  UNKNOWN_TRACK_NOTE,
  COPY_FAILED_TEXT.user,
];

describe('the catalogue', () => {
  test('customers’ text has no Latin letters: no English, no API names, no settings', () => {
    expect(CUSTOMER_TEXT.length).toBeGreaterThan(60);
    for (const text of CUSTOMER_TEXT) expect(text).not.toMatch(/[A-Za-z]/);
  });

  test.each(OUTCOMES)('%s has a short title and one sentence that offers 重试 exactly when the page does', (_name, outcome) => {
    expect(outcome.title.length).toBeGreaterThan(1);
    expect(outcome.title.length).toBeLessThanOrEqual(10);
    expect(outcome.action).toMatch(/^[^。]+。$/);
    expect(outcome.action.includes('重试')).toBe(outcome.retry);
  });

  test('of the function’s errors only a busy WeChat is worth 重试, as the contract’s retryable says', () => {
    const retried = Object.entries(ERROR_OUTCOMES).filter(([, outcome]) => outcome.retry);
    expect(retried.map(([code]) => code)).toEqual(['UPSTREAM_BUSY']);
    expect(TRACK_NOTES.UPSTREAM_BUSY.retry).toBe(true);
  });

  test('everything the page finds itself is worth 重试', () => {
    for (const outcome of Object.values(CALL_OUTCOMES)) expect(outcome.retry).toBe(true);
  });

  test('docs/page.md lists every outcome with its title and sentence', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../docs/page.md'), 'utf8');
    for (const [, outcome] of OUTCOMES) {
      expect(doc).toContain(outcome.title);
      expect(doc).toContain(outcome.action);
    }
    for (const { note } of Object.values(TRACK_NOTES)) expect(doc).toContain(note);
  });

  test('the developer’s copy-failed toast names the privacy guide', () => {
    expect(COPY_FAILED_TEXT.developer).toContain('隐私保护指引');
  });
});

describe('fromWaybillError', () => {
  test('customers get the title, sentence and reference; developers also get the English message', () => {
    const error = { code: 'NOT_FOUND' as const, message: 'No order with this orderId.', retryable: false, errCode: 930563 };
    const forCustomers = fromWaybillError(error, 'user');
    expect(forCustomers.failure).toEqual({
      title: '没有找到这个订单',
      action: ERRCODE_OUTCOMES.NOT_FOUND?.[930563].action,
      reference: 'NOT_FOUND · 930563',
      retry: false,
    });
    expect(fromWaybillError(error, 'developer').failure.developer).toBe('No order with this orderId.');
  });

  test('an errCode that belongs to another code does not borrow its text', () => {
    const { failure } = fromWaybillError({ code: 'UPSTREAM_ERROR', message: 'x', retryable: false, errCode: 930563 }, 'user');
    expect(failure.title).toBe(ERROR_OUTCOMES.UPSTREAM_ERROR.title);
  });

  test('a code or rule named like an Object.prototype member finds nothing', () => {
    const odd = fromWaybillError({ code: 'constructor' as WaybillErrorCode, message: 'x', retryable: false }, 'user');
    expect(odd.failure.title).toBe(UNKNOWN_ERROR_OUTCOME.title);
    const rule = fromWaybillError(
      { code: 'INVALID_ARGUMENT', message: 'x', retryable: false, field: 'orderId', rule: 'toString' as never },
      'user',
    );
    expect(rule.mark).toEqual({ field: 'orderId', text: FIELD_REFUSED_TEXT.orderId, blocksQuery: true });
  });

  test('a code outside the catalogue shows customers only catalogue text; developers also get the code', () => {
    const code = 'orderId must be a string (see WAYBILL_ADMIN_OPENIDS)' as WaybillErrorCode;
    const error = { code, message: 'Broken.', retryable: false, errCode: 930563 };
    expect(fromWaybillError(error, 'user')).toEqual({
      failure: { ...UNKNOWN_ERROR_OUTCOME, reference: `${UNKNOWN_CODE_REFERENCE} · 930563`, retry: false },
      mark: null,
    });
    expect(fromWaybillError(error, 'developer').failure.developer).toContain(code);
    expect(fromWaybillError({ ...error, code: { nested: 'object' } as never }, 'user').failure.reference).toBe(
      `${UNKNOWN_CODE_REFERENCE} · 930563`,
    );
  });

  test('an errCode that is not an integer is left out of the reference', () => {
    const error = { code: 'NOT_FOUND' as const, message: 'x', retryable: false };
    expect(fromWaybillError({ ...error, errCode: 1.5 }, 'user').failure.reference).toBe('NOT_FOUND');
    expect(fromWaybillError({ ...error, errCode: '930563 see addOrder' as never }, 'user').failure.reference).toBe('NOT_FOUND');
  });

  test('a field the form does not show is named for developers only', () => {
    const error = { code: 'PERMISSION_DENIED' as const, message: 'Only admins.', retryable: false, field: 'openid' as const };
    expect(fromWaybillError(error, 'user')).toEqual({ failure: expect.not.objectContaining({ developer: expect.anything() }), mark: null });
    expect(fromWaybillError(error, 'developer').failure.developer).toContain('openid');
  });
});

describe('fromRejectedCall', () => {
  test.each([
    [
      'function not deployed',
      { errCode: -501000, errMsg: 'cloud.callFunction:fail [ResourceNotFound] FunctionName parameter could not be found.' },
      'FUNCTION_NOT_FOUND · -501000',
    ],
    ['no cloud environment', { errMsg: "Cloud API isn't enabled, please call wx.cloud.init prior to any cloud API call" }, 'NO_CLOUD_ENV'],
    [
      'cloud not opened',
      { errCode: -601034, errMsg: 'cloud.callFunction:fail 没有权限，请先开通云开发或者云托管' },
      'NO_CLOUD_ENV · -601034',
    ],
    ['function timed out', { errMsg: 'cloud.callFunction:fail Invoking task timed out after 3 seconds' }, 'FUNCTION_TIMEOUT'],
    ['no network', new Error('cloud.callFunction:fail request:fail'), 'NETWORK'],
    ['anything else', 'boom', 'CALL_FAILED'],
  ])('names the likely cause: %s', (_cause, reason, reference) => {
    const failure = fromRejectedCall(reason, 'user');
    expect(failure.reference).toBe(reference);
    expect(failure.retry).toBe(true);
    expect(failure).not.toHaveProperty('developer');
  });

  test('developers see WeChat’s errMsg, kept short', () => {
    const failure = fromRejectedCall({ errMsg: 'x'.repeat(1000) }, 'developer');
    const lines = (failure.developer ?? '').split('\n');
    expect(lines[0]).toBe(CALL_OUTCOMES.callFailed.developerHelp);
    expect(lines[1].length).toBeLessThanOrEqual(160);
  });
});

describe('what the page finds itself', () => {
  test('an unexpected result and a timeout have their own references', () => {
    expect(unexpectedResult('user')).toEqual({ ...pick(CALL_OUTCOMES.unexpectedResult) });
    expect(pageTimeout('user')).toEqual({ ...pick(CALL_OUTCOMES.pageTimeout) });
    expect(pageTimeout('developer').developer).toBe(CALL_OUTCOMES.pageTimeout.developerHelp);
  });

  function pick({ title, action, retry, reference }: (typeof CALL_OUTCOMES)[keyof typeof CALL_OUTCOMES]): object {
    return { title, action, retry, reference };
  }
});
