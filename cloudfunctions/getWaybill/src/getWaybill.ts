// The service: decide who is asking, validate, decide access, call getOrder
// through a transport with retries while the caller's ownership of the order
// is checked beside it (orderOwnership.ts), look up the track
// (trackOfWaybill.ts) when asked, shape the answer. It always resolves: the
// result, and the facts for the log line, which are a function of the result alone.
import type { GetWaybillResult, WaybillError } from '../../../miniprogram/contract/getWaybillContract';
import { checkRequest } from '../../../miniprogram/contract/requestRules';
import { decideAccess, roleOf, type CallerRole } from './accessPolicy';
import { callWithRetries, type RetryOptions } from './callWithRetries';
import type { WaybillSettings } from './settings';
import { checkOwnership, UNCHECKED, type OrderBook, type OrderCheck } from './orderOwnership';
import type { PathFlights } from './pathFlights';
import { answeredWaybillId, toWaybill } from './toWaybill';
import { lookUpTrack, trackOfAnswered, type TrackContext, type TrackFacts, type TrackLookup } from './trackOfWaybill';
import type { TrackStore } from './trackStore';
import {
  ANSWER_TOO_LARGE,
  fromFailure,
  fromSetupFailure,
  INTERNAL_ERROR,
  invalidRequest,
  isRetryable,
  ORDER_NOT_FOUND,
  orderCheckUnavailable,
  refused,
} from './waybillErrors';
import { SetupFailure, type WeChatQuery, type WeChatTransport } from './transportPort';

/** What serves every call alike, until the settings change (createMain.ts builds it once per reading). */
export interface GetWaybillDeps {
  /** The transport chosen for this call, or why none can work as deployed. */
  transport: WeChatTransport | SetupFailure;
  config: WaybillSettings;
  /** The stored tracks' collection; undefined when the function runs without a database. */
  trackStore: TrackStore | undefined;
  /** This instance's getPath calls in flight, shared by its concurrent calls. */
  pathFlights: PathFlights;
  /** The merchant's orders (WAYBILL_ORDERS); undefined when the setting is off or the function runs without a database. */
  orderBook?: OrderBook | undefined;
  random?: () => number;
}

/** What serving one call came to: the result, and what the log line tells of it (logCall.ts). */
export interface ServedCall {
  result: GetWaybillResult;
  /** Decided before anything can fail, so every log line names the real role. */
  caller: CallerRole;
  /** getOrder attempts, each counted as it starts, so an attempt that ends in a bug counts too. */
  attempts: number;
  durationMs: number;
  /** The carrier asked about, once the request is valid (the log names only known ones). */
  deliveryId?: string;
  /** The label's size in bytes, when the result holds one. */
  labelBytes?: number;
  track?: TrackFacts;
  /** The order check (WAYBILL_ORDERS); absent when the call ended before it. */
  orderCheck?: OrderCheck;
  /** A bug met on the way (the outcome, or only the track, is INTERNAL): what was thrown, for the log line (type and frames only). */
  internalError?: { thrown: unknown };
}

const fail = (error: WaybillError): GetWaybillResult => ({ ok: false, error });

/** The database gets at most a fifth of the deadline per read or write (500 ms of the default 2500), never more than a second. */
const storeWaitFor = (deadlineMs: number): number => Math.min(1000, Math.round(deadlineMs / 5));

/** What a track lookup of this call needs: getPath through the call's transport and retries, the store, the deadline. */
function trackContextOf(
  deps: GetWaybillDeps,
  transport: WeChatTransport,
  retry: Omit<RetryOptions, 'abandoned'>,
  admin: boolean,
): TrackContext {
  return {
    askPath: (path, abandoned) =>
      callWithRetries((attemptDeadlineAt) => transport('getPath', path, { attemptDeadlineAt }), { ...retry, abandoned }),
    store: deps.trackStore,
    freshMs: deps.config.trackStore.freshMs,
    storeWaitMs: storeWaitFor(deps.config.deadlineMs),
    deadlineAt: retry.deadlineAt,
    admin,
    flights: deps.pathFlights,
  };
}

export async function getWaybill(event: unknown, deps: GetWaybillDeps, callerOpenid: string | undefined): Promise<ServedCall> {
  const startedAt = Date.now();
  const caller = roleOf(callerOpenid, deps.config.adminOpenids);
  const served = await serve(event, deps, { role: caller, openid: callerOpenid }, startedAt);
  return { ...served, caller, durationMs: Date.now() - startedAt };
}

/** Who is asking: the role, and the OPENID it was decided from. */
type Caller = { role: CallerRole; openid: string | undefined };

/** The call, before its role and duration are added. */
type Served = Omit<ServedCall, 'caller' | 'durationMs'>;

async function serve(event: unknown, deps: GetWaybillDeps, who: Caller, startedAt: number): Promise<Served> {
  const caller = who.role;
  let attempts = 0;
  let deliveryId: string | undefined;
  try {
    const check = checkRequest(event);
    if (!check.ok) return { result: fail(invalidRequest(check.problem, check.message)), attempts };
    const request = check.request;
    deliveryId = request.deliveryId;

    const access = decideAccess(caller, who.openid, request.openid);
    if (!access.allowed) return { result: fail(refused(access.refusal)), attempts, deliveryId };
    const transport = deps.transport;
    if (transport instanceof SetupFailure) return { result: fail(fromSetupFailure(transport)), attempts, deliveryId };

    const deadlineAt = startedAt + deps.config.deadlineMs;
    const retry = { deadlineAt, attemptTimeoutMs: deps.config.attemptTimeoutMs, isRetryable, random: deps.random ?? Math.random };
    const query: WeChatQuery = { orderId: request.orderId, deliveryId: request.deliveryId };
    if (request.waybillId !== undefined) query.waybillId = request.waybillId;
    if (access.openidForWeChat !== undefined) query.openid = access.openidForWeChat;
    if (request.printType !== undefined) query.printType = request.printType;

    // Built on the first look: most calls never ask for the track.
    let trackContext: TrackContext | undefined;
    // The track is asked for the same user as getOrder.
    const lookUp = (waybillId: string): TrackLookup =>
      lookUpTrack(
        (trackContext ??= trackContextOf(deps, transport, retry, caller === 'admin')),
        { deliveryId: request.deliveryId, waybillId, ...(query.openid === undefined ? {} : { openid: query.openid }) },
        request.orderId,
      );
    // A stranger's answer is a missing order's; nothing WeChat answered is used, logged or waited for, and no track is looked up.
    const notShown = (orderCheck: Extract<OrderCheck, { order: 'stranger' | 'unavailable' }>): Served => {
      const setting = deps.config.orders.kind === 'unreadable' ? deps.config.orders.setting : undefined;
      const error = orderCheck.order === 'stranger' ? ORDER_NOT_FOUND : orderCheckUnavailable(orderCheck.trouble, setting);
      // getOrder retries only what it may retry (a carrier error, say), and only an existing order has
      // one: the line counts the first attempt alone, as a missing order's (930563, never retried) does.
      return { result: fail(error), attempts: Math.min(attempts, 1), deliveryId, orderCheck };
    };
    const ownership = (): Promise<OrderCheck> => checkOwnership(deps.config.orders, deps.orderBook, who, request.orderId, deadlineAt);
    const checksOrders = caller !== 'admin' && deps.config.orders.kind !== 'off';
    // No check can answer (a setting that cannot be read, no database): WeChat is not even asked.
    if (checksOrders && (deps.config.orders.kind === 'unreadable' || deps.orderBook === undefined)) {
      const orderCheck = await ownership();
      if (orderCheck.order === 'stranger' || orderCheck.order === 'unavailable') return notShown(orderCheck);
    }

    // getOrder starts at once, beside the ownership check: an owner waits for the slower of the two, not their sum.
    let notOwner = false;
    const orderCall = callWithRetries(
      (attemptDeadlineAt) => {
        attempts += 1;
        return transport('getOrder', query, { attemptDeadlineAt });
      },
      { ...retry, abandoned: () => notOwner },
    );
    orderCall.catch(() => undefined); // awaited below; a bug must not surface unhandled while the check is awaited
    const orderCheck = checksOrders ? await ownership() : UNCHECKED;
    if (orderCheck.order === 'stranger' || orderCheck.order === 'unavailable') {
      notOwner = true;
      return notShown(orderCheck);
    }

    // With a waybill id in hand, the track is looked up at once, beside the order: the call takes as long as the slower of the two.
    const early = request.includeTrack === true && request.waybillId !== undefined ? lookUp(request.waybillId) : undefined;
    const order = await orderCall;
    if (!order.ok) {
      early?.abandon();
      return { result: fail(fromFailure(order.failure, 'getOrder')), attempts, deliveryId, orderCheck };
    }

    // A track always belongs to the waybill in the result, the one WeChat answered.
    const found =
      request.includeTrack === true ? await trackOfAnswered(answeredWaybillId(order.value), request.waybillId, early, lookUp) : undefined;

    const shaped = toWaybill(order.value, query, access.mayReadLabel, found?.track);
    const served: Served = { result: fail(ANSWER_TOO_LARGE), attempts, deliveryId, orderCheck };
    if (shaped.fits) served.result = { ok: true, waybill: shaped.waybill };
    if (shaped.fits && shaped.labelBytes > 0) served.labelBytes = shaped.labelBytes;
    if (found !== undefined) served.track = found.facts;
    if (found?.internalError !== undefined) served.internalError = found.internalError;
    return served;
  } catch (thrown) {
    return { result: fail(INTERNAL_ERROR), attempts, ...(deliveryId === undefined ? {} : { deliveryId }), internalError: { thrown } };
  }
}
