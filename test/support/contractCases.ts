// The built function's contract through the network seam, as one table:
// for each case the caller and environment, the event, what the emulator
// answers, and what must come back. Two places run it: sdkContract.test.ts
// (jest, in-process) and `npm run test:runtimes` (the bundle under Node 12, 16
// and this Node, in child processes). Checks use `expect` on their own, so
// they run outside jest too. Every case's event names it to the emulator:
// its orderId (and, with includeTrack, its waybillId) is unique in the table.
import { expect } from 'expect';
import type { ReceivedCall } from '../../emulator/emulatorServer';
import { createLogisticsEmulator, type EmulatorAnswer } from '../../emulator/logisticsEmulator';
import { BUYER_OPENID } from '../../emulator/sandboxOrders';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import type { BuiltCallOptions } from './bundleHarness';
import { shapeProblems } from './contractShape';
import { lastCallLine } from './functionHarness';
import { findLeaks } from './logLeaks';
import { ADMIN, OTHER_USER, RECEIVER_MOBILE, USER } from './people';
import { orderAnswer, ORDER_ANSWER_WAYBILL } from './sampleAnswers';

/** What one case's call did. */
export interface CaseOutcome {
  /** What main resolved. */
  result: unknown;
  /** Every line logged during the call. */
  logs: readonly string[];
  /** The case's logistics calls as they reached the emulator. */
  calls: readonly ReceivedCall[];
}

export interface ContractCase {
  /** What a user would recognise; unique. */
  name: string;
  /** Caller (ADMIN unless given), environment and transport, as the bundle harness takes them. */
  options?: BuiltCallOptions;
  event: Record<string, unknown>;
  /** Hand main a revoked proxy instead of the event (see runtimeRunner.cjs's eventOf). */
  revokedProxyEvent?: true;
  /** What the emulator answers; n counts this API's calls in this case from 1. */
  answer(call: ReceivedCall, n: number): EmulatorAnswer;
  /** Throws (expect) when the outcome is wrong; checkCase adds what every call must do. */
  check(outcome: CaseOutcome): void;
}

const body = (answer: Record<string, unknown> | string): EmulatorAnswer => ({ kind: 'body', body: answer });
/** The sample order under the order id that was asked about. */
const orderAsAsked = (call: ReceivedCall): EmulatorAnswer => body(orderAnswer({ order_id: call.params.order_id }));
const sandbox = createLogisticsEmulator();

const okWaybill = (outcome: CaseOutcome) => {
  const result = outcome.result as GetWaybillResult;
  if (!result.ok) throw new Error(`expected a waybill, got ${JSON.stringify(result)}`);
  return result.waybill;
};

/** The order check on the emulator's seeded orders collection (each sandbox order owned by the sandbox buyer). */
const ORDER_CHECK_ON = { WAYBILL_ORDERS: 'orders.orderNo' };
/** A bad response is retried until the deadline, then busy; short, since the outcome does not depend on it. */
const BAD_RESPONSE_DEADLINE = { env: { WAYBILL_DEADLINE_MS: '300' } };
const badResponse = ({ result }: CaseOutcome): void =>
  expect(result).toEqual({ ok: false, error: { code: 'UPSTREAM_BUSY', retryable: true, message: expect.any(String) } });

export const CONTRACT_CASES: readonly ContractCase[] = [
  {
    name: 'getOrder goes out as logistics.getOrder with the snake_case pairs WeChat expects',
    event: { orderId: 'CASE-PAIRS', deliveryId: 'SF', waybillId: 'SF1234567890', openid: OTHER_USER, printType: 1 },
    answer: orderAsAsked,
    check: ({ calls }) =>
      expect(calls.map(({ transport, api, params }) => ({ transport, api, params }))).toEqual([
        {
          transport: 'cloud',
          api: 'getOrder',
          params: { order_id: 'CASE-PAIRS', delivery_id: 'SF', waybill_id: 'SF1234567890', openid: OTHER_USER, print_type: 1 },
        },
      ]),
  },
  {
    name: 'a normal order comes back typed, with the label decoded',
    event: { orderId: 'CASE-NORMAL', deliveryId: 'SF' },
    answer: orderAsAsked,
    check: ({ result }) => expect(result).toEqual({ ok: true, waybill: { ...ORDER_ANSWER_WAYBILL, orderId: 'CASE-NORMAL' } }),
  },
  {
    name: 'a cancelled order comes back as cancelled',
    event: { orderId: 'CASE-CANCELLED', deliveryId: 'SF' },
    answer: (call) => body(orderAnswer({ order_id: call.params.order_id, order_status: 1 })),
    check: (outcome) => expect(okWaybill(outcome)).toMatchObject({ orderStatus: 1, status: 'cancelled' }),
  },
  {
    name: 'identity comes from the WeChat context, not from the event',
    options: { caller: USER },
    event: { orderId: 'CASE-IDENTITY', deliveryId: 'SF', userInfo: { openId: ADMIN } },
    answer: orderAsAsked,
    check: (outcome) => {
      expect(outcome.calls.map((call) => call.params.openid)).toEqual([USER]);
      expect(okWaybill(outcome)).toMatchObject({ labelHtml: null, labelWithheld: true });
    },
  },
  {
    name: 'the call names the environment the function runs in (cloud.init with DYNAMIC_CURRENT_ENV)',
    event: { orderId: 'CASE-ENV', deliveryId: 'SF' },
    answer: orderAsAsked,
    check: ({ calls }) => expect(calls.map((call) => new URL(call.url, 'http://x').searchParams.get('env'))).toEqual(['emulator-env']),
  },
  {
    name: 'without the logistics.getOrder permission (-604101) the answer is NOT_CONFIGURED, naming config.json',
    event: { orderId: 'CASE-NO-PERMISSION', deliveryId: 'SF' },
    answer: () => ({ kind: 'noPermission' }),
    check: ({ result }) =>
      expect(result).toEqual({
        ok: false,
        error: { code: 'NOT_CONFIGURED', errCode: -604101, retryable: false, message: expect.stringContaining('config.json') },
      }),
  },
  {
    name: 'a busy answer is retried once, and the order comes back',
    // The longest deadline: one retry must happen however slow the machine.
    options: { env: { WAYBILL_DEADLINE_MS: '2700' } },
    event: { orderId: 'CASE-BUSY-ONCE', deliveryId: 'SF' },
    answer: (call, n) => (n === 1 ? body({ errcode: -1, errmsg: 'system busy' }) : orderAsAsked(call)),
    check: (outcome) => {
      expect(okWaybill(outcome).orderId).toBe('CASE-BUSY-ONCE');
      expect(outcome.calls).toHaveLength(2);
      expect(lastCallLine(outcome.logs)).toMatchObject({ outcome: 'OK', attempts: 2 });
    },
  },
  {
    name: 'the track of a sandbox order comes in the same call, newest event first',
    event: { orderId: 'TEST_ORDER_0001', deliveryId: 'TEST', waybillId: 'TEST_WB_0001', includeTrack: true },
    answer: (call) => sandbox.answer(call.api, call.params),
    check: (outcome) => {
      const { track } = okWaybill(outcome);
      expect(track).toMatchObject({ available: true, stage: 'delivered', totalEvents: 5 });
      const times = track?.available ? track.events.map((event) => event.time) : [];
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(outcome.calls.map((call) => call.api).sort()).toEqual(['getOrder', 'getPath']);
      expect(lastCallLine(outcome.logs)).toMatchObject({ track: { outcome: 'ok', events: 5 } });
    },
  },
  {
    name: "with the order check on, the buyer of a seeded order gets it: cloud.database() found it among the buyer's orders",
    options: { caller: BUYER_OPENID, env: ORDER_CHECK_ON },
    event: { orderId: 'SF_ORDER_0001', deliveryId: 'SF' },
    answer: (call) => sandbox.answer(call.api, call.params),
    check: (outcome) => {
      expect(okWaybill(outcome)).toMatchObject({ orderId: 'SF_ORDER_0001', labelWithheld: true });
      expect(lastCallLine(outcome.logs)).toMatchObject({ outcome: 'OK', caller: 'user', order: 'owner' });
    },
  },
  {
    name: "with the order check on, another user gets for the buyer's order exactly what a missing order gets",
    options: { caller: USER, env: ORDER_CHECK_ON },
    event: { orderId: 'ZTO_ORDER_0001', deliveryId: 'ZTO' },
    answer: (call) => sandbox.answer(call.api, call.params),
    check: ({ result, logs }) => {
      expect(result).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', errCode: 930563, field: 'orderId', retryable: false, message: expect.any(String) },
      });
      expect(lastCallLine(logs)).toMatchObject({ outcome: 'NOT_FOUND', errCode: 930563, field: 'orderId', order: 'stranger' });
    },
  },
  {
    name: 'an answer whose errcode is not a number ({"errcode":{}}) is a bad response: busy, resolved, not rejected',
    options: BAD_RESPONSE_DEADLINE,
    event: { orderId: 'CASE-ERRCODE-OBJECT', deliveryId: 'SF' },
    answer: () => body({ errcode: {} }),
    check: badResponse,
  },
  {
    name: 'a JSON null answer is a bad response: busy, resolved, not rejected',
    options: BAD_RESPONSE_DEADLINE,
    event: { orderId: 'CASE-NULL', deliveryId: 'SF' },
    answer: () => body('null'),
    check: badResponse,
  },
  {
    // Nothing the network answers reaches INTERNAL (wx-server-sdk wraps every failure);
    // an event that throws when inspected does. The frames come from V8's call sites.
    name: 'an event that cannot even be inspected is INTERNAL, logged with its type and V8 frames from index.js, never its message',
    event: {},
    revokedProxyEvent: true,
    answer: orderAsAsked,
    check: ({ result, logs, calls }) => {
      expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', retryable: false, message: expect.any(String) } });
      expect(calls).toEqual([]);
      expect(lastCallLine(logs).internalError).toEqual({
        type: 'TypeError',
        frames: expect.arrayContaining([expect.stringMatching(/^at \w+ \(.+[\\/]getWaybill[\\/]index\.js:\d+:\d+\)$/)]),
      });
    },
  },
  {
    name: 'the log line holds outcome, attempts, duration, role, carrier and label size, and no order id, openid or label',
    event: { orderId: `CASE-LOG-${RECEIVER_MOBILE}`, deliveryId: 'SF', openid: OTHER_USER },
    answer: orderAsAsked,
    check: ({ logs }) => {
      expect(logs.filter((line) => line.startsWith('{"event":'))).toHaveLength(1);
      expect(lastCallLine(logs)).toEqual({
        event: 'getWaybill',
        outcome: 'OK',
        attempts: 1,
        durationMs: expect.any(Number),
        caller: 'admin',
        order: 'unchecked',
        deliveryId: 'SF',
        labelBytes: expect.any(Number),
      });
    },
  },
  {
    name: 'outside WeChat Cloud (WAYBILL_TRANSPORT=https) the same order comes back over HTTPS',
    options: { transport: 'https' },
    event: { orderId: 'CASE-HTTPS', deliveryId: 'SF' },
    answer: orderAsAsked,
    check: ({ result, calls }) => {
      expect(result).toEqual({ ok: true, waybill: { ...ORDER_ANSWER_WAYBILL, orderId: 'CASE-HTTPS' } });
      expect(calls.map(({ transport, api }) => ({ transport, api }))).toEqual([{ transport: 'https', api: 'getOrder' }]);
    },
  },
];

/** Throws unless the case's own check passes and the call did what every call must: a result of the contract's shape, one log line saying its outcome, nothing personal logged. */
export function checkCase(contractCase: ContractCase, outcome: CaseOutcome): void {
  expect(shapeProblems(outcome.result)).toEqual([]);
  const result = outcome.result as GetWaybillResult;
  expect(outcome.logs.filter((line) => line.startsWith('{"event":"getWaybill"'))).toHaveLength(1);
  expect(lastCallLine(outcome.logs)).toMatchObject({ outcome: result.ok ? 'OK' : result.error.code });
  expect(findLeaks(outcome.logs)).toEqual([]);
  contractCase.check(outcome);
}

/** A call no case claims gets WeChat's "order not exists", which fails the case that made it. */
const UNCLAIMED: EmulatorAnswer = body({ errcode: 930563, errmsg: 'order not exists' });

/** Answers each call with its case's answer, the case found by the ids in the call: for several cases on one emulator. */
export function caseRouter(cases: readonly ContractCase[]): {
  answer(call: ReceivedCall): EmulatorAnswer;
  callsOf(contractCase: ContractCase, calls: readonly ReceivedCall[]): ReceivedCall[];
} {
  const byMarker = new Map<string, ContractCase>();
  const claim = (marker: string, contractCase: ContractCase): void => {
    if (byMarker.has(marker)) throw new Error(`two cases claim ${marker}: give each its own orderId / waybillId`);
    byMarker.set(marker, contractCase);
  };
  for (const contractCase of cases) {
    const { orderId, waybillId, includeTrack } = contractCase.event;
    if (typeof orderId === 'string') claim(`getOrder ${orderId}`, contractCase);
    if (includeTrack === true && typeof waybillId === 'string') claim(`getPath ${waybillId}`, contractCase);
  }
  const caseOf = (call: ReceivedCall): ContractCase | undefined =>
    byMarker.get(`${call.api} ${String(call.api === 'getOrder' ? call.params.order_id : call.params.waybill_id)}`);
  const counts = new Map<string, number>();
  return {
    answer(call) {
      const contractCase = caseOf(call);
      if (contractCase === undefined) return UNCLAIMED;
      const key = `${call.api} ${contractCase.name}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return contractCase.answer(call, counts.get(key) as number);
    },
    callsOf: (contractCase, calls) => calls.filter((call) => caseOf(call) === contractCase),
  };
}

/** The event main is handed in this case; the runner builds it inside the runtime under test, jest the same way. */
export const eventOf = (require('./runtimeRunner.cjs') as { eventOf(contractCase: ContractCase): unknown }).eventOf;
