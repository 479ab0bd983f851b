// The push function: a push WeChat sends is stored as the track getPath
// reports; a forged or malformed one changes nothing and is answered so that it
// is not sent again; one that could not be stored this time is answered so that
// WeChat delivers it again. Through the TypeScript sources (pushHarness).
import { MAX_PUSH_ACTIONS } from '../../cloudfunctions/waybillPush/src/pushRules';
import { StoreFailure } from '../../cloudfunctions/getWaybill/src/trackStore';
import { captureLogs, expectNoPersonalDataLogged } from '../support/logCapture';
import { memoryTrackStore } from '../support/memoryTrackStore';
import { lastPushLine, pathPush, pushFunctionWith } from '../support/pushHarness';
import { COURIER_MESSAGE, USER } from '../support/people';
import { pathAnswer } from '../support/sampleAnswers';

const capture = captureLogs();
const STORED_ID = 'SF-SF1234567890';

test('a push is stored as getPath reports the track, with the push Version and order id, answered success', async () => {
  const fn = pushFunctionWith({}, capture.log);
  expect(await fn.push(pathPush())).toEqual({ answered: 'success' });
  expect(fn.paths).toEqual([{ deliveryId: 'SF', waybillId: 'SF1234567890', openid: USER }]);
  expect(fn.store.documents.get(STORED_ID)).toEqual({
    deliveryId: 'SF',
    waybillId: 'SF1234567890',
    orderId: 'ORDER-001',
    version: 3,
    source: 'push',
    confirmedAt: expect.any(Number),
    stage: 'outForDelivery',
    totalEvents: 3,
    readers: [USER], // the push's FromUserName, whom getPath was asked for and answered
    events: [
      { time: 1764400000, actionType: 300002, stage: 'outForDelivery', message: COURIER_MESSAGE },
      { time: 1764300000, actionType: 200001, stage: 'inTransit', message: '快件已到达【广州转运中心】' },
      { time: 1764200000, actionType: 100001, stage: 'collected', message: '已揽收' },
    ],
  });
  expect(lastPushLine(fn.lines)).toEqual({
    event: 'waybillPush',
    outcome: 'stored',
    source: '',
    deliveryId: 'SF',
    version: 3,
    events: 3,
    durationMs: expect.any(Number),
  });
});

test('the event named as the console is reported to name it (express_add_path) is taken too', async () => {
  const fn = pushFunctionWith({}, capture.log);
  expect(await fn.push(pathPush({ Event: 'express_add_path' }))).toEqual({ answered: 'success' });
  expect(fn.store.documents.get(STORED_ID)).toMatchObject({ version: 3 });
});

test("what the push itself says happened never reaches the store: the events are getPath's", async () => {
  const fn = pushFunctionWith({}, capture.log);
  await fn.push(pathPush({ Count: 1, Actions: [{ ActionTime: 1900000000, ActionType: 300003, ActionMsg: 'forged: signed for' }] }));
  const stored = fn.store.documents.get(STORED_ID);
  expect(stored?.stage).toBe('outForDelivery');
  expect(JSON.stringify(stored)).not.toContain('forged');
});

test.each(['wx_client', 'wx_devtools', 'wx_localdebug', 'wx_crawler', 'wx_client,scf'])(
  'a call from a client (SOURCE %s) changes nothing and calls nothing, answered success',
  async (source) => {
    const fn = pushFunctionWith({ source }, capture.log);
    expect(await fn.push(pathPush({ Version: 999 }))).toEqual({ answered: 'success' });
    expect(fn.paths).toEqual([]);
    expect(fn.store.operations).toEqual([]);
    expect(lastPushLine(fn.lines)).toMatchObject({ outcome: 'clientSource', source });
  },
);

test.each(['', 'wx_unknown', 'scf', 'wx_trigger'])('a push from SOURCE "%s" is taken', async (source) => {
  const fn = pushFunctionWith({ source }, capture.log);
  expect(await fn.push(pathPush())).toEqual({ answered: 'success' });
  expect(fn.store.documents.has(STORED_ID)).toBe(true);
});

describe('a push that is not what WeChat sends changes nothing and is not sent again', () => {
  const longText = 'x'.repeat(3000);
  test.each([
    ['not an object', 'just text', 'event'],
    ['an array', [pathPush()], 'event'],
    ['another message type', pathPush({ MsgType: 'text' }), 'MsgType'],
    ['another event', pathPush({ Event: 'add_express_order' }), 'Event'],
    ['no Event', pathPush({ Event: undefined }), 'Event'],
    ['a carrier id that is not one', pathPush({ DeliveryID: 'SF; drop' }), 'DeliveryID'],
    ['a waybill id that is too long', pathPush({ WayBillId: 'W'.repeat(65) }), 'WayBillId'],
    ['no order id', pathPush({ OrderId: '' }), 'OrderId'],
    ['an order id with a line break', pathPush({ OrderId: 'A\nB' }), 'OrderId'],
    ['a Version that is text', pathPush({ Version: '3' }), 'Version'],
    ['a negative Version', pathPush({ Version: -1 }), 'Version'],
    ['a Version beyond a safe integer', pathPush({ Version: 2 ** 60 }), 'Version'],
    ['no Version', pathPush({ Version: undefined }), 'Version'],
    ['a Count that is not a count', pathPush({ Count: 1.5 }), 'Count'],
    ['Actions that are not a list', pathPush({ Actions: {} }), 'Actions'],
    ['an action without a time', pathPush({ Actions: [{ ActionType: 100001, ActionMsg: 'x' }] }), 'Actions'],
    ['an action message that is too long', pathPush({ Actions: [{ ActionTime: 1, ActionType: 1, ActionMsg: longText }] }), 'Actions'],
    [
      'more actions than any parcel has',
      pathPush({
        Count: MAX_PUSH_ACTIONS + 1,
        Actions: Array.from({ length: MAX_PUSH_ACTIONS + 1 }, () => ({ ActionTime: 1, ActionType: 1 })),
      }),
      'Actions',
    ],
    ['a sender that is not text', pathPush({ FromUserName: 42 }), 'FromUserName'],
    ['a CreateTime that is not a time', pathPush({ CreateTime: 'yesterday' }), 'CreateTime'],
  ])('%s', async (_name, event, field) => {
    const fn = pushFunctionWith({}, capture.log);
    expect(await fn.push(event)).toEqual({ answered: 'success' });
    expect(fn.paths).toEqual([]);
    expect(fn.store.operations).toEqual([]);
    expect(lastPushLine(fn.lines)).toMatchObject({ outcome: 'invalid', field });
    expect(fn.lines).toHaveLength(1);
  });

  test('an event whose fields throw when read', async () => {
    const fn = pushFunctionWith({}, capture.log);
    const hostile = new Proxy(pathPush(), {
      get: () => {
        throw new Error('boom');
      },
    });
    expect(await fn.push(hostile)).toEqual({ answered: 'success' });
    expect(lastPushLine(fn.lines)).toMatchObject({ outcome: 'invalid', field: 'event', rule: 'unreadable' });
  });
});

test('a waybill getPath does not know (40199) can never be stored: answered success, nothing stored', async () => {
  const fn = pushFunctionWith({ answer: () => ({ errcode: 40199, errmsg: 'wrong waybill id' }) }, capture.log);
  expect(await fn.push(pathPush())).toEqual({ answered: 'success' });
  expect(fn.store.documents.size).toBe(0);
  expect(lastPushLine(fn.lines)).toMatchObject({ outcome: 'pathRefused', errCode: 40199 });
});

test.each([
  ['the getPath permission is not applied yet (-604101)', { answer: () => ({ errcode: -604101, errmsg: 'no permission' }) }, -604101],
  ['the mini program lacks the logistics permission (48001)', { answer: () => ({ errcode: 48001, errmsg: 'api unauthorized' }) }, 48001],
  ['WAYBILL_TRANSPORT=https without its credentials', { env: { WAYBILL_TRANSPORT: 'https' } }, undefined],
])(
  'a setup the merchant must fix (%s): nothing stored, main rejects, so WeChat delivers the push again',
  async (_name, options, errCode) => {
    const fn = pushFunctionWith(options, capture.log);
    const { rejected } = await fn.push(pathPush());
    expect(rejected).toMatchObject({ name: 'DeliverAgain' });
    expect(fn.store.documents.size).toBe(0);
    expect(lastPushLine(fn.lines)).toEqual(
      expect.objectContaining({ outcome: 'pathNotConfigured', ...(errCode === undefined ? {} : { errCode }) }),
    );
  },
);

test.each([
  ['Actions holding only the newest of its Count (3)', { Count: 3 }, 'stored'],
  [
    'a Count below its Actions (3 listed)',
    { Count: 1, Actions: Array.from({ length: 3 }, () => ({ ActionTime: 1764400000, ActionType: 300002, ActionMsg: '快件正在派送' })) },
    'stored',
  ],
  ['a Count (4) beyond what getPath reports (3)', { Count: 4 }, 'pathBehind'],
])('a push whose Count and Actions disagree is still news: %s', async (_name, fields, outcome) => {
  const fn = pushFunctionWith({}, capture.log);
  await fn.push(pathPush(fields));
  expect(lastPushLine(fn.lines)).toMatchObject({ outcome });
});

test('getPath behind the push (fewer events than its Count): nothing stored, the push comes again; once getPath has them, it is stored', async () => {
  const store = memoryTrackStore();
  const behind = pushFunctionWith({ store }, capture.log);
  const fourth = { ActionTime: 1764500000, ActionType: 300003, ActionMsg: '已签收' };
  const push = pathPush({ Version: 4, Count: 4, Actions: [...Array.from({ length: 3 }, () => fourth), fourth] });
  const { rejected } = await behind.push(push);
  expect(rejected).toMatchObject({ name: 'DeliverAgain' });
  expect(store.documents.size).toBe(0);
  expect(lastPushLine(behind.lines)).toMatchObject({ outcome: 'pathBehind', version: 4 });

  const caughtUp = pushFunctionWith(
    {
      store,
      answer: (_api, query) => {
        const answer = pathAnswer({ delivery_id: query.deliveryId, waybill_id: query.waybillId });
        const items = answer.path_item_list as object[];
        return {
          ...answer,
          path_item_num: 4,
          path_item_list: [...items, { action_time: 1764500000, action_type: 300003, action_msg: '已签收' }],
        };
      },
    },
    capture.log,
  );
  expect(await caughtUp.push(push)).toEqual({ answered: 'success' });
  expect(store.documents.get(STORED_ID)).toMatchObject({ version: 4, totalEvents: 4, stage: 'delivered' });
});

test('getPath answering about another waybill is not stored', async () => {
  const fn = pushFunctionWith({ answer: () => pathAnswer({ waybill_id: 'SOMEONE_ELSES' }) }, capture.log);
  expect(await fn.push(pathPush())).toEqual({ answered: 'success' });
  expect(fn.store.documents.size).toBe(0);
  expect(lastPushLine(fn.lines)).toMatchObject({ outcome: 'foreignTrack' });
});

test('getPath busy until the deadline: main rejects, so WeChat delivers the push again', async () => {
  const fn = pushFunctionWith({ env: { WAYBILL_DEADLINE_MS: '400' }, answer: () => ({ errcode: -1, errmsg: 'system busy' }) }, capture.log);
  const { rejected } = await fn.push(pathPush());
  expect(rejected).toMatchObject({ name: 'DeliverAgain' });
  expect(fn.paths.length).toBeGreaterThanOrEqual(2);
  expect(lastPushLine(fn.lines)).toMatchObject({ outcome: 'pathUnavailable', errCode: -1 });
});

test.each([
  ['down', () => new StoreFailure('refused', -501001), 'refused'],
  ['missing the collection', () => new StoreFailure('refused', -502005), 'refused'],
])('a database that is %s: main rejects (delivered again), within the deadline', async (_name, fault, kind) => {
  const fn = pushFunctionWith({}, capture.log);
  fn.store.fault = fault;
  const { rejected } = await fn.push(pathPush());
  expect(rejected).toMatchObject({ name: 'DeliverAgain' });
  expect(lastPushLine(fn.lines)).toMatchObject({ outcome: 'notStored', store: kind });
});

test('a stored document that is not a track (written by other code): answered success, logged, the document left as it was', async () => {
  const fn = pushFunctionWith({}, capture.log);
  fn.store.fault = (operation) => (operation === 'read' ? new StoreFailure('unreadable') : undefined);
  expect(await fn.push(pathPush())).toEqual({ answered: 'success' });
  expect(fn.store.documents.size).toBe(0);
  expect(lastPushLine(fn.lines)).toMatchObject({ outcome: 'storedNotATrack' });
});

test("a database slower than the deadline: main rejects well inside WeChat Cloud's 3 s", async () => {
  const fn = pushFunctionWith({}, capture.log);
  fn.store.delayMs = 10_000;
  const startedAt = Date.now();
  const { rejected } = await fn.push(pathPush());
  expect(rejected).toMatchObject({ name: 'DeliverAgain' });
  expect(Date.now() - startedAt).toBeLessThan(2900);
  expect(lastPushLine(fn.lines)).toMatchObject({ outcome: 'notStored', store: 'timeout' });
});

test('a bug met on the way is logged by type and frames, and the push is delivered again', async () => {
  const fn = pushFunctionWith(
    {
      answer: () => {
        throw new TypeError(`boom ${COURIER_MESSAGE}`);
      },
    },
    capture.log,
  );
  const { rejected } = await fn.push(pathPush());
  expect(rejected).toMatchObject({ name: 'DeliverAgain' });
  expect(lastPushLine(fn.lines)).toMatchObject({ outcome: 'internal', internalError: { type: 'TypeError' } });
  expect(fn.lines.join('\n')).not.toContain('boom');
});

test('the same push twice, and an older one late, change nothing the second time', async () => {
  const fn = pushFunctionWith({}, capture.log);
  await fn.push(pathPush({ Version: 5 }));
  const first = fn.store.documents.get(STORED_ID);
  await fn.push(pathPush({ Version: 5 }));
  await fn.push(pathPush({ Version: 4 }));
  expect(fn.store.documents.get(STORED_ID)).toEqual(first);
  expect(fn.lines.slice(1).map((line) => JSON.parse(line).outcome)).toEqual(['unchanged', 'unchanged']);
});

test("500 pushes for 50 waybills, each waybill's versions shuffled and duplicated, 20 at a time: each ends at its highest Version, none lost, no event twice", async () => {
  // Version v of a waybill was sent when its track had v events, and its getPath read sees just those: the reads race too.
  const eventsOf = (waybill: string, count: number) =>
    Array.from({ length: count }, (_, i) => ({ action_time: 1764000000 + i * 60, action_type: 200001, action_msg: `${waybill} e${i}` }));
  const store = memoryTrackStore();
  let tick = 0;
  store.delayMs = () => (tick = (tick + 1) % 3);
  const fn = pushFunctionWith(
    {
      store,
      answer: (_api, query) => {
        const version = versionAsked.get(query.waybillId as string) ?? 0;
        return pathAnswer({
          waybill_id: query.waybillId,
          path_item_num: version,
          path_item_list: eventsOf(query.waybillId as string, version),
        });
      },
    },
    () => undefined,
  );
  // Which version's read is being answered: the push under way for that waybill (the fake cannot see the push itself).
  const versionAsked = new Map<string, number>();
  const pushes: Array<{ waybill: string; version: number }> = [];
  for (let w = 0; w < 50; w++) for (let v = 1; v <= 5; v++) pushes.push({ waybill: `W${w}`, version: v }, { waybill: `W${w}`, version: v });
  let seed = 7;
  for (let i = pushes.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [pushes[i], pushes[j]] = [pushes[j], pushes[i]];
  }
  const answers: string[] = [];
  for (let i = 0; i < pushes.length; i += 20) {
    const batch = pushes.slice(i, i + 20);
    const results = await Promise.all(
      batch.map(({ waybill, version }) => {
        versionAsked.set(waybill, Math.max(versionAsked.get(waybill) ?? 0, version));
        return fn.push(pathPush({ WayBillId: waybill, Version: version, Count: 0, Actions: [] }));
      }),
    );
    answers.push(...results.map((result) => String(result.answered ?? 'again')));
  }
  expect(answers.filter((answer) => answer !== 'success')).toEqual([]);
  expect(store.documents.size).toBe(50);
  for (const [id, document] of store.documents) {
    expect([id, document.version, document.totalEvents]).toEqual([id, 5, 5]);
    expect(new Set(document.events.map((event) => event.time)).size).toBe(document.events.length);
  }
});

expectNoPersonalDataLogged(capture);
