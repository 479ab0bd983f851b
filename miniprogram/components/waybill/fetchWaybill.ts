// The typed call: asks the getWaybill cloud function for a waybill and always
// resolves one outcome, for a page that draws its own layout (the waybill
// component uses it too). Three ways a call can end, each with its Chinese text:
// - `waybill`: the function answered { ok: true, waybill };
// - `error`: the function answered { ok: false, error } (or the request broke a
//   contract rule, found here with the function's own rules and never sent);
// - `callFailed`: there was no usable answer: the function is not deployed, there
//   is no cloud environment, the function or this call timed out, the phone is
//   offline, or the answer is not a GetWaybillResult (an older function).
// It never rejects, and an answer that comes after its timeout is ignored.
import type { GetWaybillRequest, Waybill, WaybillError } from '../../contract/getWaybillContract';
import { checkRequest } from '../../contract/requestRules';
import { readAudience, type Audience } from './audience';
import {
  fromRejectedCall,
  fromWaybillError,
  pageTimeout,
  rejectedCallProblem,
  unexpectedResult,
  type FailureView,
  type FieldMark,
} from './failureView';
import type { CallProblem } from './userText';

/** @public The typed call's own types, for a page of one's own that names them (docs/integrate.md). */
export type { CallProblem, FailureView, FieldMark };

export type WaybillOutcome =
  | { kind: 'waybill'; waybill: Waybill }
  | {
      kind: 'error';
      /** The function's error, as the contract types it (the function's English `message` is for developers). */
      error: WaybillError;
      /** What to show: a Chinese title, a sentence on what to do, a reference, whether 重试 helps. */
      text: FailureView;
      /** The request field at fault, with its Chinese text, when the function named one. */
      field: FieldMark | null;
    }
  | {
      kind: 'callFailed';
      /** functionNotDeployed, noCloudEnvironment, functionTimedOut, noNetwork, callFailed, unexpectedResult, or pageTimeout (no answer in time). */
      problem: CallProblem;
      text: FailureView;
    };

export interface FetchOptions {
  /** Give up after this long (default 10 s): the outcome is a `pageTimeout`, and a later answer is ignored. */
  timeoutMs?: number;
  /** Whose words: `developer` adds the 开发者提示 text. Default: read from the build flavour (develop and trial builds are developers'). */
  audience?: Audience;
  /** Your page shows `outcome.field`'s text under its form field: a refused field's text then points there (按提示修改标红的内容). Default false. */
  marksFields?: boolean;
}

/** @public How long the typed call waits for the function by default. */
export const DEFAULT_TIMEOUT_MS = 10_000;

function isResultShape(value: unknown): value is { ok: true; waybill: Waybill } | { ok: false; error: WaybillError } {
  if (value === null || typeof value !== 'object') return false;
  const { ok, waybill, error } = value as { ok?: unknown; waybill?: unknown; error?: unknown };
  if (ok === false) return typeof error === 'object' && error !== null;
  return ok === true && isWaybill(waybill);
}

/** Enough of a Waybill that code typed against the contract can read it without a crash. */
function isWaybill(value: unknown): value is Waybill {
  if (value === null || typeof value !== 'object') return false;
  const w = value as Record<string, unknown>;
  return (
    typeof w.orderId === 'string' &&
    typeof w.deliveryId === 'string' &&
    typeof w.waybillId === 'string' &&
    typeof w.status === 'string' &&
    Array.isArray(w.waybillData) &&
    (typeof w.labelHtml === 'string' || w.labelHtml === null) &&
    typeof w.labelWithheld === 'boolean'
  );
}

function fromResult(result: unknown, audience: Audience, marksFields: boolean): WaybillOutcome {
  if (!isResultShape(result)) return { kind: 'callFailed', problem: 'unexpectedResult', text: unexpectedResult(audience) };
  if (result.ok) return { kind: 'waybill', waybill: result.waybill };
  const { failure, mark } = fromWaybillError(result.error, audience, marksFields);
  return { kind: 'error', error: result.error, text: failure, field: mark };
}

/** Calls getWaybill with `request` and resolves what happened; never rejects. */
export function fetchWaybill(request: GetWaybillRequest, options: FetchOptions = {}): Promise<WaybillOutcome> {
  const audience = options.audience ?? readAudience();
  const marksFields = options.marksFields === true;
  // A request the function would refuse gets the same INVALID_ARGUMENT here, from the same rules, without a call.
  const check = checkRequest(request);
  if (!check.ok) {
    const error: WaybillError = { code: 'INVALID_ARGUMENT', message: check.message, retryable: false };
    if (check.problem !== null) Object.assign(error, { field: check.problem.field, rule: check.problem.rule });
    return Promise.resolve(fromResult({ ok: false, error }, audience, marksFields));
  }
  return new Promise<WaybillOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: WaybillOutcome): void => {
      if (settled) return; // after the timeout, the answer is ignored
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(
      () => finish({ kind: 'callFailed', problem: 'pageTimeout', text: pageTimeout(audience) }),
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    const failed = (reason: unknown): void =>
      finish({ kind: 'callFailed', problem: rejectedCallProblem(reason), text: fromRejectedCall(reason, audience) });
    try {
      // wx.cloud is missing below base library 2.2.3 and before wx.cloud.init: a throw here is a failed call too.
      wx.cloud
        .callFunction({ name: 'getWaybill', data: check.request })
        .then((response) => finish(fromResult(response.result, audience, marksFields)), failed);
    } catch (reason) {
      failed(reason);
    }
  });
}
