// The whole loop through the built functions and the emulator's cloud
// database, as WeChat Cloud runs them: a push delivered to the built
// waybillPush is stored through the real SDK's cloud.database(), and the built
// getWaybill serves it without calling getPath; database trouble means getPath
// for getWaybill, and "deliver again" for the push.
import { applyEnv } from '../../emulator/cloudCallCodec';
import type { DatabaseFault } from '../../emulator/emulatorServer';
import { BUILT_PUSH_FUNCTION } from '../support/builtFunction';
import { useBuiltFunction } from '../support/bundleHarness';
import { captureLogs, expectNoPersonalDataLogged } from '../support/logCapture';
import { lastPushLine, pathPush } from '../support/pushHarness';
import { lastCallLine } from '../support/functionHarness';
import { USER } from '../support/people';
import { pathAnswer, orderAnswer, SAMPLE_EVENT } from '../support/sampleAnswers';

const capture = captureLogs();
const fn = useBuiltFunction();
beforeEach(() => {
  fn.reset();
  fn.server().database.fault = undefined;
  fn.server().database.latencyMs = 0;
  fn.answer = (call) => ({
    kind: 'body',
    body: call.api === 'getOrder' ? orderAnswer() : pathAnswer({ waybill_id: call.params.waybill_id }),
  });
});

const WITH_TRACK = { ...SAMPLE_EVENT, waybillId: 'SF1234567890', includeTrack: true };
const stored = () => fn.server().database.store.documents('waybillTracks') ?? [];

/** Delivers `event` to the built waybillPush the way WeChat Cloud invokes it (no user; SOURCE as given). */
async function deliver(event: unknown, source?: string): Promise<{ answered?: unknown; rejected?: unknown }> {
  const restore = applyEnv({ ...fn.server().cloudEnv({ openid: undefined }), TCB_SOURCE: source, WAYBILL_DEADLINE_MS: undefined });
  try {
    const { main } = require(BUILT_PUSH_FUNCTION) as { main: (event: unknown) => Promise<unknown> };
    return await main(event).then(
      (answered) => ({ answered }),
      (rejected: unknown) => ({ rejected }),
    );
  } finally {
    restore();
  }
}

test('a push is stored in the database as getPath reports it, and getWaybill then serves it with no getPath call', async () => {
  expect(await deliver(pathPush({ Version: 16 }))).toEqual({ answered: 'success' });
  expect(stored()).toEqual([
    {
      _id: 'SF-SF1234567890',
      deliveryId: 'SF',
      waybillId: 'SF1234567890',
      orderId: 'ORDER-001',
      version: 16,
      source: 'push',
      confirmedAt: expect.anything(),
      stage: 'outForDelivery',
      events: expect.any(Array),
      totalEvents: 3,
      readers: [USER],
    },
  ]);
  // The database's own time (db.serverDate()), kept as a date.
  expect(Object.prototype.toString.call(stored()[0].confirmedAt)).toBe('[object Date]');
  const before = fn.calls().length;
  const result = await fn.call(WITH_TRACK);
  expect(result.ok && result.waybill.track).toMatchObject({ available: true, source: 'push', stored: true, totalEvents: 3 });
  expect(
    fn
      .calls()
      .slice(before)
      .map((call) => call.api),
  ).toEqual(['getOrder']);
  expect(lastCallLine(capture.lines)).toMatchObject({ track: { outcome: 'ok', stored: 'fresh' } });
});

test('a track getPath answered to getWaybill is stored without a Version, and the next look is served from it', async () => {
  await fn.call(WITH_TRACK);
  expect(stored()).toEqual([expect.objectContaining({ source: 'getPath', totalEvents: 3 })]);
  expect(stored()[0]).not.toHaveProperty('version');
  const again = await fn.call(WITH_TRACK);
  expect(again.ok && again.waybill.track).toMatchObject({ stored: true, source: 'getPath' });
  expect(fn.calls().filter((call) => call.api === 'getPath')).toHaveLength(1);
});

test('shuffled, duplicated pushes of one waybill, all at once, through the SDK: the highest Version is stored', async () => {
  fn.server().database.latencyMs = 5;
  const versions = [3, 7, 1, 7, 5, 2, 6, 3, 4, 1];
  const outcomes = await Promise.all(versions.map((version) => deliver(pathPush({ Version: version }))));
  expect(outcomes).toEqual(versions.map(() => ({ answered: 'success' })));
  expect(stored()).toEqual([expect.objectContaining({ version: 7, totalEvents: 3 })]);
});

test('a push from a mini program stores nothing, whatever its Version', async () => {
  expect(await deliver(pathPush({ Version: 999 }), 'wx_client')).toEqual({ answered: 'success' });
  expect(stored()).toEqual([]);
  expect(fn.calls()).toEqual([]);
});

test("a document under the waybill's _id that is not a track: the push is answered success and the document is left alone", async () => {
  const foreign = { _id: 'SF-SF1234567890', note: 'written by the merchant' };
  fn.server().database.store.setCollection('waybillTracks', [foreign]);
  expect(await deliver(pathPush({ Version: 16 }))).toEqual({ answered: 'success' });
  expect(lastPushLine(capture.lines)).toMatchObject({ outcome: 'storedNotATrack' });
  expect(stored()).toEqual([foreign]);
});

describe('database trouble', () => {
  test.each<[DatabaseFault, string]>([
    ['down', 'refused'],
    ['http503', 'refused'],
    ['noPermission', 'refused'],
    ['missingCollection', 'refused'],
  ])('a database that is %s: getWaybill serves getPath, and a push is delivered again', async (kind, look) => {
    fn.server().database.fault = { kind };
    const result = await fn.call(WITH_TRACK);
    expect(result.ok && result.waybill.track).toMatchObject({ available: true, source: 'getPath', stored: false });
    expect(lastCallLine(capture.lines)).toMatchObject({ outcome: 'OK', track: { stored: look, saved: look } });
    const push = await deliver(pathPush());
    expect(push.rejected).toMatchObject({ name: 'DeliverAgain' });
    expect(lastPushLine(capture.lines)).toMatchObject({ outcome: 'notStored', store: look });
  });

  test('a database slower than a fifth of the deadline: getWaybill serves getPath, inside the deadline', async () => {
    fn.server().database.latencyMs = 700; // more than the 500 ms a read may take; the reads given up on end soon after
    const startedAt = Date.now();
    const result = await fn.call(WITH_TRACK);
    expect(Date.now() - startedAt).toBeLessThan(2500);
    expect(result.ok && result.waybill.track).toMatchObject({ source: 'getPath', stored: false });
    expect(lastCallLine(capture.lines)).toMatchObject({ track: { stored: 'timeout' } });
    // The reads it gave up on are still on their way: let them end inside this file, not after it (each is
    // answered 700 ms after the emulator received it).
    const actions = fn.server().database.actions;
    const lastAt = Math.max(startedAt, ...actions.map((action) => action.at));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastAt + 700 - Date.now()) + 50));
  });
});

expectNoPersonalDataLogged(capture);
