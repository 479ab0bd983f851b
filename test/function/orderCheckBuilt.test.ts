// The order check through the built function, as WeChat Cloud runs it: the
// inlined wx-server-sdk asks the emulator's cloud database (its seeded
// `orders` collection, owned by the sandbox buyer) beside getOrder. Strangers
// cannot tell an order of someone else's from none, and a database that is
// down, slow, refusing or missing the collection shows no waybill.
import type { DatabaseFault } from '../../emulator/emulatorServer';
import { BUYER_OPENID } from '../../emulator/sandboxOrders';
import type { GetWaybillResult } from '../../miniprogram/contract/getWaybillContract';
import { useBuiltFunction } from '../support/bundleHarness';
import { lastCallLine } from '../support/functionHarness';
import { captureLogs, expectNoPersonalDataLogged } from '../support/logCapture';
import { USER } from '../support/people';

const capture = captureLogs();
const fn = useBuiltFunction();
const CHECK_ON = { WAYBILL_ORDERS: 'orders.orderNo' };

const KINDS = {
  label: { deliveryId: 'TEST', printType: 1 },
  'no label': { deliveryId: 'TEST' },
  track: { deliveryId: 'TEST', waybillId: 'TEST_WB_0001', includeTrack: true },
} as const;
type Kind = keyof typeof KINDS;
const KIND_NAMES = Object.keys(KINDS) as Kind[];

afterEach(async () => {
  const database = fn.server().database;
  // A read the call abandoned at its deadline is still answered later: let it finish before the next test (or the file) ends.
  // It is answered latencyMs after the emulator received it (most of that has passed while the call waited for its deadline).
  const last = database.actions[database.actions.length - 1];
  if (database.latencyMs > 0 && last !== undefined) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, last.at + database.latencyMs - Date.now()) + 50));
  }
  database.fault = undefined;
  database.latencyMs = 0;
});

/** The call's result and its log line without the time it took. */
async function callAs(
  caller: string,
  event: object,
  env: Record<string, string> = {},
): Promise<{ result: GetWaybillResult; line: object }> {
  fn.reset();
  const result = await fn.call(event, { caller, env: { ...CHECK_ON, ...env } });
  const { durationMs: _durationMs, ...line } = lastCallLine(capture.lines);
  return { result, line };
}

test.each(KIND_NAMES)("%s: the buyer owns TEST_ORDER_0001 and gets it, the line says 'owner'", async (kind) => {
  const { result, line } = await callAs(BUYER_OPENID, { orderId: 'TEST_ORDER_0001', ...KINDS[kind] });
  expect(result).toMatchObject({ ok: true, waybill: { orderId: 'TEST_ORDER_0001', labelWithheld: true } });
  expect(line).toMatchObject({ outcome: 'OK', order: 'owner' });
});

test.each(KIND_NAMES)('%s: a stranger gets for an order of the buyer exactly what a missing order gets', async (kind) => {
  const existing = await callAs(USER, { orderId: 'TEST_ORDER_0001', ...KINDS[kind] });
  const missing = await callAs(USER, { orderId: 'NO_SUCH_ORDER_0001', ...KINDS[kind] });
  expect(existing.result).toEqual(missing.result);
  expect(existing.result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', errCode: 930563, field: 'orderId' } });
  expect(existing.line).toEqual(missing.line);
  expect(existing.line).toMatchObject({ outcome: 'NOT_FOUND', errCode: 930563, field: 'orderId', order: 'stranger' });
  // The track is never asked for a stranger; nothing of WeChat's answer is shown.
  expect(fn.calls().map((call) => call.api)).not.toContain('getPath');
});

describe('the database cannot answer: 0 waybills shown', () => {
  const FAULTS: Array<{ name: string; set: () => void; env?: Record<string, string>; code: string; trouble: string }> = [
    {
      name: 'the orders collection is missing',
      set: () => (fn.server().database.fault = { kind: 'missingCollection', collection: 'orders' }),
      code: 'NOT_CONFIGURED',
      trouble: 'noCollection',
    },
    {
      name: 'no permission',
      set: () => (fn.server().database.fault = { kind: 'noPermission', collection: 'orders' }),
      code: 'NOT_CONFIGURED',
      trouble: 'noPermission',
    },
    ...(['down', 'http503'] as DatabaseFault[]).map((kind) => ({
      name: `the database is ${kind === 'down' ? 'down (connection dropped)' : 'behind a 503 gateway page'}`,
      set: () => (fn.server().database.fault = { kind }),
      env: { WAYBILL_DEADLINE_MS: '600' },
      code: 'UPSTREAM_BUSY',
      trouble: 'down',
    })),
    {
      name: 'the database is slower than the deadline',
      set: () => (fn.server().database.latencyMs = 1000),
      env: { WAYBILL_DEADLINE_MS: '600' },
      code: 'UPSTREAM_BUSY',
      trouble: 'timeout',
    },
  ];

  test.each(FAULTS.flatMap((fault) => KIND_NAMES.map((kind) => ({ ...fault, kind }))))(
    '$name, $kind: no waybill for the buyer; the line says which',
    async ({ set, env, code, trouble, kind }) => {
      set();
      const { result, line } = await callAs(BUYER_OPENID, { orderId: 'TEST_ORDER_0001', ...KINDS[kind] }, env);
      expect(result.ok).toBe(false);
      expect(result).toMatchObject({ error: { code } });
      expect(line).toMatchObject({ outcome: code, order: 'unavailable', orderTrouble: trouble });
    },
  );

  test('the collection really removed is a missing collection too', async () => {
    const database = fn.server().database.store;
    const orders = database.documents('orders');
    database.setCollection('orders', undefined);
    try {
      const { result, line } = await callAs(BUYER_OPENID, { orderId: 'TEST_ORDER_0001', deliveryId: 'TEST' });
      expect(result).toMatchObject({ ok: false, error: { code: 'NOT_CONFIGURED' } });
      expect(line).toMatchObject({ order: 'unavailable', orderTrouble: 'noCollection' });
    } finally {
      database.setCollection('orders', orders);
    }
  });
});

expectNoPersonalDataLogged(capture);
