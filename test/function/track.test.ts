// Where the parcel is: the waybill's track (logistics.getPath) in the same
// call, through the built function. The track is asked for only for a caller
// who may see the waybill, with the same openid; it starts beside getOrder when
// the waybill id is known; it always belongs to the waybill in the result; and
// the waybill never fails because of its track.
import type { Track, TrackEvent } from '../../miniprogram/contract/getWaybillContract';
import type { EmulatorAnswer } from '../../emulator/logisticsEmulator';
import { useBuiltFunction, type ReceivedCall } from '../support/bundleHarness';
import { shapeProblems } from '../support/contractShape';
import { functionWith, lastCallLine } from '../support/functionHarness';
import { captureLogs, expectNoPersonalDataLogged } from '../support/logCapture';
import { COURIER_MESSAGE, OTHER_USER, USER } from '../support/people';
import { orderAnswer, pathAnswer, SAMPLE_EVENT } from '../support/sampleAnswers';

/** A track just read from getPath (the stored track of issue 19 will say otherwise). */
const FROM_GETPATH = { confirmedAt: expect.any(Number), source: 'getPath', stored: false };

const capture = captureLogs();
const fn = useBuiltFunction();
beforeEach(() => fn.reset());

const WITH_TRACK = { ...SAMPLE_EVENT, waybillId: 'SF1234567890', includeTrack: true };
const body = (answer: Record<string, unknown>): EmulatorAnswer => ({ kind: 'body', body: answer });
const answering =
  (path: EmulatorAnswer, order: EmulatorAnswer = body(orderAnswer())) =>
  (call: ReceivedCall) =>
    call.api === 'getOrder' ? order : path;

async function trackOf(event: object = WITH_TRACK, options: Parameters<typeof fn.call>[1] = {}): Promise<Track> {
  const result = await fn.call(event, options);
  expect(shapeProblems(result)).toEqual([]);
  if (!result.ok || result.waybill.track === undefined)
    throw new Error(`expected a waybill with a track, got ${JSON.stringify(result).slice(0, 300)}`);
  return result.waybill.track;
}

test('getPath goes out as logistics.getPath with the snake_case pairs, for the same openid as getOrder', async () => {
  fn.answer = answering(body(pathAnswer()));
  await fn.call({ ...WITH_TRACK, openid: OTHER_USER });
  const calls = fn.calls().map(({ api, params }) => ({ api, params }));
  expect(calls).toContainEqual({ api: 'getPath', params: { openid: OTHER_USER, delivery_id: 'SF', waybill_id: 'SF1234567890' } });
  expect(calls.find((call) => call.api === 'getOrder')?.params.openid).toBe(OTHER_USER);
});

test('a user who is not an admin gets the track of their own order, asked for as themselves', async () => {
  fn.answer = answering(body(pathAnswer()));
  const track = await trackOf(WITH_TRACK, { caller: USER });
  expect(track.available).toBe(true);
  expect(fn.calls().map((call) => call.params.openid)).toEqual([USER, USER]);
});

test('events come newest first, each with its stage; the stage is the newest one', async () => {
  fn.answer = answering(body(pathAnswer()));
  expect(await trackOf()).toEqual({
    available: true,
    ...FROM_GETPATH,
    stage: 'outForDelivery',
    totalEvents: 3,
    events: [
      { time: 1764400000, actionType: 300002, stage: 'outForDelivery', message: COURIER_MESSAGE },
      { time: 1764300000, actionType: 200001, stage: 'inTransit', message: '快件已到达【广州转运中心】' },
      { time: 1764200000, actionType: 100001, stage: 'collected', message: '已揽收' },
    ],
  });
});

test('every documented action_type has its stage; any other code is kept as unknown', async () => {
  const codes: Array<[number, TrackEvent['stage']]> = [
    [100001, 'collected'],
    [100002, 'collectFailed'],
    [100003, 'courierAssigned'],
    [200001, 'inTransit'],
    [300002, 'outForDelivery'],
    [300003, 'delivered'],
    [300004, 'deliveryFailed'],
    [400001, 'cancelled'],
    [400002, 'held'],
    [300001, 'unknown'],
    [999, 'unknown'],
  ];
  const list = codes.map(([code], i) => ({ action_time: 1764000000 + i, action_type: code, action_msg: `m${i}` }));
  fn.answer = answering(body(pathAnswer({ path_item_list: list })));
  const track = await trackOf();
  expect(track.available && track.events.map((event) => [event.actionType, event.stage])).toEqual([...codes].reverse());
});

test('at most the 100 newest of 150 events, equal times in WeChat order; totalEvents counts what WeChat sent', async () => {
  // Times repeat every 50 events, so each time has three events, answered in a shuffled order.
  const list = Array.from({ length: 150 }, (_, i) => ({
    action_time: 1764000000 + ((i * 7) % 50),
    action_type: 200001,
    action_msg: `event ${i}`,
  }));
  fn.answer = answering(body(pathAnswer({ path_item_list: list, path_item_num: 150 })));
  const track = await trackOf();
  if (!track.available) throw new Error('expected a track');
  expect(track.totalEvents).toBe(150);
  expect(track.events).toHaveLength(100);
  const expected = list
    .map((item, order) => ({ ...item, order }))
    .sort((a, b) => b.action_time - a.action_time || a.order - b.order)
    .slice(0, 100)
    .map((item) => item.action_msg);
  expect(track.events.map((event) => event.message)).toEqual(expected);
});

test('events without a usable time are left out; a missing type or message is kept with a fallback', async () => {
  const list = [
    { action_type: 100001, action_msg: 'no time' },
    { action_time: '1764000000', action_type: 100001, action_msg: 'time as a decimal string' },
    { action_time: 1764000000.5, action_type: 100001, action_msg: 'a fraction' },
    { action_time: 'soon', action_type: 100001, action_msg: 'words' },
    { action_time: 1764000001 },
    null,
    'not an event',
  ];
  fn.answer = answering(body(pathAnswer({ path_item_list: list })));
  expect(await trackOf()).toEqual({
    available: true,
    ...FROM_GETPATH,
    stage: 'unknown',
    totalEvents: 7,
    events: [
      { time: 1764000001, actionType: -1, stage: 'unknown', message: '' },
      { time: 1764000000, actionType: 100001, stage: 'collected', message: 'time as a decimal string' },
    ],
  });
});

test('no events yet: available, with stage null', async () => {
  fn.answer = answering(body(pathAnswer({ path_item_list: [], path_item_num: 0 })));
  expect(await trackOf()).toEqual({ available: true, stage: null, events: [], totalEvents: 0, ...FROM_GETPATH });
});

test('with a waybill id in the request, getPath starts beside getOrder, not after it', async () => {
  // getOrder is answered only once getPath has arrived: were they one after the other, it never would be.
  let pathArrived!: () => void;
  const pathHere = new Promise<void>((resolve) => (pathArrived = resolve));
  fn.answer = async (call) => {
    if (call.api === 'getPath') {
      pathArrived();
      return body(pathAnswer());
    }
    await pathHere;
    return body(orderAnswer());
  };
  const track = await trackOf(WITH_TRACK, { env: { WAYBILL_DEADLINE_MS: '2000' } });
  expect(track.available).toBe(true);
  expect(
    fn
      .calls()
      .map((call) => call.api)
      .sort(),
  ).toEqual(['getOrder', 'getPath']);
});

test('without a waybill id in the request, getPath asks about the waybill id getOrder answered', async () => {
  fn.answer = answering(body(pathAnswer({ waybill_id: 'SF999' })), body(orderAnswer({ waybill_id: 'SF999' })));
  expect((await trackOf({ ...SAMPLE_EVENT, includeTrack: true })).available).toBe(true);
  expect(fn.calls().map((call) => [call.api, call.params.waybill_id])).toEqual([
    ['getOrder', undefined],
    ['getPath', 'SF999'],
  ]);
});

test('when getOrder answers another waybill id, the early track is discarded and the answered one is fetched', async () => {
  fn.answer = (call) =>
    call.api === 'getOrder'
      ? body(orderAnswer({ waybill_id: 'SF-RENUMBERED' }))
      : body(
          pathAnswer({
            waybill_id: call.params.waybill_id,
            path_item_list: [{ action_time: 1, action_type: 100001, action_msg: `for ${String(call.params.waybill_id)}` }],
          }),
        );
  const result = await fn.call(WITH_TRACK);
  expect(result.ok && result.waybill.waybillId).toBe('SF-RENUMBERED');
  expect(result.ok && result.waybill.track).toMatchObject({ available: true, events: [{ message: 'for SF-RENUMBERED' }] });
  expect(
    fn
      .calls()
      .filter((call) => call.api === 'getPath')
      .map((call) => call.params.waybill_id),
  ).toEqual(['SF1234567890', 'SF-RENUMBERED']);
});

test("getPath's answer for another waybill is not shown as this one's track", async () => {
  fn.answer = answering(body(pathAnswer({ waybill_id: 'SOMEONE_ELSES' })));
  const track = await trackOf();
  expect(track).toEqual({ available: false, error: expect.objectContaining({ code: 'UPSTREAM_ERROR', retryable: false }) });
});

test("getPath's answer naming another user than the caller is not shown", async () => {
  fn.answer = answering(body(pathAnswer({ openid: OTHER_USER })));
  const track = await trackOf(WITH_TRACK, { caller: USER });
  expect(track).toEqual({ available: false, error: expect.objectContaining({ code: 'PERMISSION_DENIED' }) });
});

test('when WeChat sends no waybill id, the result has none (never the one asked about) and no track is fetched for it', async () => {
  const withoutWaybillId = orderAnswer();
  delete withoutWaybillId.waybill_id;
  fn.answer = (call) => (call.api === 'getOrder' ? body(withoutWaybillId) : body(pathAnswer({ waybill_id: call.params.waybill_id })));
  const result = await fn.call({ ...SAMPLE_EVENT, waybillId: 'ANY_PARCEL_I_LIKE', includeTrack: true }, { caller: USER });
  expect(result.ok && result.waybill.waybillId).toBe('');
  expect(result.ok && result.waybill.track).toEqual({ available: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
});

test('a waybill with no waybill id has no track to ask about: NOT_FOUND, and no getPath call', async () => {
  fn.answer = answering(body(pathAnswer()), body(orderAnswer({ waybill_id: '' })));
  const track = await trackOf({ ...SAMPLE_EVENT, includeTrack: true });
  expect(track).toEqual({ available: false, error: expect.objectContaining({ code: 'NOT_FOUND', retryable: false }) });
  expect(fn.calls().map((call) => call.api)).toEqual(['getOrder']);
});

test('without includeTrack there is no track key and no getPath call', async () => {
  fn.answer = answering(body(pathAnswer()));
  for (const event of [
    { ...SAMPLE_EVENT, waybillId: 'SF1234567890' },
    { ...SAMPLE_EVENT, waybillId: 'SF1234567890', includeTrack: false },
  ]) {
    fn.reset();
    const result = await fn.call(event);
    expect(result.ok && Object.keys(result.waybill)).not.toContain('track');
    expect(fn.calls().map((call) => call.api)).toEqual(['getOrder']);
  }
});

test('when getOrder fails there is no waybill, and the early track is not retried further', async () => {
  fn.answer = answering({ kind: 'body', body: { errcode: -1 } }, body({ errcode: 930563 }));
  const result = await fn.call(WITH_TRACK, { env: { WAYBILL_DEADLINE_MS: '1000' } });
  expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', errCode: 930563 } });
  await new Promise((resolve) => setTimeout(resolve, 300)); // a retry would come within 75..150 ms
  expect(fn.calls().filter((call) => call.api === 'getPath')).toHaveLength(1);
});

describe('the waybill never fails because of its track', () => {
  test.each([
    {
      name: 'busy every time',
      path: { kind: 'body', body: { errcode: -1 } },
      error: { code: 'UPSTREAM_BUSY', retryable: true }, // errCode -1, unless a loaded machine lets the last attempt time out
    },
    {
      name: 'no permission for getPath',
      path: { kind: 'noPermission' },
      error: { code: 'NOT_CONFIGURED', retryable: false, errCode: -604101 },
    },
    {
      name: 'an unknown waybill id',
      path: { kind: 'body', body: { errcode: 9300528 } },
      error: { code: 'NOT_FOUND', retryable: false, errCode: 9300528 },
    },
    {
      name: 'an HTML page',
      path: { kind: 'body', body: '<html></html>', contentType: 'text/html' },
      error: { code: 'UPSTREAM_BUSY', retryable: true },
    },
    { name: 'a success without a path', path: { kind: 'body', body: { errcode: 0 } }, error: { code: 'UPSTREAM_BUSY', retryable: true } },
    { name: 'no answer at all', path: { kind: 'hang' }, error: { code: 'UPSTREAM_BUSY', retryable: true } },
  ] as Array<{ name: string; path: EmulatorAnswer; error: Record<string, unknown> }>)(
    'getPath $name: track unavailable with $error.code, waybill ok',
    async ({ path, error }) => {
      fn.answer = answering(path);
      const result = await fn.call(WITH_TRACK, { env: { WAYBILL_DEADLINE_MS: '300' } });
      expect(result).toMatchObject({ ok: true, waybill: { waybillId: 'SF1234567890', labelHtml: expect.any(String) } });
      expect(result.ok && result.waybill.track).toEqual({ available: false, error: expect.objectContaining(error) });
      expect(lastCallLine(capture.lines)).toMatchObject({ outcome: 'OK', track: { outcome: error.code, events: 0 } });
    },
  );

  test('the missing-permission message names logistics.getPath and config.json', async () => {
    fn.answer = answering({ kind: 'noPermission' });
    const track = await trackOf();
    expect(!track.available && track.error.message).toMatch(/logistics\.getPath.*config\.json/s);
  });
});

describe('the result cap (1 MB) counts the track', () => {
  const bigLabel = Buffer.from(`<html><body>${'面'.repeat(320_000)}</body></html>`).toString('base64'); // about 960 KB of HTML
  const events = (count: number, messageBytes: number) =>
    Array.from({ length: count }, (_, i) => ({
      action_time: 1764000000 + i,
      action_type: 200001,
      action_msg: `${i} ${'x'.repeat(messageBytes)}`,
    }));

  test('a large label with a long track: the label goes, the events stay', async () => {
    fn.answer = answering(body(pathAnswer({ path_item_list: events(100, 1000) })), body(orderAnswer({ print_html: bigLabel })));
    const result = await fn.call(WITH_TRACK);
    expect(result).toMatchObject({
      ok: true,
      waybill: { labelHtml: null, labelUnavailable: 'tooLarge', track: { available: true, totalEvents: 100 } },
    });
    expect(result.ok && result.waybill.track?.available && result.waybill.track.events).toHaveLength(100);
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThanOrEqual(1_000_000);
  });

  test('a track too long for the cap on its own: its oldest events go, the newest stay', async () => {
    fn.answer = answering(body(pathAnswer({ path_item_list: events(100, 20_000) })));
    const result = await fn.call(WITH_TRACK);
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThanOrEqual(1_000_000);
    const track = result.ok ? result.waybill.track : undefined;
    if (track === undefined || !track.available) throw new Error('expected a track');
    expect(track.events.length).toBeGreaterThan(40);
    expect(track.events.length).toBeLessThan(50);
    expect(track.events[0].message.startsWith('99 ')).toBe(true);
    expect(track).toMatchObject({ totalEvents: 100, stage: 'inTransit' });
    expect(result.ok && result.waybill.labelUnavailable).toBe('tooLarge');
    expect(lastCallLine(capture.lines)).toMatchObject({ track: { outcome: 'ok', events: track.events.length } });
  });
});

test('both transports give the same track, and the same unavailable track', async () => {
  for (const path of [body(pathAnswer()), { kind: 'noPermission' } as EmulatorAnswer, body({ errcode: 9300528 })]) {
    fn.answer = answering(path);
    const cloud = await fn.call(WITH_TRACK);
    const https = await fn.call(WITH_TRACK, { transport: 'https' });
    const {
      errCode: _cloudCode,
      message: _cloudMessage,
      ...cloudTrack
    } = (cloud.ok && cloud.waybill.track?.available === false ? cloud.waybill.track.error : {}) as Record<string, unknown>;
    if (path.kind === 'noPermission') {
      // The one difference is the platform's: the cloud says -604101, HTTPS says 48001; both NOT_CONFIGURED.
      expect(https.ok && https.waybill.track).toEqual({
        available: false,
        error: expect.objectContaining({ ...cloudTrack, errCode: 48001 }),
      });
    } else expect(https).toEqual(cloud);
  }
});

test('a bug on the track path leaves the waybill answered: the track is INTERNAL, in the one log line', async () => {
  const fromSource = functionWith(
    {
      answer: (api) => {
        if (api === 'getPath') throw new TypeError('boom');
        return orderAnswer();
      },
    },
    capture.log,
  );
  const result = await fromSource.call(WITH_TRACK);
  expect(result).toMatchObject({
    ok: true,
    waybill: { waybillId: 'SF1234567890', track: { available: false, error: { code: 'INTERNAL' } } },
  });
  expect(fromSource.lines).toHaveLength(1);
  expect(lastCallLine(fromSource.lines)).toMatchObject({
    outcome: 'OK',
    track: { outcome: 'INTERNAL' },
    internalError: { type: 'TypeError' },
  });
});

test('the log line says how the track went and how many events, and nothing they say', async () => {
  fn.answer = answering(body(pathAnswer()));
  await fn.call(WITH_TRACK);
  expect(lastCallLine(capture.lines)).toMatchObject({ outcome: 'OK', track: { outcome: 'ok', events: 3 } });
  expect(capture.lines.join('\n')).not.toContain('王五');
});

expectNoPersonalDataLogged(capture);
