// The order check's settings: WAYBILL_ORDERS (<collection>.<order id field>)
// and WAYBILL_ORDERS_OWNER (default _openid). Unset is off; a value that is
// set but cannot be read is `unreadable` (no waybill for non-admins), with a
// warning that names the setting and never repeats its value.
import { parseSettings } from '../../cloudfunctions/getWaybill/src/settings';

test('unset, the check is off, with no warning', () => {
  expect(parseSettings({})).toEqual({ settings: expect.objectContaining({ orders: { kind: 'off' } }), warnings: [] });
  expect(parseSettings({ WAYBILL_ORDERS: '  ', WAYBILL_ORDERS_OWNER: '' }).settings.orders).toEqual({ kind: 'off' });
});

test.each([
  [{ WAYBILL_ORDERS: 'orders.orderNo' }, { collection: 'orders', orderIdField: 'orderNo', ownerField: '_openid' }],
  [{ WAYBILL_ORDERS: ' shop_orders.order_id ' }, { collection: 'shop_orders', orderIdField: 'order_id', ownerField: '_openid' }],
  [
    { WAYBILL_ORDERS: 'orders.meta.no', WAYBILL_ORDERS_OWNER: 'buyer.openid' },
    { collection: 'orders', orderIdField: 'meta.no', ownerField: 'buyer.openid' },
  ],
  [
    { WAYBILL_ORDERS: 'o-2.orderNo', WAYBILL_ORDERS_OWNER: ' buyerOpenid ' },
    { collection: 'o-2', orderIdField: 'orderNo', ownerField: 'buyerOpenid' },
  ],
])('%j is read as %j', (env, expected) => {
  const { settings: config, warnings } = parseSettings(env);
  expect(config.orders).toEqual({ kind: 'on', ...expected });
  expect(warnings).toEqual([]);
});

test.each([
  [{ WAYBILL_ORDERS: 'zqOrders' }, 'WAYBILL_ORDERS'],
  [{ WAYBILL_ORDERS: 'zqOrders.' }, 'WAYBILL_ORDERS'],
  [{ WAYBILL_ORDERS: '.zqNo' }, 'WAYBILL_ORDERS'],
  [{ WAYBILL_ORDERS: '1zq.zqNo' }, 'WAYBILL_ORDERS'],
  [{ WAYBILL_ORDERS: 'zq.zq No' }, 'WAYBILL_ORDERS'],
  [{ WAYBILL_ORDERS: 'zq.a..b' }, 'WAYBILL_ORDERS'],
  [{ WAYBILL_ORDERS: 'zq.$where' }, 'WAYBILL_ORDERS'],
  [{ WAYBILL_ORDERS: `zq.${'x'.repeat(101)}` }, 'WAYBILL_ORDERS'],
  [{ WAYBILL_ORDERS: 'zq.zqNo', WAYBILL_ORDERS_OWNER: 'zq openid' }, 'WAYBILL_ORDERS_OWNER'],
  [{ WAYBILL_ORDERS: 'zq.zqNo', WAYBILL_ORDERS_OWNER: '$ne' }, 'WAYBILL_ORDERS_OWNER'],
  [{ WAYBILL_ORDERS: 'zq.zqNo', WAYBILL_ORDERS_OWNER: 'zqNo' }, 'WAYBILL_ORDERS_OWNER'],
  // The owner alone says a check was meant: it fails closed rather than checking nothing.
  [{ WAYBILL_ORDERS_OWNER: 'zqBuyer' }, 'WAYBILL_ORDERS'],
])('%j cannot be read: unreadable, naming %s, never repeating the value', (env, setting) => {
  const { settings: config, warnings } = parseSettings(env);
  expect(config.orders).toEqual({ kind: 'unreadable', setting });
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(new RegExp(`^${setting} `));
  expect(warnings[0]).not.toMatch(/zq|\$|xxxx/);
});
