// The built waybillPush through the network seam, as one table, like
// contractCases.ts for getWaybill: for each case the caller's SOURCE, the
// environment, the push, what the emulator answers to getPath, and what must
// come back. `npm run test:runtimes` runs it under Node 12, 16 and this Node;
// test/runtimes/testRuntimes.test.ts under this Node. Each case's push names a
// waybill id of its own, which routes the emulator's answers to it.
import { expect } from 'expect';
import type { ReceivedCall } from '../../emulator/emulatorServer';
import type { EmulatorAnswer } from '../../emulator/logisticsEmulator';
import { findLeaks } from './logLeaks';
import { lastPushLine, pathPush } from './pushHarness';
import { pathAnswer } from './sampleAnswers';

/** What one push did. */
export interface PushCaseOutcome {
  /** What main resolved, when it did. */
  answered?: unknown;
  /** What main rejected with, as text, when it did. */
  rejected?: string;
  logs: readonly string[];
  /** The case's getPath calls as they reached the emulator. */
  calls: readonly ReceivedCall[];
}

export interface PushCase {
  name: string;
  /** The SOURCE WeChat Cloud gives the call (TCB_SOURCE); none by default. */
  source?: string;
  env?: Record<string, string>;
  event: Record<string, unknown>;
  /** What the emulator answers to getPath; n counts this case's calls from 1. */
  answer(call: ReceivedCall, n: number): EmulatorAnswer;
  check(outcome: PushCaseOutcome): void;
}

const body = (answer: Record<string, unknown>): EmulatorAnswer => ({ kind: 'body', body: answer });
const trackAsAsked = (call: ReceivedCall): EmulatorAnswer => body(pathAnswer({ waybill_id: call.params.waybill_id }));

export const PUSH_CASES: readonly PushCase[] = [
  {
    name: 'a push is stored through cloud.database(), with the track getPath answered, answered success',
    event: pathPush({ WayBillId: 'PUSH_STORED', Version: 16, Event: 'express_add_path' }),
    answer: trackAsAsked,
    check: ({ answered, calls, logs }) => {
      expect(answered).toBe('success');
      expect(calls.map((call) => call.api)).toEqual(['getPath']);
      expect(lastPushLine(logs)).toMatchObject({ outcome: 'stored', version: 16, events: 3, deliveryId: 'SF' });
    },
  },
  {
    name: 'a push from a mini program (SOURCE wx_client) is answered success, calls nothing and stores nothing',
    source: 'wx_client',
    event: pathPush({ WayBillId: 'PUSH_CLIENT', Version: 999 }),
    answer: trackAsAsked,
    check: ({ answered, calls, logs }) => {
      expect(answered).toBe('success');
      expect(calls).toEqual([]);
      expect(lastPushLine(logs)).toMatchObject({ outcome: 'clientSource', source: 'wx_client' });
    },
  },
  {
    name: 'a push whose Version is text is answered success, calls nothing, and the log names the field',
    event: pathPush({ WayBillId: 'PUSH_BAD_VERSION', Version: '3' }),
    answer: trackAsAsked,
    check: ({ answered, calls, logs }) => {
      expect(answered).toBe('success');
      expect(calls).toEqual([]);
      expect(lastPushLine(logs)).toMatchObject({ outcome: 'invalid', field: 'Version', rule: 'wrongType' });
    },
  },
  {
    name: 'a push of a waybill getPath does not know (40199): one logistics.getPath call with the pairs WeChat expects, answered success',
    event: pathPush({ WayBillId: 'PUSH_UNKNOWN' }),
    answer: () => body({ errcode: 40199, errmsg: 'waybill id invalid' }),
    check: ({ answered, calls, logs }) => {
      expect(answered).toBe('success');
      expect(calls.map(({ transport, api, params }) => ({ transport, api, params }))).toEqual([
        { transport: 'cloud', api: 'getPath', params: { delivery_id: 'SF', waybill_id: 'PUSH_UNKNOWN', openid: expect.any(String) } },
      ]);
      expect(lastPushLine(logs)).toMatchObject({ outcome: 'pathRefused', errCode: 40199, deliveryId: 'SF', version: 3 });
    },
  },
  {
    name: 'getPath busy until the deadline: main rejects, so that WeChat delivers the push again',
    env: { WAYBILL_DEADLINE_MS: '1000' },
    event: pathPush({ WayBillId: 'PUSH_BUSY' }),
    answer: () => body({ errcode: -1, errmsg: 'system busy' }),
    check: ({ answered, rejected, logs }) => {
      expect(answered).toBeUndefined();
      expect(rejected).toContain('WeChat delivers the push again');
      expect(lastPushLine(logs)).toMatchObject({ outcome: 'pathUnavailable', errCode: -1 });
    },
  },
];

/** Throws unless the case's own check passes and the push did what every push must: one log line, nothing personal in the logs. */
export function checkPushCase(pushCase: PushCase, outcome: PushCaseOutcome): void {
  expect(outcome.logs.filter((line) => line.startsWith('{"event":"waybillPush"'))).toHaveLength(1);
  expect(findLeaks(outcome.logs)).toEqual([]);
  pushCase.check(outcome);
}

/** Answers each getPath call with its case's answer, the case found by the waybill id. */
export function pushCaseRouter(cases: readonly PushCase[]): {
  answer(call: ReceivedCall): EmulatorAnswer;
  callsOf(pushCase: PushCase, calls: readonly ReceivedCall[]): ReceivedCall[];
} {
  const byWaybill = new Map<unknown, PushCase>();
  for (const pushCase of cases) {
    if (byWaybill.has(pushCase.event.WayBillId)) throw new Error(`two push cases use ${String(pushCase.event.WayBillId)}`);
    byWaybill.set(pushCase.event.WayBillId, pushCase);
  }
  const counts = new Map<PushCase, number>();
  return {
    answer(call) {
      const pushCase = byWaybill.get(call.params.waybill_id);
      if (pushCase === undefined) return body({ errcode: 40199, errmsg: 'no case claims this waybill' });
      counts.set(pushCase, (counts.get(pushCase) ?? 0) + 1);
      return pushCase.answer(call, counts.get(pushCase) as number);
    },
    callsOf: (pushCase, calls) => calls.filter((call) => byWaybill.get(call.params.waybill_id) === pushCase),
  };
}
