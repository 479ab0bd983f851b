// The service: decide who is asking, validate, decide access, call WeChat
// through a transport with retries (getOrder, and getPath for the track), shape
// the answer. It always resolves: the result, and the facts for the log line.
import type { GetWaybillResult, Track, WaybillError } from '../../../miniprogram/contract/getWaybillContract';
import { checkRequest } from '../../../miniprogram/contract/requestRules';
import { decideAccess, roleOf } from './accessPolicy';
import { callWithRetries, type RetryOutcome } from './callWithRetries';
import type { WaybillSettings } from './settings';
import { loggableCarrier, type CallFacts, type TrackFacts } from './logCall';
import { foreignTrack, toTrack } from './toTrack';
import { answeredWaybillId, toWaybill } from './toWaybill';
import {
  ANSWER_TOO_LARGE,
  fromFailure,
  fromSetupFailure,
  INTERNAL_ERROR,
  invalidRequest,
  isRetryable,
  NO_WAYBILL_ID_FOR_TRACK,
  refused,
  TRACK_OF_ANOTHER_USER,
  TRACK_OF_ANOTHER_WAYBILL,
} from './waybillErrors';
import { SetupFailure, type WeChatAnswer, type WeChatApiName, type WeChatQuery, type WeChatTransport } from './transportPort';

export interface GetWaybillDeps {
  /** The caller's OPENID from the WeChat context; undefined when there is none. */
  callerOpenid: string | undefined;
  /** The transport chosen for this call, or why none can work as deployed. */
  transport: WeChatTransport | SetupFailure;
  config: WaybillSettings;
  random?: () => number;
}

export interface ServiceOutcome {
  result: GetWaybillResult;
  facts: CallFacts;
  /** Set when a bug was met (the outcome, or the track, is INTERNAL): what was thrown, maybe undefined, for the log line (type and frames only). */
  internalError?: { thrown: unknown };
}

const fail = (error: WaybillError): GetWaybillResult => ({ ok: false, error });

/** What one call learnt on its way, for the log line. */
interface Progress {
  attempts: number;
  deliveryId?: string;
  labelBytes?: number;
  track?: TrackFacts;
  /** A bug met on the way (the track's: the waybill is still answered). */
  internalError?: { thrown: unknown };
}

export async function getWaybill(event: unknown, deps: GetWaybillDeps): Promise<ServiceOutcome> {
  const startedAt = Date.now();
  // Decided before anything can fail, so every log line names the real role.
  const caller = roleOf(deps.callerOpenid, deps.config.adminOpenids);
  const progress: Progress = { attempts: 0 };
  let result: GetWaybillResult;
  try {
    result = await answer(event, deps, caller, startedAt, progress);
  } catch (thrown) {
    progress.internalError = { thrown };
    result = fail(INTERNAL_ERROR);
  }
  const facts: CallFacts = { outcome: result.ok ? 'OK' : result.error.code, attempts: progress.attempts, durationMs: 0, caller };
  if (!result.ok && result.error.errCode !== undefined) facts.errCode = result.error.errCode;
  if (!result.ok && result.error.field !== undefined) facts.field = result.error.field;
  if (progress.deliveryId !== undefined) facts.deliveryId = progress.deliveryId;
  if (progress.labelBytes !== undefined) facts.labelBytes = progress.labelBytes;
  if (progress.track !== undefined) facts.track = progress.track;
  facts.durationMs = Date.now() - startedAt;
  return progress.internalError === undefined ? { result, facts } : { result, facts, internalError: progress.internalError };
}

async function answer(
  event: unknown,
  deps: GetWaybillDeps,
  caller: ReturnType<typeof roleOf>,
  startedAt: number,
  progress: Progress,
): Promise<GetWaybillResult> {
  const check = checkRequest(event);
  if (!check.ok) return fail(invalidRequest(check.problem, check.message));
  const request = check.request;
  progress.deliveryId = loggableCarrier(request.deliveryId);

  const access = decideAccess(caller, deps.callerOpenid, request.openid);
  if (!access.allowed) return fail(refused(access.refusal));
  const transport = deps.transport;
  if (transport instanceof SetupFailure) return fail(fromSetupFailure(transport));

  const retry = {
    deadlineAt: startedAt + deps.config.deadlineMs,
    attemptTimeoutMs: deps.config.attemptTimeoutMs,
    isRetryable,
    random: deps.random ?? Math.random,
  };
  const ask = (api: WeChatApiName, query: WeChatQuery, abandoned?: () => boolean): Promise<RetryOutcome<WeChatAnswer>> =>
    callWithRetries(
      (attemptDeadlineAt) => {
        if (api === 'getOrder') progress.attempts += 1; // counted as it starts, so an attempt that ends in a bug is logged too
        return transport(api, query, { attemptDeadlineAt });
      },
      { ...retry, abandoned },
    );

  const query: WeChatQuery = { orderId: request.orderId, deliveryId: request.deliveryId };
  if (request.waybillId !== undefined) query.waybillId = request.waybillId;
  if (access.openidForWeChat !== undefined) query.openid = access.openidForWeChat;
  if (request.printType !== undefined) query.printType = request.printType;

  // With a waybill id in hand, the track is asked for at once, beside the order: the call takes as long as the slower of the two.
  const pathQuery = (waybillId: string): WeChatQuery => {
    const path: WeChatQuery = { deliveryId: request.deliveryId, waybillId };
    if (query.openid !== undefined) path.openid = query.openid; // the same user as getOrder's
    return path;
  };
  let earlyTrackWanted = true;
  const earlyTrack =
    request.includeTrack === true && request.waybillId !== undefined
      ? ask('getPath', pathQuery(request.waybillId), () => !earlyTrackWanted)
      : undefined;
  earlyTrack?.catch(() => undefined); // a bug in an abandoned track must not surface as an unhandled rejection

  const order = await ask('getOrder', query);
  if (!order.ok) {
    earlyTrackWanted = false;
    return fail(fromFailure(order.failure, 'getOrder'));
  }

  let track: Track | undefined;
  if (request.includeTrack === true) {
    // A track always belongs to the waybill in the result: the early one only if WeChat answered the waybill id that was asked about.
    const waybillId = answeredWaybillId(order.value);
    earlyTrackWanted = waybillId !== '' && waybillId === request.waybillId;
    try {
      track = await trackOf(pathQuery(waybillId), earlyTrackWanted ? earlyTrack : undefined, (pathOf) => ask('getPath', pathOf));
    } catch (thrown) {
      // The waybill never fails because of its track, not even through a bug.
      progress.internalError = { thrown };
      track = { available: false, error: INTERNAL_ERROR };
    }
  }

  const shaped = toWaybill(order.value, query, access.mayReadLabel, track);
  if (!shaped.fits) return fail(ANSWER_TOO_LARGE);
  if (shaped.labelBytes > 0) progress.labelBytes = shaped.labelBytes;
  const shownTrack = shaped.waybill.track;
  if (shownTrack !== undefined) {
    progress.track = shownTrack.available
      ? { outcome: 'ok', events: shownTrack.events.length }
      : { outcome: shownTrack.error.code, events: 0 };
  }
  return { ok: true, waybill: shaped.waybill };
}

/** The track of the waybill `pathOf` names: the early answer if there is one, else asked for now. */
async function trackOf(
  pathOf: WeChatQuery,
  early: Promise<RetryOutcome<WeChatAnswer>> | undefined,
  fetch: (pathOf: WeChatQuery) => Promise<RetryOutcome<WeChatAnswer>>,
): Promise<Track> {
  const waybillId = pathOf.waybillId ?? '';
  if (waybillId === '') return { available: false, error: NO_WAYBILL_ID_FOR_TRACK };
  const outcome = await (early ?? fetch(pathOf));
  if (!outcome.ok) return { available: false, error: fromFailure(outcome.failure, 'getPath') };
  const foreign = foreignTrack(outcome.value, { waybillId, ...(pathOf.openid === undefined ? {} : { openid: pathOf.openid }) });
  if (foreign === 'anotherWaybill') return { available: false, error: TRACK_OF_ANOTHER_WAYBILL };
  if (foreign === 'anotherUser') return { available: false, error: TRACK_OF_ANOTHER_USER };
  return toTrack(outcome.value);
}
