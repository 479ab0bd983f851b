// Only the buyer sees the parcel: with WAYBILL_ORDERS on, a non-admin gets a
// waybill (and its track) only when the merchant's orders collection says the
// order is theirs. A stranger gets exactly what a missing order gets, in the
// result and in the log line; a database that cannot answer shows no waybill.
// Through the TypeScript sources (functionHarness) with a memory order book.
import { OrderBookFailure } from '../../cloudfunctions/getWaybill/src/orderOwnership';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { deferred } from '../support/deferred';
import { answerAsAsked, functionWith, lastCallLine, type FakeAnswer, type FunctionUnderTest } from '../support/functionHarness';
import { captureLogs, expectNoPersonalDataLogged } from '../support/logCapture';
import { memoryOrderBook, type MemoryOrderBook } from '../support/memoryOrderBook';
import { ADMIN, OTHER_USER, USER } from '../support/people';

const capture = captureLogs();
const CHECK_ON = { WAYBILL_ORDERS: 'orders.orderNo' };
const EXISTING = 'ORDER-OF-ANOTHER-BUYER';
const MISSING = 'ORDER-NOBODY-PLACED';
const MINE = 'ORDER-OF-THE-CALLER';

/** WeChat knows EXISTING and MINE (and would answer them to anyone); MISSING is 930563, as WeChat answers a missing order. */
const weChat: FakeAnswer = (api, query, n) =>
  query.orderId === MISSING && api === 'getOrder' ? { errcode: 930563, errmsg: 'order not exists' } : answerAsAsked(api, query, n);

function withBook(options: { caller?: string; env?: Record<string, string>; answer?: FakeAnswer } = {}): {
  fn: FunctionUnderTest;
  book: MemoryOrderBook;
} {
  const book = memoryOrderBook([
    [EXISTING, OTHER_USER],
    [MINE, USER],
  ]);
  const fn = functionWith(
    { caller: options.caller ?? USER, env: { ...CHECK_ON, ...options.env }, answer: options.answer ?? weChat, orderBook: book },
    capture.log,
  );
  return { fn, book };
}

const KINDS = {
  label: { deliveryId: 'SF', printType: 1 },
  'no label': { deliveryId: 'SF' },
  track: { deliveryId: 'SF', waybillId: 'SF1234567890', includeTrack: true },
} as const;

/** The log line without what differs from call to call (the time it took). */
function lineFields(fn: FunctionUnderTest): Record<string, unknown> {
  const { durationMs, ...fields } = lastCallLine(fn.lines);
  expect(typeof durationMs).toBe('number');
  return fields;
}

test("the owner gets the waybill and its track; the log line says 'owner'", async () => {
  const { fn, book } = withBook();
  const result = await fn.call({ orderId: MINE, ...KINDS.track });
  expect(result).toMatchObject({ ok: true, waybill: { orderId: MINE, labelWithheld: true, track: { available: true } } });
  expect(book.lookups).toBe(1);
  expect(lineFields(fn)).toMatchObject({ outcome: 'OK', caller: 'user', order: 'owner' });
});

test('admins are not checked: the order book is not asked, and the line says unchecked', async () => {
  const { fn, book } = withBook({ caller: ADMIN });
  const result = await fn.call({ orderId: EXISTING, deliveryId: 'SF' });
  expect(result).toMatchObject({ ok: true, waybill: { orderId: EXISTING, labelWithheld: false } });
  expect(book.lookups).toBe(0);
  expect(lineFields(fn)).toMatchObject({ caller: 'admin', order: 'unchecked' });
});

test("with WAYBILL_ORDERS unset nobody is checked (today's behaviour, and its risk): unchecked", async () => {
  const { fn, book } = withBook({ env: { WAYBILL_ORDERS: '' } });
  expect(await fn.call({ orderId: EXISTING, deliveryId: 'SF' })).toMatchObject({ ok: true });
  expect(book.lookups).toBe(0);
  expect(lineFields(fn)).toMatchObject({ caller: 'user', order: 'unchecked' });
});

test("a non-admin naming another user's openid is still refused, before any check", async () => {
  const { fn, book } = withBook();
  const result = await fn.call({ orderId: MINE, deliveryId: 'SF', openid: OTHER_USER });
  expect(result).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', field: 'openid' } });
  expect(book.lookups).toBe(0);
  expect(fn.calls).toEqual([]);
});

test('the owner is looked up as the caller, by the order id asked about', async () => {
  const { fn, book } = withBook();
  // The same order id owned by someone else is not the caller's, whoever asks for it with which openid.
  book.orders = [[MINE, OTHER_USER]];
  expect(await fn.call({ orderId: MINE, deliveryId: 'SF', openid: USER })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  book.orders = [[`${MINE}-2`, USER]];
  expect(await fn.call({ orderId: MINE, deliveryId: 'SF' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
});

describe('strangers: an order of someone else and a missing order look the same', () => {
  /** What a missing order gets with the check off: what the stranger must get. */
  let missingWithoutCheck: GetWaybillResult;
  beforeAll(async () => {
    const fn = functionWith({ caller: USER, answer: weChat }, capture.log);
    missingWithoutCheck = await fn.call({ orderId: MISSING, deliveryId: 'SF' });
    expect(missingWithoutCheck).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', errCode: 930563, field: 'orderId' } });
  });

  test.each(Object.keys(KINDS) as Array<keyof typeof KINDS>)('%s: identical result and identical log line', async (kind) => {
    const seen = [];
    for (const orderId of [EXISTING, MISSING]) {
      const { fn } = withBook();
      const result = await fn.call({ orderId, ...KINDS[kind] });
      seen.push({ result, line: lineFields(fn), getPath: fn.calls.filter((call) => call.api === 'getPath').length });
      expect(fn.lines.join('\n')).not.toContain(orderId);
    }
    const [existing, missing] = seen;
    expect(existing.result).toEqual(missingWithoutCheck);
    expect(missing.result).toEqual(missingWithoutCheck);
    expect(existing.line).toEqual(missing.line);
    expect(existing.line).toEqual({
      event: 'getWaybill',
      outcome: 'NOT_FOUND',
      errCode: 930563,
      field: 'orderId',
      attempts: 1,
      caller: 'user',
      order: 'stranger',
      deliveryId: 'SF',
    });
    // The track is not fetched for a stranger.
    expect([existing.getPath, missing.getPath]).toEqual([0, 0]);
  });

  test("an existing order's carrier error, retried while a slow database answers, does not show in the stranger's line", async () => {
    // Only an existing order can meet a carrier error (9300502, retried); a missing one is 930563 at once.
    const carrierBusy: FakeAnswer = (api, query, n) =>
      query.orderId === EXISTING && api === 'getOrder' ? { errcode: 9300502, errmsg: 'carrier system error' } : weChat(api, query, n);
    const lines = [];
    for (const orderId of [EXISTING, MISSING]) {
      const { fn, book } = withBook({ answer: carrierBusy });
      book.delayMs = 400;
      expect(await fn.call({ orderId, deliveryId: 'SF' })).toEqual(missingWithoutCheck);
      lines.push(lineFields(fn));
    }
    expect(lines[0]).toEqual(lines[1]);
  });

  test("a stranger's answer does not wait for WeChat: getOrder still in flight, the call has already answered", async () => {
    const never = deferred<unknown>();
    const { fn } = withBook({ answer: () => never.promise });
    const result = await fn.call({ orderId: EXISTING, ...KINDS.track });
    expect(result).toEqual(missingWithoutCheck);
    expect(fn.calls.map((call) => call.api)).toEqual(['getOrder']);
    never.resolve({ errcode: -1 });
  });
});

/** The order book answers only once the test opens the gate. */
function withGatedBook(): ReturnType<typeof withBook> & { gate: ReturnType<typeof deferred<void>> } {
  const gate = deferred<void>();
  const { fn, book } = withBook();
  const isOwnedBy = book.isOwnedBy;
  book.isOwnedBy = async (orderId, openid, deadlineAt) => {
    await gate.promise;
    return isOwnedBy(orderId, openid, deadlineAt);
  };
  return { fn, book, gate };
}

test('the check runs beside getOrder, not before it: getOrder reaches WeChat while the order book has not answered', async () => {
  const { fn, book, gate } = withGatedBook();
  const call = fn.call({ orderId: MINE, deliveryId: 'SF' });
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(fn.calls.map((c) => c.api)).toEqual(['getOrder']);
  expect(book.lookups).toBe(0);
  gate.resolve();
  expect(await call).toMatchObject({ ok: true });
});

test("an owner's track waits for the verdict: getPath is asked only once the order is known to be theirs", async () => {
  const { fn, gate } = withGatedBook();
  const call = fn.call({ orderId: MINE, ...KINDS.track });
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(fn.calls.map((c) => c.api)).toEqual(['getOrder']);
  gate.resolve();
  expect(await call).toMatchObject({ ok: true, waybill: { track: { available: true } } });
  expect(fn.calls.map((c) => c.api)).toEqual(['getOrder', 'getPath']);
});

describe('fail closed: when the database cannot answer, no waybill is shown', () => {
  const FAST_DEADLINE = { WAYBILL_DEADLINE_MS: '400' };
  const CASES: Array<{
    name: string;
    env?: Record<string, string>;
    setUp?: (book: MemoryOrderBook) => void;
    code: 'NOT_CONFIGURED' | 'UPSTREAM_BUSY';
    trouble: string;
    mentions: string;
    asksWeChat: boolean;
  }> = [
    {
      name: 'a missing collection',
      setUp: (book) => (book.fault = () => new OrderBookFailure('noCollection', -502005)),
      code: 'NOT_CONFIGURED',
      trouble: 'noCollection',
      mentions: 'does not exist',
      asksWeChat: true,
    },
    {
      name: 'no permission',
      setUp: (book) => (book.fault = () => new OrderBookFailure('noPermission', -502003)),
      code: 'NOT_CONFIGURED',
      trouble: 'noPermission',
      mentions: 'permission denied',
      asksWeChat: true,
    },
    {
      name: 'a database that is down (retried until the deadline)',
      env: FAST_DEADLINE,
      setUp: (book) => (book.fault = () => new OrderBookFailure('down', -501001)),
      code: 'UPSTREAM_BUSY',
      trouble: 'down',
      mentions: 'did not answer',
      asksWeChat: true,
    },
    {
      name: 'a database slower than the deadline',
      env: FAST_DEADLINE,
      setUp: (book) => (book.delayMs = 900),
      code: 'UPSTREAM_BUSY',
      trouble: 'timeout',
      mentions: 'did not answer',
      asksWeChat: true,
    },
    {
      name: 'WAYBILL_ORDERS set but unreadable',
      env: { WAYBILL_ORDERS: 'orders' },
      code: 'NOT_CONFIGURED',
      trouble: 'setting',
      mentions: 'WAYBILL_ORDERS cannot be read',
      asksWeChat: false,
    },
    {
      name: 'WAYBILL_ORDERS_OWNER set but unreadable',
      env: { WAYBILL_ORDERS_OWNER: 'buyer openid' },
      code: 'NOT_CONFIGURED',
      trouble: 'setting',
      mentions: 'WAYBILL_ORDERS_OWNER cannot be read',
      asksWeChat: false,
    },
  ];

  describe.each(CASES)('$name', ({ env, setUp, code, trouble, mentions, asksWeChat }) => {
    test.each(Object.keys(KINDS) as Array<keyof typeof KINDS>)(
      '%s: no waybill, the error says what to fix, the line says which',
      async (kind) => {
        const { fn, book } = withBook({ env });
        setUp?.(book);
        const result = await fn.call({ orderId: MINE, ...KINDS[kind] });
        expect(result).toMatchObject({ ok: false, error: { code, retryable: code === 'UPSTREAM_BUSY' } });
        expect(!result.ok && result.error.message).toContain(mentions);
        expect(lineFields(fn)).toMatchObject({ outcome: code, order: 'unavailable', orderTrouble: trouble });
        expect(fn.calls.map((call) => call.api)).toEqual(asksWeChat ? ['getOrder'] : []);
      },
    );
  });

  test('a platform with no database at all fails closed too', async () => {
    const fn = functionWith({ caller: USER, env: CHECK_ON, answer: weChat }, capture.log);
    expect(await fn.call({ orderId: MINE, deliveryId: 'SF' })).toMatchObject({ ok: false, error: { code: 'NOT_CONFIGURED' } });
    expect(lineFields(fn)).toMatchObject({ order: 'unavailable', orderTrouble: 'noDatabase' });
    expect(fn.calls).toEqual([]);
  });

  test('a dropped connection that comes back is retried: the owner gets the waybill', async () => {
    const { fn, book } = withBook();
    book.fault = (lookup) => (lookup === 1 ? new OrderBookFailure('down', -501001) : undefined);
    expect(await fn.call({ orderId: MINE, deliveryId: 'SF' })).toMatchObject({ ok: true });
    expect(book.lookups).toBe(2);
  });

  test('a bug in the order book is INTERNAL, not a waybill', async () => {
    const { fn, book } = withBook();
    book.fault = () => new TypeError('boom');
    expect(await fn.call({ orderId: MINE, deliveryId: 'SF' })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  test('admins still get waybills while the check cannot answer', async () => {
    const { fn, book } = withBook({ caller: ADMIN });
    book.fault = () => new OrderBookFailure('noCollection', -502005);
    expect(await fn.call({ orderId: MINE, deliveryId: 'SF' })).toMatchObject({ ok: true });
  });
});

test('an unreadable setting is warned about once per cold start, naming the setting and never its value', async () => {
  const value = 'orders:orderNo wx0123456789abcdef';
  const lines: string[] = [];
  const fn = functionWith({ caller: USER, env: { WAYBILL_ORDERS: value }, orderBook: memoryOrderBook() }, (line) => {
    lines.push(line);
    capture.log(line);
  });
  await fn.call({ orderId: MINE, deliveryId: 'SF' });
  await fn.call({ orderId: MINE, deliveryId: 'SF' });
  const warnings = lines.filter((line) => line.startsWith('{"event":"getWaybill.config"'));
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain('WAYBILL_ORDERS must be <collection>.<order id field>');
  expect(lines.join('\n')).not.toContain('orders:orderNo');
  expect(lines.join('\n')).not.toContain('wx0123456789abcdef');
});

expectNoPersonalDataLogged(capture);
