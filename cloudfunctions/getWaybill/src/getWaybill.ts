// The service: validate, decide access, call WeChat through a transport with
// retries, shape the answer. It always resolves a GetWaybillResult.
import type { GetWaybillResult, WaybillError } from '../../../miniprogram/contract/getWaybillContract';
import { checkRequest } from '../../../miniprogram/contract/requestRules';
import { decideAccess } from './accessPolicy';
import { callWithRetries } from './callWithRetries';
import type { WaybillConfig } from './config';
import { logCall, logInternalError, logToConsole, type CallRecord, type LogLine } from './logCall';
import { isRetryable, mapUpstreamFailure } from './mapWeChatError';
import { SetupFailure, type GetOrderQuery, type OrderSource, type RawOrder } from './orderSource';
import { toWaybill } from './toWaybill';

export interface GetWaybillDeps {
  /** The caller's OPENID from the WeChat context; undefined when there is none. */
  callerOpenid: () => string | undefined;
  orderSource: OrderSource;
  config: WaybillConfig;
  log?: LogLine;
  random?: () => number;
}

const INTERNAL_ERROR: WaybillError = {
  code: 'INTERNAL',
  retryable: false,
  message: 'getWaybill failed unexpectedly. The cloud function log has the details; please report it.',
};

// Past the cap the platform would fail the call with -604001 and the page would see nothing useful.
const ANSWER_TOO_LARGE: WaybillError = {
  code: 'UPSTREAM_ERROR',
  retryable: false,
  message:
    "WeChat's answer for this order is larger than the 1 MB a cloud function may return, even without the label. Look the order up in the logistics assistant; retrying will not help.",
};

function fail(error: WaybillError): GetWaybillResult {
  return { ok: false, error };
}

export async function getWaybill(event: unknown, deps: GetWaybillDeps): Promise<GetWaybillResult> {
  const startedAt = Date.now();
  const log = deps.log ?? logToConsole;
  const record: CallRecord = { outcome: 'INTERNAL', attempts: 0, durationMs: 0, caller: 'anonymous' };
  let result: GetWaybillResult;
  try {
    result = await run(event, deps, startedAt, record);
  } catch (error) {
    if (error instanceof SetupFailure) {
      result = fail(error.error);
    } else {
      logInternalError(error, log);
      result = fail(INTERNAL_ERROR);
    }
  }
  record.outcome = result.ok ? 'OK' : result.error.code;
  if (!result.ok) {
    if (result.error.errCode !== undefined) record.errCode = result.error.errCode;
    if (result.error.field !== undefined) record.field = result.error.field;
  }
  record.durationMs = Date.now() - startedAt;
  logCall(record, log);
  return result;
}

async function run(event: unknown, deps: GetWaybillDeps, startedAt: number, record: CallRecord): Promise<GetWaybillResult> {
  const check = checkRequest(event);
  if (!check.ok) {
    const error: WaybillError = { code: 'INVALID_ARGUMENT', retryable: false, message: check.message };
    if (check.problem !== null) error.field = check.problem.field;
    return fail(error);
  }
  const request = check.request;
  record.deliveryId = request.deliveryId; // validated: [A-Za-z0-9_]{1,32}; logCall masks digit runs

  const access = decideAccess(deps.callerOpenid(), request.openid, deps.config.adminOpenids);
  record.caller = access.role;
  if (!access.allowed) return fail(access.error);

  const query: GetOrderQuery = { orderId: request.orderId, deliveryId: request.deliveryId };
  if (request.waybillId !== undefined) query.waybillId = request.waybillId;
  if (access.openidForWeChat !== undefined) query.openid = access.openidForWeChat;
  if (request.printType !== undefined) query.printType = request.printType;

  const deadlineAt = startedAt + deps.config.deadlineMs;
  const attempt = (): Promise<RawOrder> => {
    // Counted as it starts, so an attempt that ends in a bug (INTERNAL) is in the log too.
    record.attempts += 1;
    return deps.orderSource(query, { deadlineAt });
  };
  const outcome = await callWithRetries(attempt, { deadlineAt, isRetryable, random: deps.random });
  if (!outcome.ok) return fail(mapUpstreamFailure(outcome.failure));

  const shaped = toWaybill(outcome.value ?? {}, query, access.mayReadLabel);
  if (!shaped.fits) return fail(ANSWER_TOO_LARGE);
  if (shaped.labelBytes > 0) record.labelBytes = shaped.labelBytes;
  return { ok: true, waybill: shaped.waybill };
}
